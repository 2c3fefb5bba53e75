//! The access token and the app secret appear in no Debug, Display, error text or log line.
//! reqwest puts the request URL (which carries the token, and for `cgi-bin/token` the secret)
//! into its errors, and the runtime must scrub it. Every error path runs with a known token and
//! secret while a subscriber records every log line at TRACE level, ours and our dependencies'.

use std::error::Error as _;
use std::io::Write;
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use wechat_runtime::{
    AccessToken, AppCredentials, AppSecret, Client, ClientBuilder, RetryPolicy, StaticToken,
    StoredToken, TokenApi,
};
use wechat_testkit::{refused_url, Reply, ScriptedServer};
use wechat_union::endpoints::APPLY_STATUS;
use wechat_union::ApplyStatusRequest;

const TOKEN: &str = "SECRET-TOKEN-7f3a9c";
const SECRET: &str = "APP-SECRET-d41e08";
const CALL: &str = APPLY_STATUS.path;

/// Every log line of the test binary, at TRACE level.
fn logs() -> &'static Mutex<Vec<u8>> {
    static LOGS: OnceLock<Mutex<Vec<u8>>> = OnceLock::new();
    LOGS.get_or_init(|| {
        struct Sink;
        impl Write for Sink {
            fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
                logs().lock().unwrap().extend_from_slice(buf);
                Ok(buf.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
            .with_ansi(false)
            .with_writer(|| Sink)
            .finish();
        tracing::subscriber::set_global_default(subscriber).expect("one subscriber");
        Mutex::new(Vec::new())
    })
}

fn logged() -> String {
    String::from_utf8_lossy(&logs().lock().unwrap()).into_owned()
}

/// Everything a user could print about an error: Display, Debug and the source chain.
fn rendered(err: &wechat_runtime::Error) -> String {
    let mut text = format!("{err}\n{err:?}");
    let mut source = err.source();
    while let Some(cause) = source {
        text.push_str(&format!("\n{cause}\n{cause:?}"));
        source = cause.source();
    }
    text
}

fn assert_clean(what: &str, text: &str) {
    assert!(
        !text.contains(TOKEN),
        "{what}: the token leaked into: {text}"
    );
    assert!(
        !text.contains(SECRET),
        "{what}: the secret leaked into: {text}"
    );
}

fn retries() -> RetryPolicy {
    RetryPolicy {
        max_retries: 1,
        initial_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(2),
        ..RetryPolicy::default()
    }
}

fn with_token(base: &str) -> ClientBuilder {
    Client::builder()
        .base_url(base)
        .access_token(TOKEN)
        .timeout(Duration::from_millis(300))
        .retry(retries())
}

fn with_credentials(base: &str, api: TokenApi) -> ClientBuilder {
    Client::builder()
        .base_url(base)
        .credentials("wx-redaction", SECRET)
        .token_api(api)
        .timeout(Duration::from_millis(300))
        .retry(retries())
}

fn request() -> ApplyStatusRequest {
    ApplyStatusRequest::new("plan")
}

/// One way for a call to fail: how the server answers the token and the API call.
struct Fault {
    name: &'static str,
    token: Option<Reply>,
    call: Option<Reply>,
}

fn faults() -> Vec<Fault> {
    let slow = |reply: Reply| reply.delayed(Duration::from_secs(2));
    let good_token = || Some(Reply::token(TOKEN, 7200));
    vec![
        Fault {
            name: "token endpoint 500",
            token: Some(Reply::new(500, "<html>oops</html>")),
            call: None,
        },
        Fault {
            name: "token endpoint HTML",
            token: Some(Reply::new(200, "<html>login</html>")),
            call: None,
        },
        Fault {
            name: "token endpoint timeout",
            token: Some(slow(Reply::token(TOKEN, 7200))),
            call: None,
        },
        Fault {
            name: "token endpoint truncated",
            token: Some(Reply::token(TOKEN, 7200).truncated()),
            call: None,
        },
        Fault {
            name: "token response not JSON but holding the token",
            token: Some(Reply::new(
                200,
                format!(r#"{{"access_token":"{TOKEN}","expires_in":"#),
            )),
            call: None,
        },
        Fault {
            name: "token endpoint error",
            token: Some(Reply::new(
                200,
                r#"{"errcode":40125,"errmsg":"invalid appsecret"}"#,
            )),
            call: None,
        },
        Fault {
            name: "call 502",
            token: good_token(),
            call: Some(Reply::new(502, "<html>bad gateway</html>")),
        },
        Fault {
            name: "call HTML",
            token: good_token(),
            call: Some(Reply::new(200, "<html>maintenance</html>")),
        },
        Fault {
            name: "call timeout",
            token: good_token(),
            call: Some(slow(Reply::new(200, "{}"))),
        },
        Fault {
            name: "call truncated",
            token: good_token(),
            call: Some(Reply::new(200, "{}").truncated()),
        },
        Fault {
            name: "call busy",
            token: good_token(),
            call: Some(Reply::new(200, r#"{"errcode":-1,"errmsg":"busy"}"#)),
        },
        Fault {
            name: "call token rejected",
            token: good_token(),
            call: Some(Reply::new(
                200,
                r#"{"errcode":40001,"errmsg":"invalid credential"}"#,
            )),
        },
    ]
}

fn serve(fault: &Fault, api: TokenApi) -> ScriptedServer {
    let server = ScriptedServer::start();
    let token_path = match api {
        TokenApi::Stable => "/cgi-bin/stable_token",
        _ => "/cgi-bin/token",
    };
    if let Some(reply) = &fault.token {
        server.always_on(token_path, reply.clone());
    }
    if let Some(reply) = &fault.call {
        server.always_on(CALL, reply.clone());
    }
    server
}

#[tokio::test]
async fn async_errors_and_logs_never_show_the_token_or_the_secret() {
    logs();
    for api in [TokenApi::Stable, TokenApi::Classic] {
        for fault in faults() {
            let server = serve(&fault, api);
            let client = with_credentials(server.url(), api).build().unwrap();
            let err = wechat_union::Client::new(client)
                .apply_status(&request())
                .await
                .expect_err(fault.name);
            assert_clean(fault.name, &rendered(&err));
        }
        let client = with_credentials(&refused_url(), api).build().unwrap();
        let err = wechat_union::Client::new(client)
            .apply_status(&request())
            .await
            .expect_err("refused");
        assert_clean("token endpoint refused", &rendered(&err));
    }
    let err = wechat_union::Client::new(with_token(&refused_url()).build().unwrap())
        .apply_status(&request())
        .await
        .expect_err("refused");
    assert_clean("call refused", &rendered(&err));
    assert_clean("logs", &logged());
}

#[test]
fn blocking_errors_and_logs_never_show_the_token_or_the_secret() {
    logs();
    for api in [TokenApi::Stable, TokenApi::Classic] {
        for fault in faults() {
            let server = serve(&fault, api);
            let client = with_credentials(server.url(), api)
                .build_blocking()
                .unwrap();
            let err = wechat_union::blocking::Client::new(client)
                .apply_status(&request())
                .expect_err(fault.name);
            assert_clean(fault.name, &rendered(&err));
        }
    }
    let client = with_token(&refused_url()).build_blocking().unwrap();
    let err = wechat_union::blocking::Client::new(client)
        .apply_status(&request())
        .expect_err("refused");
    assert_clean("call refused", &rendered(&err));
    assert_clean("logs", &logged());
}

#[test]
fn each_call_has_a_span_with_endpoint_attempt_errcode_and_latency() {
    logs();
    let server = ScriptedServer::start();
    server.reply_on(CALL, Reply::new(200, r#"{"errcode":-1,"errmsg":"busy"}"#));
    server.reply_on(
        CALL,
        Reply::new(200, r#"{"errcode":202005,"errmsg":"not applied"}"#),
    );
    let client =
        wechat_union::blocking::Client::new(with_token(server.url()).build_blocking().unwrap());
    let err = client.apply_status(&request()).expect_err("202005");
    assert_eq!(err.code(), Some(202005));
    let logs = logged();
    let closed = logs
        .lines()
        .find(|line| {
            line.contains("wechat_call")
                && line.contains("close")
                && line.contains("errcode=202005")
        })
        .unwrap_or_else(|| panic!("no closed span with errcode 202005 in:\n{logs}"));
    for field in [
        format!("endpoint=\"{CALL}\""),
        "attempt=2".into(),
        "latency_ms=".into(),
    ] {
        assert!(closed.contains(&field), "{field} missing from {closed}");
    }
    assert_clean("logs", &logs);
}

#[test]
fn tokens_secrets_and_clients_print_redacted() {
    let shown = format!(
        "{:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?}",
        AccessToken::new(TOKEN),
        StaticToken::new(TOKEN),
        AppSecret::new(SECRET),
        StoredToken::issued_now(AccessToken::new(TOKEN), 7200),
        AppCredentials::new("wx", SECRET),
        with_token("http://127.0.0.1:1"),
        with_credentials("http://127.0.0.1:1", TokenApi::Stable),
        with_credentials("http://127.0.0.1:1", TokenApi::Stable)
            .build()
            .unwrap(),
    );
    assert_clean("Debug", &shown);
    assert!(shown.contains("redacted"), "{shown}");
}

#[test]
fn the_token_and_secret_are_sent_where_they_belong() {
    // The flip side of redaction: they do reach the server.
    let server = ScriptedServer::start();
    server.always_on("/cgi-bin/stable_token", Reply::token(TOKEN, 7200));
    server.respond(200, r#"{"errcode":0,"errmsg":"ok","data":{}}"#);
    let client = with_credentials(server.url(), TokenApi::Stable)
        .build_blocking()
        .unwrap();
    wechat_union::blocking::Client::new(client)
        .apply_status(&request())
        .expect("success");
    let fetch = &server.requests_to("/cgi-bin/stable_token")[0];
    assert!(String::from_utf8_lossy(&fetch.body).contains(SECRET));
    let query = &server.requests_to(CALL)[0].query;
    assert!(
        query.contains(&("access_token".into(), TOKEN.into())),
        "{query:?}"
    );
}
