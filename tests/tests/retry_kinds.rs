//! Retries by each error code's retry kind from the spec, and by the endpoint's idempotency:
//! a daily quota fails at once, a minute quota waits only when allowed, and a call that may
//! have reached WeChat is repeated only when repeating it is harmless.

use std::time::Duration;

use wechat_runtime::{Client, Error, RetryKind, RetryPolicy, TransportErrorKind};
use wechat_testkit::{refused_url, Reply, ScriptedServer};
use wechat_union::endpoints::{APPLY_STATUS, APPLY_TARGET};
use wechat_union::{ApplyStatusRequest, ApplyTargetRequest, ErrorCode};

const QUERY: &str = APPLY_STATUS.path;
const SEND: &str = APPLY_TARGET.path;
const OK: &str = r#"{"errcode":0,"errmsg":"ok","data":{}}"#;

fn policy() -> RetryPolicy {
    RetryPolicy {
        max_retries: 2,
        initial_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(5),
        ..RetryPolicy::default()
    }
}

fn client(server: &ScriptedServer, policy: RetryPolicy) -> wechat_union::Client {
    let runtime = Client::builder()
        .base_url(server.url())
        .access_token("T")
        .timeout(Duration::from_millis(300))
        .retry(policy)
        .build()
        .expect("client");
    wechat_union::Client::new(runtime)
}

fn api_error(code: i64) -> Reply {
    Reply::new(200, format!(r#"{{"errcode":{code},"errmsg":"e{code}"}}"#))
}

fn query() -> ApplyStatusRequest {
    ApplyStatusRequest::new("plan")
}

fn send() -> ApplyTargetRequest {
    ApplyTargetRequest::new("plan", "reason")
}

fn transport_kind(err: &Error) -> TransportErrorKind {
    match err {
        Error::Transport(t) => t.kind,
        other => panic!("expected a transport error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_daily_quota_makes_one_attempt_and_says_so() {
    let server = ScriptedServer::start();
    server.always_on(QUERY, api_error(45009));
    let err = client(&server, policy())
        .apply_status(&query())
        .await
        .expect_err("quota used up");
    assert_eq!(server.requests_to(QUERY).len(), 1, "not retried");
    assert!(err.is_daily_quota(), "{err:?}");
    let api = err.as_api().expect("an API error");
    assert_eq!(api.retry, RetryKind::DailyQuota);
    assert!(err.to_string().contains("daily quota"), "{err}");
    // The global code is typed in the domain's ErrorCode, with the same entry.
    let code = ErrorCode::of(&err).expect("a code");
    assert_eq!(code, ErrorCode::ApiDailyQuotaReached);
    assert_eq!(code.retry_kind(), RetryKind::DailyQuota);
    assert_eq!(code.meaning(), api.meaning);
}

#[tokio::test]
async fn a_minute_quota_is_returned_at_once_unless_a_wait_is_allowed() {
    let server = ScriptedServer::start();
    server.always_on(QUERY, api_error(45011));
    let err = client(&server, policy())
        .apply_status(&query())
        .await
        .expect_err("minute quota");
    assert_eq!(err.as_api().map(|a| a.retry), Some(RetryKind::MinuteQuota));
    assert_eq!(
        server.requests_to(QUERY).len(),
        1,
        "no wait allowed by default"
    );

    let server = ScriptedServer::start();
    server.reply_on(QUERY, api_error(45011));
    server.reply_on(QUERY, Reply::new(200, OK));
    let waiting = RetryPolicy {
        minute_quota_wait: Some(Duration::from_millis(20)),
        ..policy()
    };
    client(&server, waiting)
        .apply_status(&query())
        .await
        .expect("the call after the wait succeeds");
    assert_eq!(server.requests_to(QUERY).len(), 2);

    let server = ScriptedServer::start();
    server.always_on(QUERY, api_error(45011));
    let waiting = RetryPolicy {
        minute_quota_wait: Some(Duration::from_millis(1)),
        ..policy()
    };
    client(&server, waiting)
        .apply_status(&query())
        .await
        .expect_err("quota forever");
    assert_eq!(server.requests_to(QUERY).len(), 3, "bounded by max_retries");
}

#[tokio::test]
async fn a_busy_answer_is_retried_even_for_a_send() {
    let server = ScriptedServer::start();
    server.reply_on(SEND, api_error(-1));
    server.reply_on(SEND, Reply::new(200, OK));
    client(&server, policy())
        .apply_target(&send())
        .await
        .expect("WeChat said it did not act; the retry succeeds");
    assert_eq!(server.requests_to(SEND).len(), 2);
}

#[tokio::test]
async fn a_timeout_is_retried_for_a_query_but_not_for_a_send() {
    assert!(APPLY_STATUS.idempotent && !APPLY_TARGET.idempotent);
    let slow = || Reply::new(200, OK).delayed(Duration::from_secs(1));

    let server = ScriptedServer::start();
    server.reply_on(QUERY, slow());
    server.reply_on(QUERY, Reply::new(200, OK));
    client(&server, policy())
        .apply_status(&query())
        .await
        .expect("the query is repeated");
    assert_eq!(server.requests_to(QUERY).len(), 2);

    let server = ScriptedServer::start();
    server.reply_on(SEND, slow());
    server.reply_on(SEND, Reply::new(200, OK));
    let err = client(&server, policy())
        .apply_target(&send())
        .await
        .expect_err("the send may have been processed: not repeated");
    assert_eq!(transport_kind(&err), TransportErrorKind::Timeout);
    assert_eq!(server.requests_to(SEND).len(), 1, "one attempt");
}

#[tokio::test]
async fn a_server_error_is_retried_for_a_query_but_not_for_a_send() {
    let server = ScriptedServer::start();
    server.always_on(SEND, Reply::new(502, "bad gateway"));
    server.always_on(QUERY, Reply::new(502, "bad gateway"));
    let client = client(&server, policy());
    let err = client.apply_target(&send()).await.expect_err("502");
    assert_eq!(transport_kind(&err), TransportErrorKind::HttpStatus(502));
    assert_eq!(server.requests_to(SEND).len(), 1);
    client.apply_status(&query()).await.expect_err("502");
    assert_eq!(server.requests_to(QUERY).len(), 3);
}

#[tokio::test]
async fn a_refused_connection_is_retried_for_both() {
    let server = ScriptedServer::start();
    server.always_on(SEND, Reply::new(200, OK));
    server.always_on(QUERY, Reply::new(200, OK));
    for idempotent in [true, false] {
        // The first host refuses: nothing reached WeChat, so even a send moves on and retries.
        let runtime = Client::builder()
            .base_urls([refused_url(), server.url().to_owned()])
            .failover(true)
            .access_token("T")
            .retry(policy())
            .build()
            .expect("client");
        let client = wechat_union::Client::new(runtime);
        if idempotent {
            client.apply_status(&query()).await.expect("retried");
        } else {
            client.apply_target(&send()).await.expect("retried");
        }
    }
    assert_eq!(server.requests_to(QUERY).len(), 1);
    assert_eq!(server.requests_to(SEND).len(), 1);
}

#[test]
fn every_documented_code_has_a_retry_kind_from_the_spec() {
    let global = wechat_runtime::GLOBAL_ERROR_CODES;
    let kind = |code| global.iter().find(|c| c.code == code).map(|c| c.retry);
    assert_eq!(kind(-1), Some(RetryKind::Backoff));
    assert_eq!(kind(45009), Some(RetryKind::DailyQuota));
    assert_eq!(kind(45011), Some(RetryKind::MinuteQuota));
    for code in [40001, 40014, 42001] {
        assert_eq!(kind(code), Some(RetryKind::RefreshToken), "{code}");
    }
}
