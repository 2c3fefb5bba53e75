//! Values unchanged by a round trip (issue 18): a body is one JSON document, a duplicated key is
//! an error rather than a silent pick, and numbers keep the form they were written in.

use serde_json::Value;
use wechat_ad_analytics::{blocking::Client as Ads, AdposGeneralRequest};
use wechat_card::{blocking::Client as Cards, Card, GetCardRequest};
use wechat_runtime::time::Month;
use wechat_runtime::{Date, Error};
use wechat_testkit::ScriptedServer;

fn get_card(body: &str) -> Result<wechat_card::GetCardResponse, Error> {
    let server = ScriptedServer::start();
    server.respond(200, body);
    Cards::new(server.blocking_client()).get(&GetCardRequest::new("p1"))
}

fn stats(body: &str) -> Result<wechat_ad_analytics::AdposGeneralResponse, Error> {
    let server = ScriptedServer::start();
    server.respond(200, body);
    let day = |d| Date::from_calendar_date(2020, Month::April, d).expect("date");
    Ads::new(server.blocking_client()).adpos_general(&AdposGeneralRequest::new(
        1,
        90,
        day(1),
        day(30),
    ))
}

fn decode_error(result: Result<impl std::fmt::Debug, Error>) -> wechat_runtime::DecodeError {
    match result {
        Err(Error::Decode(err)) => err,
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[test]
fn trailing_data_after_the_json_body_is_a_decode_error() {
    for body in [
        r#"{"errcode":0,"errmsg":"ok","card":{"card_type":"GIFT","gift":{}}} <html>maintenance</html>"#,
        r#"{"errcode":0}{"errcode":0}"#,
    ] {
        let err = decode_error(get_card(body));
        assert!(err.message.contains("trailing characters"), "{err}");
        assert_eq!(err.path, ".");
    }
    // Whitespace after the document is fine.
    get_card("{\"errcode\":0,\"errmsg\":\"ok\"}\r\n \n").expect("success");
}

#[test]
fn a_duplicated_key_is_a_decode_error() {
    for body in [
        // An undocumented key twice.
        r#"{"errcode":0,"new_field":1,"new_field":2}"#,
        // A tagged card whose content key comes twice after another field.
        r#"{"card":{"card_type":"DISCOUNT","x":1,"discount":{"discount":10},"discount":5}}"#,
    ] {
        let err = decode_error(get_card(body));
        assert!(err.message.contains("duplicate field"), "{body}: {err}");
    }
}

/// Needs the generator to build the unknown variant with `wire::unknown_variant_fields` (a
/// duplicated content key right after the tag is merged by the generated `into_unknown`).
#[test]
fn a_card_whose_content_key_comes_twice_after_the_tag_is_a_decode_error() {
    let body = r#"{"card":{"card_type":"DISCOUNT","discount":{"discount":10},"discount":5}}"#;
    let err = decode_error(get_card(body));
    assert!(err.message.contains("duplicate field"), "{err}");
}

#[test]
fn whatever_decodes_re_encodes_into_json_that_decodes_to_the_same_value() {
    // A few shapes around the tagged union; each either decodes and survives a round trip, or
    // is a decode error.
    for body in [
        r#"{"card":{"card_type":"DISCOUNT","discount":{"discount":10}}}"#,
        r#"{"card":{"card_type":"DISCOUNT","discount":{"discount":10},"extra":1}}"#,
        r#"{"card":{"card_type":"DISCOUNT","extra":1,"discount":{"discount":10}}}"#,
        r#"{"card":{"card_type":"DISCOUNT","discount":5,"extra":1}}"#,
        r#"{"card":{"card_type":"DISCOUNT"}}"#,
        r#"{"card":{"card_type":"FUTURE","future":{"a":[1,1.0,0.1]}}}"#,
        r#"{"card":{"discount":{"discount":10},"card_type":"DISCOUNT"}}"#,
    ] {
        let Ok(first) = get_card(body) else { continue };
        let encoded = serde_json::to_string(&first).expect("encodes");
        let again = get_card(&encoded).unwrap_or_else(|err| panic!("{body} -> {encoded}: {err}"));
        assert_eq!(again, first, "{body} -> {encoded}");
        let card: Option<&Card> = first.card.as_ref();
        assert!(card.is_some(), "{body}");
    }
}

/// Needs the generator to give `float` fields the runtime's `wire::Float`.
#[test]
fn integer_valued_rates_re_encode_as_written() {
    let body = r#"{"base_resp":{"ret":0,"err_msg":"ok"},"list":[{"exposure_rate":1,"click_rate":0,"ecpm":0.0,"income":3}],"total_num":1}"#;
    let response = stats(body).expect("success");
    let encoded: Value = serde_json::to_value(&response).expect("encodes");
    let want: Value = serde_json::from_str(body).expect("JSON");
    assert_eq!(encoded, want);
}

#[test]
fn unknown_numbers_keep_their_form_and_their_last_digit() {
    // Kept as raw JSON: 1 stays 1, 1.0 stays 1.0, and a shortest-form double reads back as
    // itself (serde_json's float_roundtrip).
    let body = r#"{"base_resp":{"ret":0,"err_msg":"ok"},"list":[{"income":3,"new_rate":1,"new_ratio":1.0,"x":0.30000000000000004,"y":5.0e-324,"z":1.7976931348623157e+308,"w":0.1}],"total_num":1}"#;
    let response = stats(body).expect("success");
    let encoded = serde_json::to_string(&response).expect("encodes");
    for text in [
        "\"new_rate\":1,",
        "\"new_ratio\":1.0,",
        "0.30000000000000004",
        "5e-324",
        "1.7976931348623157e+308",
        "\"w\":0.1",
    ] {
        assert!(encoded.contains(text), "{text} in {encoded}");
    }
}
