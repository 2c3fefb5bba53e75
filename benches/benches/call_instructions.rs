//! The calls whose instructions `scripts/call-instructions.sh` counts with callgrind: the
//! generated client's `datacube_member_card_detail`, and hand-written reqwest + serde_json calls
//! of the same endpoint, each against its own 127.0.0.1 server answering a 62-row list.
//! Instruction counts do not move with this shared machine's load, as times do.
//!
//! Run: `scripts/call-instructions.sh`, or by hand
//! `call_instructions <generated|hand-written|hand-written-generated-type|decode-generated|decode-plain> <calls>`: warm-up
//! calls, then `<calls>` calls on the main thread (the server runs on threads of its own).

use std::time::Duration;

use serde::Deserialize;
use wechat_benches::{page, spec_example};
use wechat_card::time::Month;
use wechat_card::{Date, MemberCardDetailRequest, MemberCardDetailResponse};
use wechat_testkit::{ScriptedServer, TEST_TOKEN};

const WARM_UP: usize = 20;

/// What a hand-written client would declare: the fields it reads, `#[derive(Deserialize)]`.
// Decoded to be measured, never read.
#[allow(dead_code)]
#[derive(Deserialize)]
struct PlainResponse {
    errcode: Option<i64>,
    errmsg: Option<String>,
    list: Option<Vec<PlainDetail>>,
}

#[allow(dead_code)]
#[derive(Deserialize)]
struct PlainDetail {
    ref_date: Option<String>,
    merchanttype: Option<i64>,
    cardid: Option<String>,
    submerchantid: Option<i64>,
    view_cnt: Option<i64>,
    view_user: Option<i64>,
    receive_cnt: Option<i64>,
    receive_user: Option<i64>,
    verify_cnt: Option<i64>,
    verify_user: Option<i64>,
    active_cnt: Option<i64>,
    active_user: Option<i64>,
    total_user: Option<i64>,
    total_receive_user: Option<i64>,
    new_user: Option<i64>,
    #[serde(rename = "payOriginalFee")]
    pay_original_fee: Option<i64>,
    fee: Option<i64>,
}

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
        // Decoding alone, for comparing the generated type with the plain derive.
        "decode-generated" => {
            for _ in 0..(WARM_UP + calls) {
                let response: MemberCardDetailResponse =
                    serde_json::from_str(std::hint::black_box(&body)).expect("decodes");
                assert_eq!(response.list.map(|l| l.len()), Some(62));
            }
        }
        "decode-plain" => {
            for _ in 0..(WARM_UP + calls) {
                let response: PlainResponse =
                    serde_json::from_str(std::hint::black_box(&body)).expect("decodes");
                assert_eq!(response.list.map(|l| l.len()), Some(62));
            }
        }
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
                let response: PlainResponse = call.call().await;
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
