//! The calls whose instructions `scripts/call-instructions.sh` counts with callgrind: the
//! generated client's `datacube_member_card_detail`, and hand-written reqwest + serde_json calls
//! of the same endpoint, each against its own 127.0.0.1 server answering a 62-row list.
//! Instruction counts do not move with this shared machine's load, as times do.
//!
//! Run: `scripts/call-instructions.sh`, or by hand
//! `call_instructions <generated|hand-written|hand-written-generated-type|decode-{,promoter-}{generated,plain,value}|decode-promoter-borrowed> <calls>`:
//! warm-up calls, then `<calls>` calls on the main thread (the server runs on threads of its own).

use std::time::Duration;

use serde::Deserialize;
use wechat_benches::{page, spec_example};
use wechat_card::time::Month;
use wechat_card::{Date, MemberCardDetailRequest, MemberCardDetailResponse};
use wechat_testkit::{ScriptedServer, TEST_TOKEN};

const WARM_UP: usize = 20;

/// What a hand-written client would declare: the fields it reads, `#[derive(Deserialize)]`.
#[path = "../plain.rs"]
mod plain;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (mode, calls) = match args.as_slice() {
        [mode, calls] if calls.parse::<usize>().is_ok() => {
            (mode.clone(), calls.parse().unwrap_or_default())
        }
        // `cargo bench` runs every bench: a few calls of each kind show that they work.
        _ => {
            for mode in ["generated", "hand-written", "hand-written-generated-type"] {
                run(mode, 10).await;
            }
            println!("instruction counts: scripts/call-instructions.sh");
            return;
        }
    };
    run(&mode, calls).await;
}

async fn run(mode: &str, calls: usize) {
    if let Some(which) = mode.strip_prefix("decode-") {
        return decode(which, calls);
    }
    let body = page(
        &spec_example("card.yaml", "datacube_member_card_detail", "response"),
        "list",
        62,
    );
    let server = ScriptedServer::start();
    for _ in 0..(WARM_UP + calls) {
        server.respond(200, &body);
    }
    let (begin, end) = (
        Date::from_calendar_date(2024, Month::March, 1).expect("date"),
        Date::from_calendar_date(2024, Month::March, 31).expect("date"),
    );
    match mode {
        "generated" => {
            let cards = wechat_card::Client::new(server.client());
            let request = MemberCardDetailRequest::new(begin, end, "pbLatjnP97_F9PudzBARQhn7xR7A");
            for _ in 0..(WARM_UP + calls) {
                let response = cards
                    .datacube_member_card_detail(&request)
                    .await
                    .expect("call");
                assert_eq!(response.list.map(|l| l.len()), Some(62));
            }
        }
        "hand-written" => {
            let call = hand_written(&server);
            for _ in 0..(WARM_UP + calls) {
                let response: plain::MemberCardDetailResponse = call.call().await;
                // A hand-written client checks the envelope too.
                assert_eq!(response.errcode.unwrap_or(0), 0, "{:?}", response.errmsg);
                assert_eq!(response.list.map(|l| l.len()), Some(62));
            }
        }
        "hand-written-generated-type" => {
            let call = hand_written(&server);
            for _ in 0..(WARM_UP + calls) {
                let response: MemberCardDetailResponse = call.call().await;
                assert_eq!(response.list.map(|l| l.len()), Some(62));
            }
        }
        other => panic!("unknown mode {other:?}"),
    }
}

/// A minimal client of one endpoint, configured like the runtime's (30 s total timeout, 10 s
/// connect timeout: reqwest's per-request timer alone is a visible part of a call).
struct HandWritten {
    http: reqwest::Client,
    url: String,
    body: Vec<u8>,
}

fn hand_written(server: &ScriptedServer) -> HandWritten {
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .connect_timeout(Duration::from_secs(10))
        .build()
        .expect("client");
    let url = format!(
        "{}/datacube/getcardmembercarddetail?access_token={TEST_TOKEN}",
        server.url()
    );
    let body = serde_json::to_vec(&serde_json::json!({
        "begin_date": "2024-03-01",
        "end_date": "2024-03-31",
        "card_id": "pbLatjnP97_F9PudzBARQhn7xR7A",
    }))
    .expect("body");
    HandWritten { http, url, body }
}

impl HandWritten {
    async fn call<T: for<'de> Deserialize<'de>>(&self) -> T {
        let response = self
            .http
            .post(&self.url)
            .header("content-type", "application/json")
            .body(self.body.clone())
            .send()
            .await
            .expect("sent");
        let bytes = response.bytes().await.expect("body");
        serde_json::from_slice::<T>(&bytes).expect("decodes")
    }
}

/// Decoding alone, the generated type against the plain derive and `serde_json::Value`:
/// `generated`, `plain` and `value` of the 62-row member-card datacube, `promoter-generated`,
/// `promoter-plain` and `promoter-value` of 100 promoter orders, and `promoter-borrowed`, the
/// plain derive with borrowed strings (the bound without string allocations).
fn decode(which: &str, calls: usize) {
    let card = || {
        page(
            &spec_example("card.yaml", "datacube_member_card_detail", "response"),
            "list",
            62,
        )
    };
    let orders = || {
        page(
            &spec_example("promoter.yaml", "get_order", "response"),
            "order_list",
            100,
        )
    };
    match which {
        "generated" => decode_n::<MemberCardDetailResponse>(
            &card(),
            calls,
            |r| r.list.as_ref().map(Vec::len),
            62,
        ),
        "plain" => decode_n::<plain::MemberCardDetailResponse>(
            &card(),
            calls,
            |r| r.list.as_ref().map(Vec::len),
            62,
        ),
        "promoter-generated" => decode_n::<wechat_promoter::GetOrderResponse>(
            &orders(),
            calls,
            |r| r.order_list.as_ref().map(Vec::len),
            100,
        ),
        "promoter-plain" => decode_n::<plain::GetOrderResponse>(
            &orders(),
            calls,
            |r| r.order_list.as_ref().map(Vec::len),
            100,
        ),
        "value" => decode_n::<serde_json::Value>(
            &card(),
            calls,
            |v| v["list"].as_array().map(Vec::len),
            62,
        ),
        "promoter-value" => decode_n::<serde_json::Value>(
            &orders(),
            calls,
            |v| v["order_list"].as_array().map(Vec::len),
            100,
        ),
        "promoter-borrowed" => decode_n::<plain::GetOrderResponse<&str>>(
            &orders(),
            calls,
            |r| r.order_list.as_ref().map(Vec::len),
            100,
        ),
        other => panic!("unknown decode mode {other:?}"),
    }
}

/// Decodes `body` as `T` `calls` times after the warm-up, checking the rows each time.
fn decode_n<'a, T: Deserialize<'a>>(
    body: &'a str,
    calls: usize,
    rows: fn(&T) -> Option<usize>,
    expected: usize,
) {
    for _ in 0..(WARM_UP + calls) {
        let response: T = serde_json::from_str(std::hint::black_box(body)).expect("decodes");
        assert_eq!(rows(&response), Some(expected));
    }
}
