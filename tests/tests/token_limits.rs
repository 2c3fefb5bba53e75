//! Bounds on what a token source does for one call (issue 18): forced refreshes within
//! WeChat's limits (one every 30 s, 20 a day, shared through the store), and a store that
//! stalls failing calls instead of hanging them.

use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;
use wechat_runtime::{
    BoxFuture, Client, Error, MemoryStore, RefreshLimit, RefreshLimits, RetryPolicy, StoredToken,
    TokenStore,
};
use wechat_testkit::{Reply, ScriptedServer};
use wechat_union::endpoints::APPLY_STATUS;
use wechat_union::ApplyStatusRequest;

const CALL: &str = APPLY_STATUS.path;
const STABLE: &str = "/cgi-bin/stable_token";
const OK: &str = r#"{"errcode":0,"errmsg":"ok","data":{}}"#;
const EXPIRED: &str = r#"{"errcode":42001,"errmsg":"access_token expired"}"#;
/// A hang guard, far above what any call here needs.
const BUDGET: Duration = Duration::from_secs(20);

fn request() -> ApplyStatusRequest {
    ApplyStatusRequest::new("plan")
}

fn builder(server: &ScriptedServer) -> wechat_runtime::ClientBuilder {
    Client::builder()
        .base_url(server.url())
        .credentials("wx-limits-app", "limits-app-secret")
        .timeout(Duration::from_millis(500))
        .retry(RetryPolicy::none())
}

/// A token server like WeChat's when it deems its current token valid: tokens `T1` to
/// `T{forced + 1}`, one per forced refresh, then the last one again to plain calls.
fn issuing_server(forced: usize) -> ScriptedServer {
    let server = ScriptedServer::start();
    for i in 1..=forced + 1 {
        server.reply_on(STABLE, Reply::token(&format!("T{i}"), 7200));
    }
    server.always_on(STABLE, Reply::token(&format!("T{}", forced + 1), 7200));
    server
}

fn forced_fetches(server: &ScriptedServer) -> usize {
    server
        .requests_to(STABLE)
        .iter()
        .filter(|r| {
            serde_json::from_slice::<Value>(&r.body).expect("JSON")["force_refresh"]
                == Value::Bool(true)
        })
        .count()
}

async fn call(client: &wechat_union::Client) -> Result<(), Error> {
    tokio::time::timeout(BUDGET, client.apply_status(&request()))
        .await
        .expect("the call ends within its budget")
        .map(drop)
}

fn limit_of(err: &Error) -> RefreshLimit {
    match err {
        Error::RefreshLimited(limited) => limited.limit,
        other => panic!("expected a refresh limit, got {other:?}"),
    }
}

#[tokio::test]
async fn a_token_rejected_again_and_again_is_force_refreshed_once_per_interval() {
    let server = issuing_server(1);
    server.always_on(CALL, Reply::new(200, EXPIRED));
    let client = wechat_union::Client::new(builder(&server).build().unwrap());
    let first = call(&client).await.expect_err("rejected");
    assert_eq!(first.code(), Some(42001), "{first}");
    for _ in 0..10 {
        let err = call(&client).await.expect_err("rejected");
        assert_eq!(
            limit_of(&err),
            RefreshLimit::Interval(Duration::from_secs(30))
        );
        let shown = err.to_string();
        assert!(shown.contains("at least 30 s apart"), "{shown}");
    }
    assert_eq!(forced_fetches(&server), 1);

    // WeChat may have rejected it in passing: the token stays in use.
    let fetches = server.requests_to(STABLE).len();
    server.always_on(CALL, Reply::new(200, OK));
    call(&client).await.expect("the kept token works");
    assert_eq!(
        server.tokens_sent_to(CALL).last().map(String::as_str),
        Some("T2")
    );
    assert_eq!(server.requests_to(STABLE).len(), fetches);
}

#[tokio::test]
async fn over_the_limits_an_expired_token_is_still_replaced_by_a_plain_call() {
    // stable_token without force issues a new token once the current one has expired.
    let server = ScriptedServer::start();
    for token in ["T1", "T2", "T3"] {
        server.reply_on(STABLE, Reply::token(token, 7200));
    }
    for _ in 0..3 {
        server.reply_on(CALL, Reply::new(200, EXPIRED));
    }
    server.always_on(CALL, Reply::new(200, OK));
    let client = wechat_union::Client::new(builder(&server).build().unwrap());
    assert_eq!(
        call(&client).await.expect_err("rejected").code(),
        Some(42001)
    );
    call(&client)
        .await
        .expect("T3 from a plain stable_token call");
    assert_eq!(server.tokens_sent_to(CALL), ["T1", "T2", "T2", "T3"]);
    assert_eq!(forced_fetches(&server), 1);
}

#[tokio::test]
async fn forced_refreshes_stop_at_the_daily_budget() {
    let server = issuing_server(3);
    server.always_on(CALL, Reply::new(200, EXPIRED));
    let client = builder(&server)
        .refresh_limits(RefreshLimits::new(Duration::ZERO, 3))
        .build()
        .unwrap();
    let client = wechat_union::Client::new(client);
    let mut limited = 0;
    for _ in 0..8 {
        let err = call(&client).await.expect_err("rejected");
        if let Error::RefreshLimited(_) = err {
            assert_eq!(limit_of(&err), RefreshLimit::Daily(3));
            limited += 1;
        }
    }
    assert_eq!(forced_fetches(&server), 3);
    assert!(limited >= 4, "{limited} calls hit the budget");
}

#[tokio::test]
async fn instances_sharing_a_store_share_the_budget() {
    let server = issuing_server(1);
    server.always_on(CALL, Reply::new(200, EXPIRED));
    let store = Arc::new(MemoryStore::new());
    let a = wechat_union::Client::new(
        builder(&server)
            .token_store(Arc::clone(&store))
            .build()
            .unwrap(),
    );
    let b = wechat_union::Client::new(
        builder(&server)
            .token_store(Arc::clone(&store))
            .build()
            .unwrap(),
    );
    assert_eq!(call(&a).await.expect_err("rejected").code(), Some(42001));
    let err = call(&b).await.expect_err("rejected");
    assert_eq!(
        limit_of(&err),
        RefreshLimit::Interval(Duration::from_secs(30)),
        "b counts a's refresh"
    );
    assert_eq!(forced_fetches(&server), 1);
}

/// A store that never answers.
struct Stalled;

impl TokenStore for Stalled {
    fn load<'a>(&'a self, _: &'a str) -> BoxFuture<'a, Result<Option<StoredToken>, Error>> {
        Box::pin(std::future::pending())
    }

    fn save<'a>(&'a self, _: &'a str, _: &'a StoredToken) -> BoxFuture<'a, Result<(), Error>> {
        Box::pin(std::future::pending())
    }

    fn try_lock<'a>(
        &'a self,
        _: &'a str,
        _: Duration,
    ) -> BoxFuture<'a, Result<Option<String>, Error>> {
        Box::pin(std::future::pending())
    }

    fn unlock<'a>(&'a self, _: &'a str, _: &'a str) -> BoxFuture<'a, Result<(), Error>> {
        Box::pin(std::future::pending())
    }
}

#[tokio::test]
async fn a_stalled_store_fails_the_call_instead_of_hanging_it() {
    let server = issuing_server(0);
    let client = builder(&server).token_store(Stalled).build().unwrap();
    let err = call(&wechat_union::Client::new(client))
        .await
        .expect_err("no token");
    let Error::Store(message) = &err else {
        panic!("expected a store error, got {err:?}");
    };
    assert!(
        message.contains("no answer to loading the token within 500ms"),
        "{message}"
    );
    assert!(server.requests().is_empty(), "nothing was sent");
}

#[test]
fn a_stalled_store_fails_blocking_calls_too() {
    let server = issuing_server(0);
    let client = builder(&server)
        .token_store(Stalled)
        .build_blocking()
        .unwrap();
    let client = wechat_union::blocking::Client::new(client);
    let (done, result) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = done.send(client.apply_status(&request()).map(drop));
    });
    let err = result
        .recv_timeout(BUDGET)
        .expect("the call ends within its budget")
        .expect_err("no token");
    assert!(matches!(err, Error::Store(_)), "{err:?}");
}

/// A store whose refresh lock another instance holds, and that never gets a token.
struct LockedElsewhere;

impl TokenStore for LockedElsewhere {
    fn load<'a>(&'a self, _: &'a str) -> BoxFuture<'a, Result<Option<StoredToken>, Error>> {
        Box::pin(async { Ok(None) })
    }

    fn save<'a>(&'a self, _: &'a str, _: &'a StoredToken) -> BoxFuture<'a, Result<(), Error>> {
        Box::pin(async { Ok(()) })
    }

    fn try_lock<'a>(
        &'a self,
        _: &'a str,
        _: Duration,
    ) -> BoxFuture<'a, Result<Option<String>, Error>> {
        Box::pin(async { Ok(None) })
    }

    fn unlock<'a>(&'a self, _: &'a str, _: &'a str) -> BoxFuture<'a, Result<(), Error>> {
        Box::pin(async { Ok(()) })
    }
}

#[tokio::test]
async fn the_wait_for_another_instance_is_reported_as_it_was() {
    let server = issuing_server(0);
    let client = Client::builder()
        .base_url(server.url())
        .credentials("wx-limits-app", "limits-app-secret")
        .timeout(Duration::from_millis(100))
        .token_store(LockedElsewhere)
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    let err = call(&wechat_union::Client::new(client))
        .await
        .expect_err("no token");
    let elapsed = started.elapsed();
    let Error::Store(message) = &err else {
        panic!("expected a store error, got {err:?}");
    };
    // "waited 10.2s for another caller or instance ...": twice the lock's lifetime of 5.1 s,
    // as it was (it used to say 5.1 s).
    let reported: f64 = message
        .strip_prefix("waited ")
        .and_then(|rest| rest.split_once("s "))
        .and_then(|(secs, _)| secs.parse().ok())
        .unwrap_or_else(|| panic!("no duration in {message:?}"));
    assert!(reported >= 10.2, "{message}");
    assert!(
        reported <= elapsed.as_secs_f64(),
        "{message}, after {elapsed:?}"
    );
}
