//! The calls as a new user writes them: one dependency, constructors that take `&str`,
//! chainable setters, pagers without another crate, and the end of a cursor walk in the type.

use wechat_promoter::{Client, GetOrderRequest, OrderStatus};
use wechat_testkit::ScriptedServer;

const PAGE: &str = r#"{"errcode":0,"errmsg":"ok","order_list":[{"openid":"o1"}],"start_id":"9"}"#;
const NO_MORE_DATA: &str = r#"{"errcode":103006,"errmsg":"no more data"}"#;

#[test]
fn optional_request_fields_chain() {
    let request = GetOrderRequest::new("openid")
        .with_start_id("42")
        .with_status(OrderStatus::from_wire(1))
        .with_need_unionid(1u32);
    assert_eq!(request.openid, "openid");
    assert_eq!(request.start_id.as_deref(), Some("42"));
    assert_eq!(request.status, Some(OrderStatus::from_wire(1)));
    assert_eq!(request.need_unionid, Some(1));
    assert_eq!(request.mch_id, None, "untouched fields stay unset");
}

#[tokio::test]
async fn the_end_of_a_cursor_walk_is_in_the_type() {
    let server = ScriptedServer::start();
    server.respond(200, PAGE);
    server.respond(200, NO_MORE_DATA);
    let client = Client::new(server.client());
    let page = client
        .get_order(&GetOrderRequest::new("openid"))
        .await
        .expect("a page");
    assert!(!page.is_end_of_data());
    let end = client
        .get_order(&GetOrderRequest::new("openid").with_start_id("9"))
        .await
        .expect("no more data is a success");
    assert!(end.is_end_of_data(), "{end:?}");
    assert!(end.order_list.is_none());
}

#[tokio::test]
async fn an_async_pager_walks_with_its_own_next_and_try_collect() {
    let server = ScriptedServer::start();
    server.respond(200, PAGE);
    server.respond(200, NO_MORE_DATA);
    let client = Client::new(server.client());
    // A page of fewer than the documented 1000 items is the last: one request.
    let mut pager = client.get_order_items(GetOrderRequest::new("openid"));
    let first = pager.next().await.expect("an item").expect("no error");
    assert_eq!(first.openid.as_deref(), Some("o1"));
    assert!(pager.next().await.is_none(), "a short page ends the walk");
    assert_eq!(server.requests().len(), 1);

    let server = ScriptedServer::start();
    server.respond(200, NO_MORE_DATA);
    let client = Client::new(server.client());
    let items = client
        .get_order_items(GetOrderRequest::new("openid"))
        .try_collect()
        .await
        .expect("no data is an empty walk");
    assert!(items.is_empty());

    let server = ScriptedServer::start();
    server.respond(200, r#"{"errcode":40097,"errmsg":"invalid args"}"#);
    let client = Client::new(server.client());
    let err = client
        .get_order_items(GetOrderRequest::new("openid"))
        .try_collect()
        .await
        .expect_err("the first error ends the walk");
    assert_eq!(err.code(), Some(40097));
}

#[test]
fn a_blocking_pager_collects_too() {
    let server = ScriptedServer::start();
    server.respond(200, PAGE);
    let client = wechat_promoter::blocking::Client::new(server.blocking_client());
    let items = client
        .get_order_items(GetOrderRequest::new("openid"))
        .try_collect()
        .expect("one page");
    assert_eq!(items.len(), 1);
}

#[test]
fn a_domain_crate_re_exports_what_an_application_needs() {
    // Everything below comes from the domain crate alone.
    let runtime = wechat_promoter::RuntimeClient::builder()
        .access_token("T")
        .retry(wechat_promoter::RetryPolicy::none())
        .token_api(wechat_promoter::TokenApi::Stable)
        .build()
        .expect("a client");
    let _client: wechat_promoter::Client = wechat_promoter::Client::new(runtime);
    let _store = wechat_promoter::MemoryStore::default();
    let date =
        wechat_promoter::Date::from_calendar_date(2024, wechat_promoter::time::Month::May, 1);
    assert!(date.is_ok());
    let code = wechat_promoter::ErrorCode::from_code(-1);
    assert_eq!(code.retry_kind(), wechat_promoter::RetryKind::Backoff);
}
