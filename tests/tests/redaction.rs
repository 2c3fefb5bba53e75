//! The access token appears in no Debug, Display or error text: reqwest puts the request URL,
//! which carries the token, into its errors, and the runtime must scrub it.

use std::error::Error as _;
use std::io::Read;
use std::net::TcpListener;
use std::time::Duration;

use wechat_runtime::{AccessToken, Client, StaticToken};
use wechat_testkit::MockServer;
use wechat_union::ApplyStatusRequest;

const TOKEN: &str = "SECRET-TOKEN-7f3a9c";

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

fn assert_clean(err: &wechat_runtime::Error) {
    let text = rendered(err);
    assert!(!text.contains(TOKEN), "the token leaked into: {text}");
}

fn builder(base: &str) -> wechat_runtime::ClientBuilder {
    Client::builder()
        .base_url(base)
        .access_token(TOKEN)
        .timeout(Duration::from_millis(300))
}

/// A port nobody listens on.
fn refused_url() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    drop(listener);
    format!("http://127.0.0.1:{port}")
}

/// A server that accepts a connection, reads the request and never answers.
fn silent_url() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!(
        "http://127.0.0.1:{}",
        listener.local_addr().expect("addr").port()
    );
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for mut stream in listener.incoming().flatten() {
            let mut buf = [0u8; 1024];
            let _ = stream.read(&mut buf);
            held.push(stream);
        }
    });
    url
}

fn request() -> ApplyStatusRequest {
    ApplyStatusRequest::new("plan".into())
}

#[tokio::test]
async fn async_errors_never_show_the_token() {
    for (base, kind) in [(refused_url(), "connect"), (silent_url(), "timeout")] {
        let client = wechat_union::Client::new(builder(&base).build().unwrap());
        let err = client.apply_status(&request()).await.expect_err(kind);
        assert!(
            matches!(err, wechat_runtime::Error::Transport(_)),
            "{err:?}"
        );
        assert_clean(&err);
    }
    let server = MockServer::start();
    server.respond(500, "<html>upstream error</html>");
    server.respond(200, "not json");
    server.respond(
        200,
        r#"{"errcode":40001,"errmsg":"invalid credential, access_token is invalid"}"#,
    );
    let client = wechat_union::Client::new(builder(server.url()).build().unwrap());
    for _ in 0..3 {
        let err = client.apply_status(&request()).await.expect_err("an error");
        assert_clean(&err);
    }
}

#[test]
fn blocking_errors_never_show_the_token() {
    for (base, kind) in [(refused_url(), "connect"), (silent_url(), "timeout")] {
        let client = wechat_union::blocking::Client::new(builder(&base).build_blocking().unwrap());
        let err = client.apply_status(&request()).expect_err(kind);
        let wechat_runtime::Error::Transport(transport) = &err else {
            panic!("expected a transport error, got {err:?}");
        };
        let expected = if kind == "connect" {
            wechat_runtime::TransportErrorKind::Connect
        } else {
            wechat_runtime::TransportErrorKind::Timeout
        };
        assert_eq!(transport.kind, expected);
        assert_clean(&err);
    }
    let server = MockServer::start();
    server.respond(502, "<html>bad gateway</html>");
    let client =
        wechat_union::blocking::Client::new(builder(server.url()).build_blocking().unwrap());
    let err = client.apply_status(&request()).expect_err("HTTP 502");
    assert!(err.to_string().contains("502"), "{err}");
    assert_clean(&err);
}

#[test]
fn tokens_and_clients_print_redacted() {
    let shown = format!(
        "{:?} {:?} {:?} {:?}",
        AccessToken::new(TOKEN),
        StaticToken::new(TOKEN),
        builder("http://127.0.0.1:1"),
        builder("http://127.0.0.1:1").build().unwrap(),
    );
    assert!(!shown.contains(TOKEN), "{shown}");
    assert!(shown.contains("redacted"), "{shown}");
}

#[test]
fn the_token_is_sent_where_it_belongs() {
    // The flip side of redaction: the token does reach the server, in the query string.
    let server = MockServer::start();
    server.respond(200, r#"{"errcode":0,"errmsg":"ok","data":{}}"#);
    let client =
        wechat_union::blocking::Client::new(builder(server.url()).build_blocking().unwrap());
    client.apply_status(&request()).expect("success");
    let query = &server.requests()[0].query;
    assert!(
        query.contains(&("access_token".into(), TOKEN.into())),
        "{query:?}"
    );
}
