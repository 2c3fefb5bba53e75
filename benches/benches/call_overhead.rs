//! Per-call overhead of a generated client call against a minimal hand-written reqwest +
//! serde_json call to a local server of the same kind, each reusing its connection pool. The two
//! run in alternating blocks so that machine drift hits both alike.
//!
//! Wall-clock times on a small machine mostly measure thread wake-ups (client and server
//! threads sharing two cores): a connection stays "fast" or "slow" for a whole run, whichever
//! client holds it. The figure that isolates the client is the CPU time of the calling thread
//! per call (request building, hyper, decoding), printed last.
//!
//! Run: `cargo bench -p wechat-benches --bench call_overhead`.

use std::time::{Duration, Instant};

use wechat_benches::{median_p99, spec_example};
use wechat_promoter::{GetOrderRequest, GetOrderResponse};
use wechat_testkit::{ScriptedServer, TEST_TOKEN};

const CALLS: usize = 2000;

/// CPU time the calling thread has used so far.
fn thread_cpu() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid timespec to write to; the clock id is a constant of the platform.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    assert_eq!(rc, 0, "clock_gettime");
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}
const ROUNDS: usize = 20;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let body = spec_example("promoter.yaml", "get_order", "response");
    // One server per client, so that each connection is served alike.
    let (server, plain_server) = (ScriptedServer::start(), ScriptedServer::start());
    for _ in 0..(CALLS + 200) {
        server.respond(200, &body);
        plain_server.respond(200, &body);
    }
    let generated = wechat_promoter::Client::new(server.client());
    let request = GetOrderRequest::new("xxxxx");
    // Configured like the runtime's client: reqwest's total timeout alone costs ~20 µs of
    // CPU a call (a timer per request), which would otherwise be counted against us.
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .connect_timeout(Duration::from_secs(10))
        .build()
        .expect("client");
    let url = format!(
        "{}/promoter/getorder?access_token={TEST_TOKEN}",
        plain_server.url()
    );
    let plain_body = serde_json::to_vec(&serde_json::json!({"openid": "xxxxx"})).expect("body");

    let hand_written = || async {
        let response = http
            .post(&url)
            .header("content-type", "application/json")
            .body(plain_body.clone())
            .send()
            .await
            .expect("sent");
        let bytes = response.bytes().await.expect("body");
        serde_json::from_slice::<GetOrderResponse>(&bytes).expect("decodes")
    };

    for _ in 0..100 {
        generated.get_order(&request).await.expect("warm-up");
        hand_written().await;
    }
    // Blocks of calls, in rounds that alternate which client goes first: interleaving the two
    // call by call measures thread wake-ups more than clients, and a fixed order favours one.
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    let mut round_ratios = Vec::new();
    let (mut our_cpu, mut their_cpu) = (Duration::ZERO, Duration::ZERO);
    let mut cpu_ratios = Vec::new();
    for round in 0..ROUNDS {
        let (mut ours_round, mut theirs_round) = (Vec::new(), Vec::new());
        let (mut our_round_cpu, mut their_round_cpu) = (Duration::ZERO, Duration::ZERO);
        for turn in 0..2 {
            let cpu = thread_cpu();
            let generated_turn = (round + turn) % 2 == 0;
            for _ in 0..CALLS / ROUNDS {
                let start = Instant::now();
                if generated_turn {
                    generated.get_order(&request).await.expect("call");
                    ours_round.push(start.elapsed());
                } else {
                    hand_written().await;
                    theirs_round.push(start.elapsed());
                }
            }
            if generated_turn {
                our_round_cpu += thread_cpu() - cpu;
            } else {
                their_round_cpu += thread_cpu() - cpu;
            }
        }
        let (ours_median, _) = median_p99(&mut ours_round);
        let (theirs_median, _) = median_p99(&mut theirs_round);
        round_ratios.push(ours_median.as_secs_f64() / theirs_median.as_secs_f64());
        cpu_ratios.push(our_round_cpu.as_secs_f64() / their_round_cpu.as_secs_f64());
        our_cpu += our_round_cpu;
        their_cpu += their_round_cpu;
        ours.extend(ours_round);
        theirs.extend(theirs_round);
    }
    let (our_median, our_p99) = median_p99(&mut ours);
    let (their_median, their_p99) = median_p99(&mut theirs);
    round_ratios.sort_by(f64::total_cmp);
    cpu_ratios.sort_by(f64::total_cmp);
    let ratio = |a: Duration, b: Duration| a.as_secs_f64() / b.as_secs_f64();
    println!("{CALLS} calls each in {ROUNDS} rounds, promoter get_order against local servers");
    println!("hand-written reqwest + serde_json: median {their_median:.1?}  p99 {their_p99:.1?}");
    println!(
        "generated client:                  median {our_median:.1?}  p99 {our_p99:.1?}  ratio {:.3} (median) {:.3} (p99)",
        ratio(our_median, their_median),
        ratio(our_p99, their_p99)
    );
    println!(
        "paired by round (generated / hand-written medians): median {:.3}, range {:.3} to {:.3}",
        round_ratios[ROUNDS / 2],
        round_ratios[0],
        round_ratios[ROUNDS - 1]
    );
    let per_call = |total: Duration| total / CALLS as u32;
    println!(
        "client-thread CPU per call: hand-written {:.1?}, generated {:.1?}, ratio {:.3}",
        per_call(their_cpu),
        per_call(our_cpu),
        ratio(our_cpu, their_cpu)
    );
    println!(
        "client-thread CPU paired by round: median {:.3}, range {:.3} to {:.3}",
        cpu_ratios[ROUNDS / 2],
        cpu_ratios[0],
        cpu_ratios[ROUNDS - 1]
    );
}
