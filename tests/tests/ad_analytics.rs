//! Ad analytics beyond the generated tests: dates are real calendar dates on the wire and in
//! Rust, and a malformed one is a decode error that names its JSON path.

use wechat_ad_analytics::{blocking::Client, AdposGeneralRequest, SlotType};
use wechat_runtime::time::Month;
use wechat_runtime::Date;
use wechat_testkit::ScriptedServer;

fn date(year: i32, month: Month, day: u8) -> Date {
    Date::from_calendar_date(year, month, day).expect("a real date")
}

#[test]
fn dates_go_out_as_yyyy_mm_dd_and_come_back_typed() {
    let server = ScriptedServer::start();
    server.respond(
        200,
        r#"{"base_resp":{"ret":0,"err_msg":"ok"},"list":[{"slot_id":3030046789020061,"ad_slot":"SLOT_ID_WEAPP_COVER","date":"2020-04-13","income":52175}],"total_num":1}"#,
    );
    let client = Client::new(server.blocking_client());
    let mut request = AdposGeneralRequest::new(
        1,
        90,
        date(2020, Month::April, 1),
        date(2020, Month::April, 30),
    );
    request.ad_slot = Some(SlotType::WeappCover);
    let response = client.adpos_general(&request).expect("success");
    let query = &server.requests()[0].query;
    for pair in [
        ("action", "publisher_adpos_general"),
        ("start_date", "2020-04-01"),
        ("end_date", "2020-04-30"),
        ("ad_slot", "SLOT_ID_WEAPP_COVER"),
        ("page_size", "90"),
    ] {
        assert!(
            query.contains(&(pair.0.into(), pair.1.into())),
            "{pair:?} in {query:?}"
        );
    }
    let row = &response.list.expect("rows")[0];
    assert_eq!(row.date, Some(date(2020, Month::April, 13)));
    assert_eq!(row.slot_id, Some(3_030_046_789_020_061));
    assert_eq!(row.income, Some(52_175));
}

#[test]
fn a_malformed_date_is_a_decode_error_at_its_path() {
    let server = ScriptedServer::start();
    server.respond(
        200,
        r#"{"base_resp":{"ret":0},"list":[{"date":"2020-4-13"}]}"#,
    );
    let client = Client::new(server.blocking_client());
    let request = AdposGeneralRequest::new(
        1,
        10,
        date(2020, Month::April, 1),
        date(2020, Month::April, 2),
    );
    let err = client.adpos_general(&request).expect_err("bad date");
    let wechat_runtime::Error::Decode(decode) = &err else {
        panic!("expected a decode error, got {err:?}");
    };
    assert_eq!(decode.path, "list[0].date");
    assert!(decode.message.contains("yyyy-mm-dd"), "{}", decode.message);
}

#[test]
fn revenue_over_32_bits_survives() {
    let json = r#"{"revenue_all":5178368698,"settlement_list":[{"mail_send_cnt":"0","slot_revenue":[{"slot_id":"SLOT_ID_WEAPP_BANNER","slot_settled_revenue":34139443}]}]}"#;
    let response: wechat_ad_analytics::SettlementResponse = wechat_testkit::decode(json);
    assert_eq!(response.revenue_all, Some(5_178_368_698));
    let settlement = &response.settlement_list.as_ref().expect("list")[0];
    assert_eq!(settlement.mail_send_cnt, Some(0));
    let slot = &settlement.slot_revenue.as_ref().expect("slots")[0];
    assert_eq!(slot.slot_id, Some(SlotType::WeappBanner));
    wechat_testkit::assert_json_eq(&response, json);
}
