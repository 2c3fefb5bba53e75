//! Retries, token refresh and failover against a local server with faults (issue 5).

use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;
use wechat_runtime::{Client, Error, RetryPolicy, TokenApi, TransportErrorKind};
use wechat_testkit::{refused_url, Reply, ScriptedServer};
use wechat_union::endpoints::APPLY_STATUS;
use wechat_union::ApplyStatusRequest;

const CALL: &str = APPLY_STATUS.path;
const STABLE: &str = "/cgi-bin/stable_token";
const OK: &str = r#"{"errcode":0,"errmsg":"ok","data":{}}"#;

fn quick_retries() -> RetryPolicy {
    RetryPolicy {
        max_retries: 2,
        initial_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(5),
        ..RetryPolicy::default()
    }
}

fn builder(server: &ScriptedServer) -> wechat_runtime::ClientBuilder {
    Client::builder()
        .base_url(server.url())
        .credentials("wx-test-app", "test-app-secret")
        .timeout(Duration::from_millis(400))
        .retry(quick_retries())
}

fn union(server: &ScriptedServer) -> wechat_union::Client {
    wechat_union::Client::new(builder(server).build().expect("client"))
}

fn request() -> ApplyStatusRequest {
    ApplyStatusRequest::new("plan")
}

fn api_error(code: i64) -> Reply {
    Reply::new(200, format!(r#"{{"errcode":{code},"errmsg":"e{code}"}}"#))
}

fn transport_kind(err: &Error) -> TransportErrorKind {
    match err {
        Error::Transport(t) => t.kind,
        other => panic!("expected a transport error, got {other:?}"),
    }
}

#[tokio::test]
async fn server_errors_are_retried_then_succeed() {
    let server = ScriptedServer::start();
    server.always_on(STABLE, Reply::token("T1", 7200));
    server.reply_on(CALL, Reply::new(500, "internal error"));
    server.reply_on(CALL, Reply::new(502, "<html>bad gateway</html>"));
    server.reply_on(CALL, Reply::new(200, OK));
    union(&server)
        .apply_status(&request())
        .await
        .expect("third attempt succeeds");
    assert_eq!(server.requests_to(CALL).len(), 3);
}

#[tokio::test]
async fn retries_are_bounded() {
    let server = ScriptedServer::start();
    server.always_on(STABLE, Reply::token("T1", 7200));
    server.always_on(CALL, Reply::new(502, "<html>bad gateway</html>"));
    let err = union(&server)
        .apply_status(&request())
        .await
        .expect_err("502 forever");
    assert_eq!(transport_kind(&err), TransportErrorKind::HttpStatus(502));
    assert_eq!(
        server.requests_to(CALL).len(),
        3,
        "one attempt and two retries"
    );
}

#[tokio::test]
async fn a_response_slower_than_the_timeout_is_retried() {
    let server = ScriptedServer::start();
    server.always_on(STABLE, Reply::token("T1", 7200));
    server.reply_on(CALL, Reply::new(200, OK).delayed(Duration::from_secs(2)));
    server.reply_on(CALL, Reply::new(200, OK));
    union(&server)
        .apply_status(&request())
        .await
        .expect("the retry succeeds");
    assert_eq!(server.requests_to(CALL).len(), 2);

    server.always_on(CALL, Reply::new(200, OK).delayed(Duration::from_secs(2)));
    let err = union(&server)
        .apply_status(&request())
        .await
        .expect_err("slow forever");
    assert_eq!(transport_kind(&err), TransportErrorKind::Timeout);
}

#[tokio::test]
async fn a_truncated_body_is_a_body_error_and_not_retried() {
    let server = ScriptedServer::start();
    server.always_on(STABLE, Reply::token("T1", 7200));
    server.reply_on(CALL, Reply::new(200, OK).truncated());
    let err = union(&server)
        .apply_status(&request())
        .await
        .expect_err("truncated");
    assert_eq!(transport_kind(&err), TransportErrorKind::Body);
    assert_eq!(server.requests_to(CALL).len(), 1);
}

#[tokio::test]
async fn an_html_body_is_a_decode_error_with_the_body() {
    let server = ScriptedServer::start();
    server.always_on(STABLE, Reply::token("T1", 7200));
    server.reply_on(
        CALL,
        Reply::new(200, "<html><body>maintenance</body></html>"),
    );
    let err = union(&server)
        .apply_status(&request())
        .await
        .expect_err("HTML");
    let Error::Decode(decode) = &err else {
        panic!("expected a decode error, got {err:?}");
    };
    assert!(decode.body.contains("maintenance"), "{decode:?}");
    assert_eq!(server.requests_to(CALL).len(), 1, "not retried");
}

#[tokio::test]
async fn system_busy_is_retried_with_backoff() {
    // Retry kinds of the other codes: tests/tests/retry_kinds.rs.
    for code in [-1] {
        let server = ScriptedServer::start();
        server.always_on(STABLE, Reply::token("T1", 7200));
        server.reply_on(CALL, api_error(code));
        server.reply_on(CALL, Reply::new(200, OK));
        union(&server)
            .apply_status(&request())
            .await
            .expect("retry succeeds");
        assert_eq!(server.requests_to(CALL).len(), 2, "code {code}");

        server.always_on(CALL, api_error(code));
        let err = union(&server)
            .apply_status(&request())
            .await
            .expect_err("busy forever");
        assert_eq!(err.code(), Some(code));
        assert_eq!(
            server.requests_to(CALL).len(),
            2 + 3,
            "code {code}: bounded"
        );
    }
}

#[tokio::test]
async fn other_api_errors_are_not_retried() {
    let server = ScriptedServer::start();
    server.always_on(STABLE, Reply::token("T1", 7200));
    server.reply_on(CALL, api_error(202005));
    let err = union(&server)
        .apply_status(&request())
        .await
        .expect_err("202005");
    assert_eq!(err.code(), Some(202005));
    assert_eq!(server.requests_to(CALL).len(), 1);
}

#[tokio::test]
async fn a_rejected_token_is_refreshed_once() {
    let server = ScriptedServer::start();
    server.reply_on(STABLE, Reply::token("T1", 7200));
    server.reply_on(STABLE, Reply::token("T2", 7200));
    server.reply_on(CALL, api_error(40001));
    server.reply_on(CALL, Reply::new(200, OK));
    union(&server)
        .apply_status(&request())
        .await
        .expect("retry with T2");
    assert_eq!(server.tokens_sent_to(CALL), ["T1", "T2"]);
    let fetches = server.requests_to(STABLE);
    assert_eq!(fetches.len(), 2);
    let force: Vec<Value> = fetches
        .iter()
        .map(|r| serde_json::from_slice::<Value>(&r.body).expect("JSON")["force_refresh"].clone())
        .collect();
    assert_eq!(
        force,
        [Value::Bool(false), Value::Bool(true)],
        "the refresh forces a new token"
    );
}

#[tokio::test]
async fn a_token_rejected_forever_is_retried_exactly_once() {
    for code in [40001, 40014, 42001] {
        let server = ScriptedServer::start();
        server.reply_on(STABLE, Reply::token("T1", 7200));
        server.reply_on(STABLE, Reply::token("T2", 7200));
        server.always_on(CALL, api_error(code));
        let err = union(&server)
            .apply_status(&request())
            .await
            .expect_err("rejected");
        assert_eq!(err.code(), Some(code));
        assert_eq!(server.tokens_sent_to(CALL), ["T1", "T2"], "code {code}");
    }
}

#[tokio::test]
async fn a_static_token_is_not_retried() {
    let server = ScriptedServer::start();
    server.always_on(CALL, api_error(40001));
    let client = Client::builder()
        .base_url(server.url())
        .access_token("FIXED")
        .build()
        .expect("client");
    let err = wechat_union::Client::new(client)
        .apply_status(&request())
        .await
        .expect_err("rejected");
    assert_eq!(err.code(), Some(40001));
    assert_eq!(
        server.requests_to(CALL).len(),
        1,
        "nothing to refresh, so no retry"
    );
}

#[tokio::test]
async fn tokens_are_cached_until_shortly_before_expiry() {
    let server = ScriptedServer::start();
    // A 1 s token is handed out for half its life.
    server.always_on(STABLE, Reply::token("SHORT", 1));
    server.always_on(CALL, Reply::new(200, OK));
    let client = union(&server);
    for _ in 0..3 {
        client.apply_status(&request()).await.expect("call");
    }
    assert_eq!(server.requests_to(STABLE).len(), 1, "cached");
    tokio::time::sleep(Duration::from_millis(600)).await;
    client.apply_status(&request()).await.expect("call");
    assert_eq!(server.requests_to(STABLE).len(), 2, "refreshed near expiry");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_callers_on_a_cold_cache_cause_one_token_request() {
    let server = ScriptedServer::start();
    server.always_on(
        STABLE,
        Reply::token("T1", 7200).delayed(Duration::from_millis(200)),
    );
    server.always_on(CALL, Reply::new(200, OK));
    let client = Arc::new(union(&server));
    let calls: Vec<_> = (0..24)
        .map(|_| {
            let client = Arc::clone(&client);
            tokio::spawn(async move { client.apply_status(&request()).await })
        })
        .collect();
    for call in calls {
        call.await.expect("task").expect("call");
    }
    assert_eq!(server.requests_to(STABLE).len(), 1);
    assert_eq!(server.requests_to(CALL).len(), 24);
}

#[test]
fn blocking_callers_share_one_token_request_and_refresh_once() {
    let server = ScriptedServer::start();
    server.reply_on(
        STABLE,
        Reply::token("T1", 7200).delayed(Duration::from_millis(200)),
    );
    server.reply_on(STABLE, Reply::token("T2", 7200));
    server.always_on(CALL, Reply::new(200, OK));
    let client = wechat_union::blocking::Client::new(builder(&server).build_blocking().unwrap());
    std::thread::scope(|scope| {
        for _ in 0..8 {
            scope.spawn(|| client.apply_status(&request()).expect("call"));
        }
    });
    assert_eq!(server.requests_to(STABLE).len(), 1);

    server.reply_on(CALL, api_error(42001));
    client.apply_status(&request()).expect("retry with T2");
    let sent = server.tokens_sent_to(CALL);
    assert_eq!(&sent[sent.len() - 2..], ["T1", "T2"]);
    assert_eq!(server.requests_to(STABLE).len(), 2);
}

#[tokio::test]
async fn the_classic_token_call_is_available() {
    let server = ScriptedServer::start();
    server.always_on("/cgi-bin/token", Reply::token("CLASSIC", 7200));
    server.always_on(CALL, Reply::new(200, OK));
    let client = builder(&server)
        .token_api(TokenApi::Classic)
        .build()
        .unwrap();
    wechat_union::Client::new(client)
        .apply_status(&request())
        .await
        .expect("call");
    let fetch = &server.requests_to("/cgi-bin/token")[0];
    assert_eq!(fetch.method, "GET");
    for (key, value) in [
        ("grant_type", "client_credential"),
        ("appid", "wx-test-app"),
        ("secret", "test-app-secret"),
    ] {
        assert!(
            fetch.query.contains(&(key.into(), value.into())),
            "{key} in {:?}",
            fetch.query
        );
    }
    assert_eq!(server.tokens_sent_to(CALL), ["CLASSIC"]);
}

#[tokio::test]
async fn a_token_endpoint_error_is_reported_and_not_retried_as_a_token_error() {
    let server = ScriptedServer::start();
    server.always_on(STABLE, api_error(40125));
    let err = union(&server)
        .apply_status(&request())
        .await
        .expect_err("bad secret");
    assert_eq!(err.code(), Some(40125));
    assert_eq!(server.requests_to(STABLE).len(), 1);
    assert!(server.requests_to(CALL).is_empty());
}

#[tokio::test]
async fn connection_refused_is_retried_then_reported() {
    let client = Client::builder()
        .base_url(refused_url())
        .access_token("T")
        .retry(quick_retries())
        .build()
        .unwrap();
    let err = wechat_union::Client::new(client)
        .apply_status(&request())
        .await
        .expect_err("refused");
    assert_eq!(transport_kind(&err), TransportErrorKind::Connect);
}

#[tokio::test]
async fn failover_moves_to_the_next_host() {
    let server = ScriptedServer::start();
    server.always_on(STABLE, Reply::token("T1", 7200));
    server.always_on(CALL, Reply::new(200, OK));
    let client = builder(&server)
        .base_urls([refused_url(), server.url().to_owned()])
        .failover(true)
        .build()
        .unwrap();
    let client = wechat_union::Client::new(client);
    for _ in 0..3 {
        client
            .apply_status(&request())
            .await
            .expect("served by the second host");
    }
    assert_eq!(server.requests_to(CALL).len(), 3);
    assert_eq!(
        client.runtime().base_url(),
        server.url(),
        "later calls stay there"
    );

    let no_failover = builder(&server)
        .base_urls([refused_url(), server.url().to_owned()])
        .build()
        .unwrap();
    let err = wechat_union::Client::new(no_failover)
        .apply_status(&request())
        .await
        .expect_err("stays on the dead host");
    assert_eq!(transport_kind(&err), TransportErrorKind::Connect);
}

#[tokio::test]
async fn a_redirect_is_not_followed_and_is_a_typed_error() {
    let server = ScriptedServer::start();
    server.always_on(STABLE, Reply::token("T1", 7200));
    // A redirect loop: before, each call followed it ten times.
    let location = format!("{}{CALL}", server.url());
    server.always_on(CALL, Reply::new(302, "").header("location", location));
    let err = union(&server)
        .apply_status(&request())
        .await
        .expect_err("redirected");
    assert_eq!(transport_kind(&err), TransportErrorKind::Redirect(302));
    assert!(err.to_string().contains("not followed"), "{err}");
    assert_eq!(
        server.requests_to(CALL).len(),
        1,
        "not followed, not retried"
    );

    let token_server = ScriptedServer::start();
    token_server.always_on(STABLE, Reply::new(307, "").header("location", "/elsewhere"));
    let err = union(&token_server)
        .apply_status(&request())
        .await
        .expect_err("no token");
    assert_eq!(transport_kind(&err), TransportErrorKind::Redirect(307));
    assert_eq!(token_server.requests().len(), 1);
}
