//! Cards & Offers beyond the generated tests: which variant `card/get` decodes into, and what
//! the types of `card/update` let a caller send.

use wechat_card::{
    blocking::Client, BaseInfoUpdate, Card, CardUpdate, CodeType, CouponUpdate, GetCardRequest,
    MemberCardUpdate, UpdateCardRequest,
};
use wechat_testkit::ScriptedServer;

fn get_card(body: &str) -> Card {
    let server = ScriptedServer::start();
    server.respond(200, body);
    let client = Client::new(server.blocking_client());
    let response = client
        .get(&GetCardRequest::new("pFS7Fjg8kV1IdDz01r4SQwMkuCKc"))
        .expect("success");
    wechat_testkit::assert_json_eq(&response, body);
    response.card.expect("a card")
}

#[test]
fn a_discount_card_round_trips_as_its_variant() {
    let card = get_card(
        r#"{"errcode":0,"errmsg":"ok","card":{"card_type":"DISCOUNT","discount":{"base_info":{"id":"p1","code_type":"CODE_TYPE_NONE","title":"10%-off"},"discount":10}}}"#,
    );
    let Card::Discount(discount) = &card else {
        panic!("expected a discount card, got {card:?}");
    };
    assert_eq!(discount.discount, Some(10));
    let base = discount.base_info.as_ref().expect("base_info");
    assert_eq!(base.code_type, Some(CodeType::None));
    assert_eq!(card.tag(), "DISCOUNT");
}

#[test]
fn a_member_card_round_trips_as_its_variant() {
    let card = get_card(
        r#"{"card":{"card_type":"MEMBER_CARD","member_card":{"base_info":{"title":"Gold"},"supply_bonus":true,"custom_field1":{"name_type":"FIELD_NAME_TYPE_UNKNOW"}}}}"#,
    );
    let Card::MemberCard(member) = &card else {
        panic!("expected a member card, got {card:?}");
    };
    assert_eq!(member.supply_bonus, Some(true));
    let field = member
        .custom_field1
        .as_ref()
        .and_then(|f| f.name_type.clone());
    assert_eq!(
        field,
        Some(wechat_card::FieldNameType::Unknown(
            "FIELD_NAME_TYPE_UNKNOW".into()
        ))
    );
}

#[test]
fn a_card_of_a_future_type_round_trips_whole() {
    let card = get_card(
        r#"{"card":{"card_type":"HOLOGRAM_TICKET","hologram_ticket":{"base_info":{"title":"Future"},"angle":45}}}"#,
    );
    match &card {
        Card::Unknown { tag, fields } => {
            assert_eq!(tag, "HOLOGRAM_TICKET");
            assert_eq!(fields["hologram_ticket"]["angle"], 45);
        }
        other => panic!("expected the unknown variant, got {other:?}"),
    }
}

#[test]
fn an_update_sends_the_content_under_the_card_types_key() {
    let server = ScriptedServer::start();
    server.respond(200, r#"{"errcode":0,"errmsg":"ok","send_check":true}"#);
    let client = Client::new(server.blocking_client());

    let mut base = BaseInfoUpdate::new();
    base.notice = Some("请出示二维码核销卡券。".into());
    let mut coupon = CouponUpdate::new();
    coupon.base_info = Some(base);
    // A discount coupon takes a CouponUpdate: member-card fields have nowhere to go.
    let request = UpdateCardRequest::new("p1", CardUpdate::Discount(coupon));
    let response = client.update(&request).expect("success");
    assert_eq!(response.send_check, Some(true));
    server.assert_called(
        &wechat_card::endpoints::UPDATE,
        Some(r#"{"card_id":"p1","discount":{"base_info":{"notice":"请出示二维码核销卡券。"}}}"#),
    );

    let mut member = MemberCardUpdate::new();
    member.prerogative = Some("20% off".into());
    let request = UpdateCardRequest::new("p1", CardUpdate::MemberCard(member));
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        serde_json::json!({"card_id": "p1", "member_card": {"prerogative": "20% off"}})
    );
}

#[test]
fn a_datacube_range_error_carries_its_documented_meaning() {
    let server = ScriptedServer::start();
    server.respond(200, r#"{"errcode":61501,"errmsg":"date range error"}"#);
    let client = Client::new(server.blocking_client());
    let day = |d| {
        wechat_runtime::Date::from_calendar_date(2015, wechat_runtime::time::Month::June, d)
            .unwrap()
    };
    let request = wechat_card::BizuinInfoRequest::new(
        day(1),
        day(30),
        wechat_card::CondSource::OfficialAccountsPlatform,
    );
    let err = client
        .datacube_bizuin_info(&request)
        .expect_err("range error");
    assert_eq!(
        wechat_card::ErrorCode::of(&err),
        Some(wechat_card::ErrorCode::DateRangeError)
    );
    let api = err.as_api().expect("api error");
    assert_eq!(
        api.meaning,
        Some("Date range error: the range is more than 62 days.")
    );
}
