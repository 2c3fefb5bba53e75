//! The Redis token store against a real redis-server on 127.0.0.1, started by the test.
//! `scripts/install-test-deps` installs redis-server on a fresh machine; `scripts/test` runs it.

use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use wechat_runtime::{AccessToken, Client, RedisStore, RetryPolicy, StoredToken, TokenStore};
use wechat_testkit::{free_port, Reply, ScriptedServer, StallServer};
use wechat_union::endpoints::APPLY_STATUS;
use wechat_union::ApplyStatusRequest;

const STABLE: &str = "/cgi-bin/stable_token";
const CALL: &str = APPLY_STATUS.path;
const OK: &str = r#"{"errcode":0,"errmsg":"ok","data":{}}"#;

/// A redis-server of the test's own, on a free port of 127.0.0.1, stopped when dropped.
struct Redis {
    child: Child,
    url: String,
}

impl Redis {
    fn start() -> Redis {
        let port = free_port();
        let child = Command::new("redis-server")
            .args(["--bind", "127.0.0.1", "--port", &port.to_string()])
            .args(["--save", "", "--appendonly", "no"])
            .stdout(Stdio::null())
            .spawn()
            .unwrap_or_else(|err| {
                panic!("cannot start redis-server ({err}): run scripts/install-test-deps first")
            });
        let deadline = Instant::now() + Duration::from_secs(10);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "redis-server did not start");
            std::thread::sleep(Duration::from_millis(20));
        }
        Redis {
            child,
            url: format!("redis://127.0.0.1:{port}/0"),
        }
    }
}

impl Drop for Redis {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn request() -> ApplyStatusRequest {
    ApplyStatusRequest::new("plan")
}

#[tokio::test]
async fn the_store_keeps_tokens_and_one_lock_holder() {
    let redis = Redis::start();
    let store = RedisStore::open(&redis.url).expect("store");
    assert_eq!(store.load("k").await.expect("load"), None);
    let token = StoredToken::issued_now(AccessToken::new("T1"), 7200);
    store.save("k", &token).await.expect("save");
    assert_eq!(store.load("k").await.expect("load"), Some(token));

    let ttl = Duration::from_secs(5);
    let first = store.try_lock("k", ttl).await.expect("lock").expect("free");
    assert_eq!(store.try_lock("k", ttl).await.expect("lock"), None, "held");
    store.unlock("k", "someone-else").await.expect("unlock");
    assert_eq!(
        store.try_lock("k", ttl).await.expect("lock"),
        None,
        "still held"
    );
    store.unlock("k", &first).await.expect("unlock");
    assert!(
        store.try_lock("k", ttl).await.expect("lock").is_some(),
        "free again"
    );

    let short = store
        .try_lock("short", Duration::from_millis(50))
        .await
        .expect("lock");
    assert!(short.is_some());
    tokio::time::sleep(Duration::from_millis(120)).await;
    assert!(
        store.try_lock("short", ttl).await.expect("lock").is_some(),
        "an abandoned lock expires"
    );
}

#[test]
fn two_processes_share_a_cold_token() {
    let redis = Redis::start();
    let server = ScriptedServer::start();
    // Slow enough that both processes are inside the refresh at once.
    server.always_on(
        STABLE,
        Reply::token("SHARED", 7200).delayed(Duration::from_millis(400)),
    );
    server.always_on(CALL, Reply::new(200, OK));
    let children: Vec<Child> = (0..2)
        .map(|_| {
            Command::new(env!("CARGO_BIN_EXE_token-client"))
                .args([server.url(), redis.url.as_str()])
                .spawn()
                .expect("spawn token-client")
        })
        .collect();
    for mut child in children {
        assert!(child.wait().expect("wait").success(), "token-client failed");
    }
    assert_eq!(
        server.requests_to(STABLE).len(),
        1,
        "exactly one token request"
    );
    assert_eq!(server.tokens_sent_to(CALL), ["SHARED", "SHARED"]);
}

#[tokio::test]
async fn a_rejected_token_is_refreshed_only_if_it_is_still_the_stored_one() {
    let redis = Redis::start();
    let server = ScriptedServer::start();
    server.reply_on(STABLE, Reply::token("T1", 7200));
    server.reply_on(STABLE, Reply::token("T2", 7200));
    server.always_on(CALL, Reply::new(200, OK));
    let client = || {
        let runtime = Client::builder()
            .base_url(server.url())
            .credentials("wx-shared-app", "shared-app-secret")
            .token_store(RedisStore::open(&redis.url).expect("store"))
            .retry(RetryPolicy::none())
            .build()
            .expect("client");
        wechat_union::Client::new(runtime)
    };
    let (a, b) = (client(), client());
    a.apply_status(&request()).await.expect("a");
    b.apply_status(&request()).await.expect("b");
    assert_eq!(
        server.tokens_sent_to(CALL),
        ["T1", "T1"],
        "b found a's token in Redis"
    );

    // WeChat rejects T1: a refreshes it; b, rejected next, finds T2 already stored.
    let rejected = r#"{"errcode":40001,"errmsg":"invalid credential"}"#;
    server.reply_on(CALL, Reply::new(200, rejected));
    a.apply_status(&request()).await.expect("a retries with T2");
    server.reply_on(CALL, Reply::new(200, rejected));
    b.apply_status(&request()).await.expect("b retries with T2");
    assert_eq!(server.tokens_sent_to(CALL)[2..], ["T1", "T2", "T1", "T2"]);
    assert_eq!(
        server.requests_to(STABLE).len(),
        2,
        "b did not refresh a token that was no longer stored"
    );
}

#[tokio::test]
async fn an_unreachable_redis_is_a_store_error() {
    let port = free_port();
    let server = ScriptedServer::start();
    let runtime = Client::builder()
        .base_url(server.url())
        .credentials("wx-app", "app-secret")
        .token_store(RedisStore::open(&format!("redis://127.0.0.1:{port}/0")).expect("url"))
        .build()
        .expect("client");
    let err = wechat_union::Client::new(runtime)
        .apply_status(&request())
        .await
        .expect_err("no redis");
    assert!(matches!(err, wechat_runtime::Error::Store(_)), "{err:?}");
    assert!(server.requests().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn a_stalled_redis_fails_store_operations_within_their_timeouts() {
    // Accepts connections, never answers: a Redis whose event loop is stuck.
    let stalled = StallServer::start();
    let url = format!("redis://127.0.0.1:{}/0", stalled.port());
    let store = RedisStore::open(&url)
        .expect("url")
        .timeouts(Duration::from_millis(200), Duration::from_millis(200));
    let guard = Duration::from_secs(20);
    let load = tokio::time::timeout(guard, store.load("k")).await;
    let err = load
        .expect("the store answers within its budget")
        .expect_err("stalled");
    assert!(matches!(err, wechat_runtime::Error::Store(_)), "{err:?}");

    // Through a client, with the store's default timeouts: the client's own bound applies.
    let server = ScriptedServer::start();
    let runtime = Client::builder()
        .base_url(server.url())
        .credentials("wx-app", "app-secret")
        .timeout(Duration::from_millis(300))
        .token_store(RedisStore::open(&url).expect("url"))
        .build()
        .expect("client");
    let call = wechat_union::Client::new(runtime);
    let result = tokio::time::timeout(guard, call.apply_status(&request())).await;
    let err = result
        .expect("the call ends within its budget")
        .expect_err("stalled");
    assert!(matches!(err, wechat_runtime::Error::Store(_)), "{err:?}");
    assert!(server.requests().is_empty(), "nothing was sent");
    assert!(stalled.connections() >= 1);
}
