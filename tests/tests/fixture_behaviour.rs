//! What the fixture crates' generated code does with the hard cases, beyond round-tripping:
//! which variant a card decodes into, and how both envelopes and GET queries go over the wire.

use wechat_fixture_cards::{Card, CardStatus, GetCardResponse, GetPlanResponse, PlanStatus};
use wechat_fixture_stats::{AdStatsRequest, SlotType};
use wechat_testkit::ScriptedServer;

fn card(json: &str) -> Card {
    wechat_testkit::decode::<GetCardResponse>(json)
        .card
        .expect("a card")
}

#[test]
fn a_discount_card_decodes_into_its_variant() {
    let card = card(
        r#"{"card":{"card_type":"DISCOUNT","discount":{"base_info":{"id":"p1","status":"CARD_STATUS_VERIFY_OK","quantity":"100096"},"discount":10}}}"#,
    );
    let Card::Discount(discount) = &card else {
        panic!("expected a discount card, got {card:?}");
    };
    assert_eq!(discount.discount, Some(10));
    let base = discount.base_info.as_ref().expect("base_info");
    assert_eq!(base.status, Some(CardStatus::Approved));
    assert_eq!(base.quantity, Some(100_096));
    assert_eq!(card.tag(), "DISCOUNT");
}

#[test]
fn a_member_card_keeps_an_unknown_status() {
    let card = card(
        r#"{"card":{"card_type":"MEMBER_CARD","member_card":{"base_info":{"status":"CARD_STATUS_BRAND_NEW"},"supply_bonus":true}}}"#,
    );
    let Card::MemberCard(member) = &card else {
        panic!("expected a member card, got {card:?}");
    };
    let status = member.base_info.as_ref().and_then(|b| b.status.clone());
    assert_eq!(
        status,
        Some(CardStatus::Unknown("CARD_STATUS_BRAND_NEW".into()))
    );
    assert_eq!(member.supply_bonus, Some(true));
}

#[test]
fn a_future_card_type_is_kept_whole() {
    let json = r#"{"card":{"card_type":"HOLOGRAM_TICKET","hologram_ticket":{"x":1}}}"#;
    let card = card(json);
    match &card {
        Card::Unknown { tag, fields } => {
            assert_eq!(tag, "HOLOGRAM_TICKET");
            assert_eq!(fields["hologram_ticket"]["x"], 1);
        }
        other => panic!("expected the unknown variant, got {other:?}"),
    }
    let mut response = GetCardResponse::new();
    response.card = Some(card);
    wechat_testkit::assert_json_eq(&response, json);
}

#[test]
fn a_card_without_its_tag_is_an_error() {
    let err = serde_json::from_str::<GetCardResponse>(r#"{"card":{"discount":{}}}"#).unwrap_err();
    assert!(err.to_string().contains("card_type"), "{err}");
}

#[test]
fn big_ids_stay_strings_and_numbers_sent_as_strings_decode() {
    let plan = wechat_testkit::decode::<GetPlanResponse>(
        r#"{"plan":{"planId":"1964112935262240768","planStatus":"999","totalStockNum":128,"revenue_all":5178368698}}"#,
    )
    .plan
    .expect("plan");
    assert_eq!(plan.plan_id.as_deref(), Some("1964112935262240768"));
    assert_eq!(plan.plan_status, Some(PlanStatus::Unknown(999)));
    assert_eq!(plan.total_stock_num, Some(128));
    assert_eq!(plan.revenue_all, Some(5_178_368_698));
    // Re-encoded in the spec's wire form: the stock as a string, the status as a number.
    let json = serde_json::to_value(&plan).unwrap();
    assert_eq!(json["totalStockNum"], "128");
    assert_eq!(json["planStatus"], 999);
}

#[test]
fn a_decode_error_names_the_json_path_and_keeps_the_body() {
    let server = ScriptedServer::start();
    server.respond(
        200,
        r#"{"errcode":0,"plan":{"planId":"1","revenue_all":"lots"}}"#,
    );
    let client = wechat_fixture_cards::blocking::Client::new(server.blocking_client());
    let request = wechat_fixture_cards::GetPlanRequest::new("1");
    let err = client.get_plan(&request).expect_err("undecodable");
    let wechat_runtime::Error::Decode(decode) = &err else {
        panic!("expected a decode error, got {err:?}");
    };
    assert_eq!(decode.path, "plan.revenue_all");
    assert!(decode.body.contains("lots"), "{}", decode.body);
    assert_eq!(decode.endpoint, "/plan/get");
}

#[test]
fn validation_happens_before_anything_is_sent() {
    let server = ScriptedServer::start();
    let client = wechat_fixture_cards::blocking::Client::new(server.blocking_client());
    let request = wechat_fixture_cards::GetCardRequest::new("x".repeat(33));
    let err = client.get_card(&request).expect_err("too long");
    let wechat_runtime::Error::Validation(validation) = &err else {
        panic!("expected a validation error, got {err:?}");
    };
    assert_eq!(validation.field, "card_id");
    assert_eq!(validation.constraint, "at most 32 characters");
    assert!(err.to_string().contains("card_id"), "{err}");
    assert!(server.requests().is_empty(), "nothing was sent");
}

#[test]
fn get_requests_carry_their_fields_and_the_fixed_action_in_the_query() {
    let server = ScriptedServer::start();
    server.respond(
        200,
        r#"{"base_resp":{"ret":0,"err_msg":"ok"},"list":[],"total_num":0}"#,
    );
    let client = wechat_fixture_stats::blocking::Client::new(server.blocking_client());
    let mut request = AdStatsRequest::new(2, 90);
    request.ad_slot = Some(SlotType::SlotIdWeappBanner);
    client.ad_stats(&request).expect("success");
    server.assert_called(
        &wechat_fixture_stats::endpoints::AD_STATS,
        Some(r#"{"page":2,"page_size":90,"ad_slot":"SLOT_ID_WEAPP_BANNER"}"#),
    );
    let query = &server.requests()[0].query;
    assert!(
        query.contains(&("action".into(), "publisher_adpos_general".into())),
        "{query:?}"
    );
}

#[test]
fn a_top_level_errcode_is_an_error_in_the_base_resp_envelope_too() {
    let server = ScriptedServer::start();
    server.respond(200, r#"{"errcode":42001,"errmsg":"access_token expired"}"#);
    let client = wechat_fixture_stats::blocking::Client::new(server.blocking_client());
    let err = client
        .ad_stats(&AdStatsRequest::new(1, 10))
        .expect_err("token error");
    let api = err.as_api().expect("an API error");
    assert_eq!(api.code, 42001);
    assert_eq!(api.message, "access_token expired");
    assert_eq!(api.meaning, Some("The access_token has expired."));
}

#[test]
fn a_daily_quota_fails_at_once_and_says_so() {
    let server = ScriptedServer::start();
    server.respond(
        200,
        r#"{"base_resp":{"ret":45009,"err_msg":"too frequent"}}"#,
    );
    let client = wechat_fixture_stats::blocking::Client::new(server.blocking_client());
    let err = client
        .ad_stats(&AdStatsRequest::new(1, 10))
        .expect_err("busy");
    let api = err.as_api().expect("an API error");
    assert_eq!(api.retry, wechat_runtime::RetryKind::DailyQuota);
    assert!(err.is_daily_quota());
    assert_eq!(server.requests().len(), 1, "a daily quota is not retried");
    assert!(err.to_string().contains("daily quota"), "{err}");
    assert_eq!(
        wechat_fixture_stats::ErrorCode::of(&err),
        Some(wechat_fixture_stats::ErrorCode::TooFrequent)
    );
}

#[test]
fn an_update_carries_exactly_one_card_type_beside_card_id() {
    use wechat_fixture_cards::{CardUpdate, MemberCardUpdate, UpdateCardRequest};
    let mut content = MemberCardUpdate::new();
    content.prerogative = Some("20% off".into());
    let request = UpdateCardRequest::new("p1", CardUpdate::MemberCard(content));
    let json = serde_json::to_value(&request).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"card_id": "p1", "member_card": {"prerogative": "20% off"}})
    );

    let both = r#"{"card_id":"p1","discount":{},"member_card":{}}"#;
    let err = serde_json::from_str::<UpdateCardRequest>(both).unwrap_err();
    assert!(err.to_string().contains("only one may be present"), "{err}");
    let none = r#"{"card_id":"p1"}"#;
    let err = serde_json::from_str::<UpdateCardRequest>(none).unwrap_err();
    assert!(err.to_string().contains("missing field `card`"), "{err}");
}

#[test]
fn nested_validation_errors_name_the_path() {
    use wechat_fixture_cards::{BaseInfoUpdate, CardUpdate, MemberCardUpdate, UpdateCardRequest};
    let server = ScriptedServer::start();
    let client = wechat_fixture_cards::blocking::Client::new(server.blocking_client());
    let mut base = BaseInfoUpdate::new();
    base.notice = Some("x".repeat(17));
    let mut content = MemberCardUpdate::new();
    content.base_info = Some(base);
    let request = UpdateCardRequest::new("p1", CardUpdate::MemberCard(content));
    let err = client.update_card(&request).expect_err("too long");
    let wechat_runtime::Error::Validation(validation) = &err else {
        panic!("expected a validation error, got {err:?}");
    };
    assert_eq!(validation.field, "member_card.base_info.notice");
    assert_eq!(validation.constraint, "at most 16 characters");
    assert!(server.requests().is_empty(), "nothing was sent");
}
