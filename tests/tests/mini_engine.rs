//! The Mini Program engine features end to end, on the fixture `mini_fixture.yaml`: the typed
//! client against a scripted server (what goes on the wire) and against the mock server serving
//! the fixture (what WeChat would answer): app credentials, signed requests, binary answers,
//! `yyyymmdd` dates and their calendar rules.

use std::time::Duration;

use serde_json::{json, Value};
use wechat_fixture_mini as mini;
use wechat_mock::{Config, Server};
use wechat_runtime::{time::Month, Client, Date, Error, RetryPolicy};
use wechat_testkit::{Reply, ScriptedServer, TEST_APP_SECRET};

const FIXTURE: &str = include_str!("../fixtures/spec/mini_fixture.yaml");

fn mock_with(config: Config) -> Server {
    let config = Config {
        extra_specs: vec![(
            "tests/fixtures/spec/mini_fixture.yaml".into(),
            FIXTURE.into(),
        )],
        ..config
    };
    Server::start_with(config, "127.0.0.1:0".parse().expect("an address")).expect("the mock starts")
}

fn client_of(mock: &Server, appid: &str, secret: &str) -> mini::Client {
    let runtime = Client::builder()
        .base_url(mock.url())
        .credentials(appid, secret)
        .retry(RetryPolicy::none())
        .timeout(Duration::from_secs(5))
        .build()
        .expect("client");
    mini::Client::new(runtime)
}

fn day(year: i32, month: Month, d: u8) -> Date {
    Date::from_calendar_date(year, month, d).expect("a date")
}

fn code(err: &Error) -> i64 {
    err.code()
        .unwrap_or_else(|| panic!("expected an API error, got {err:?}"))
}

#[tokio::test]
async fn app_credentials_travel_in_the_query_and_need_a_client_with_them() {
    let server = ScriptedServer::start();
    server.respond(200, r#"{"openid":"o1","session_key":"k1"}"#);
    let client = mini::Client::new(server.credentials_client());
    let request = mini::CodeToSessionRequest::new("JSCODE");
    client
        .code_to_session(&request)
        .await
        .expect("the call succeeds");
    let sent = &server.requests()[0];
    let param = |k: &str| {
        sent.query
            .iter()
            .find(|(q, _)| q == k)
            .map(|(_, v)| v.as_str())
    };
    assert_eq!(param("appid"), Some(wechat_testkit::TEST_APPID));
    assert_eq!(param("secret"), Some(TEST_APP_SECRET));
    assert_eq!(param("js_code"), Some("JSCODE"));
    assert_eq!(param("access_token"), None, "no access token is needed");

    // A client with a token but no credentials cannot send them: refused before sending.
    let without = mini::Client::new(server.client());
    let err = without
        .code_to_session(&request)
        .await
        .expect_err("no credentials");
    assert!(
        matches!(&err, Error::Config(m) if m.contains("credentials()")),
        "{err:?}"
    );
    assert_eq!(server.requests().len(), 1, "nothing more was sent");
}

#[tokio::test]
async fn an_external_token_and_app_credentials_serve_one_client() {
    // A token from elsewhere (a central token service) for the calls that take one, and the
    // app's credentials for code-to-session, whichever order they are given in.
    let server = ScriptedServer::start();
    for (first, second) in [(true, false), (false, true)] {
        let mut builder = Client::builder()
            .base_url(server.url())
            .retry(RetryPolicy::none());
        for token_first in [first, second] {
            builder = if token_first {
                builder.access_token("EXTERNAL_TOKEN")
            } else {
                builder.credentials(wechat_testkit::TEST_APPID, TEST_APP_SECRET)
            };
        }
        let client = mini::Client::new(builder.build().expect("client"));
        server.respond(200, r#"{"openid":"o1","session_key":"k1"}"#);
        client
            .code_to_session(&mini::CodeToSessionRequest::new("JSCODE"))
            .await
            .expect("code to session");
        server.respond(200, r#"{"errcode":0,"errmsg":"ok"}"#);
        client
            .check_session(&mini::CheckSessionRequest::new("o1", "key"))
            .await
            .expect("check session");
    }
    let requests = server.requests();
    assert_eq!(
        requests.len(),
        4,
        "no token was fetched: the external one is used"
    );
    let param = |i: usize, k: &str| {
        requests[i]
            .query
            .iter()
            .find(|(q, _)| q == k)
            .map(|(_, v)| v.clone())
    };
    for (session, checked) in [(0, 1), (2, 3)] {
        assert_eq!(param(session, "secret").as_deref(), Some(TEST_APP_SECRET));
        assert_eq!(param(session, "access_token"), None);
        assert_eq!(
            param(checked, "access_token").as_deref(),
            Some("EXTERNAL_TOKEN")
        );
        assert_eq!(param(checked, "secret"), None);
    }
}

#[tokio::test]
async fn the_app_secret_never_shows_in_errors_or_debug() {
    // Nothing listens: the transport error must not carry the URL's secret.
    let runtime = Client::builder()
        .base_url(wechat_testkit::refused_url())
        .credentials("wx-app", "the-app-secret-123")
        .retry(RetryPolicy::none())
        .build()
        .expect("client");
    let client = mini::Client::new(runtime);
    let err = client
        .code_to_session(&mini::CodeToSessionRequest::new("JSCODE"))
        .await
        .expect_err("nothing listens");
    for shown in [format!("{err}"), format!("{err:?}"), format!("{client:?}")] {
        assert!(!shown.contains("the-app-secret-123"), "{shown}");
    }
}

#[tokio::test]
async fn signed_requests_send_the_hmac_never_the_session_key() {
    let server = ScriptedServer::start();
    server.respond(200, r#"{"errcode":0,"errmsg":"ok"}"#);
    server.respond(
        200,
        r#"{"errcode":0,"errmsg":"ok","openid":"o1","session_key":"new"}"#,
    );
    let client = mini::Client::new(server.client());
    let check = mini::CheckSessionRequest::new("o1", "the-session-key");
    client.check_session(&check).await.expect("checked");
    let reset = mini::ResetSessionRequest::new("o1", String::from("the-session-key"));
    client.reset_session(&reset).await.expect("reset");
    // HMAC-SHA256 of "" keyed with "the-session-key", computed independently (Python's hmac).
    let expected = "baa92386a2c0203e1c2517c56101c0e2c4cbb3d471a1b8551d04f04bd86d02b3".to_owned();
    let requests = server.requests();
    // GET: in the query.
    let query = &requests[0].query;
    assert!(
        query.contains(&("signature".into(), expected.clone())),
        "{query:?}"
    );
    assert!(
        query.contains(&("sig_method".into(), "hmac_sha256".into())),
        "{query:?}"
    );
    // POST: in the JSON body.
    let body: Value = serde_json::from_slice(&requests[1].body).expect("a JSON body");
    assert_eq!(
        body,
        json!({"openid": "o1", "signature": expected, "sig_method": "hmac_sha256"})
    );
    for r in &requests {
        let sent = format!("{:?} {}", r.query, String::from_utf8_lossy(&r.body));
        assert!(!sent.contains("the-session-key"), "{sent}");
    }
    // The key never prints, in the request's Debug or anywhere it is kept.
    for shown in [format!("{check:?}"), format!("{reset:?}")] {
        assert!(!shown.contains("the-session-key"), "{shown}");
        assert!(shown.contains("<redacted>"), "{shown}");
    }
    assert_eq!(check.session_key.expose(), "the-session-key");
}

#[tokio::test]
async fn binary_answers_bytes_or_the_typed_error() {
    let server = ScriptedServer::start();
    server.reply(Reply::bytes(200, "image/jpeg", b"\xff\xd8\xff\xe0jpeg"));
    server.respond(
        200,
        r#"{"errcode":45009,"errmsg":"reach max api daily quota limit"}"#,
    );
    // WeChat does not always label its JSON errors.
    server.reply(Reply::bytes(
        200,
        "image/jpeg",
        br#"{"errcode":40001,"errmsg":"bad"}"#,
    ));
    let client = mini::Client::new(server.client());
    let request = mini::GetCodeRequest::new("pages/index").with_width(430u32);
    let image = client.get_code(&request).await.expect("an image");
    assert_eq!(image.content_type, "image/jpeg");
    assert_eq!(image.bytes, b"\xff\xd8\xff\xe0jpeg");
    assert!(format!("{image:?}").contains("len"), "{image:?}");
    let err = client.get_code(&request).await.expect_err("a JSON error");
    assert_eq!(mini::ErrorCode::of(&err), Some(mini::ErrorCode::DailyQuota));
    let err = client
        .get_code(&request)
        .await
        .expect_err("an unlabelled JSON error");
    assert_eq!(code(&err), 40001);
}

#[tokio::test]
async fn yyyymmdd_dates_on_the_wire_and_calendar_rules_before_sending() {
    let server = ScriptedServer::start();
    server.respond(200, r#"{"list":[]}"#);
    server.respond(200, r#"{"list":[]}"#);
    let client = mini::Client::new(server.client());
    let week = mini::WeeklyRequest::new(day(2017, Month::March, 6), day(2017, Month::March, 12));
    client
        .weekly_trend(&week)
        .await
        .expect("a Monday-to-Sunday week");
    let body: Value = serde_json::from_slice(&server.requests()[0].body).expect("JSON");
    assert_eq!(
        body,
        json!({"begin_date": "20170306", "end_date": "20170312"})
    );
    let month = mini::MonthlyRequest::new(
        day(2016, Month::February, 1),
        day(2016, Month::February, 29),
    );
    client.monthly_trend(&month).await.expect("a whole month");

    let refused = [
        (
            client
                .weekly_trend(&mini::WeeklyRequest::new(
                    day(2017, Month::March, 7),
                    day(2017, Month::March, 13),
                ))
                .await,
            "a Monday",
        ),
        (
            client
                .daily_trend(&mini::DailyRequest::new(
                    day(2017, Month::March, 7),
                    day(2017, Month::March, 8),
                ))
                .await,
            "the same day",
        ),
        (
            client
                .monthly_trend(&mini::MonthlyRequest::new(
                    day(2017, Month::March, 1),
                    day(2017, Month::March, 30),
                ))
                .await,
            "whole month",
        ),
        (
            client
                .user_portrait(&mini::PortraitRequest::new(
                    day(2017, Month::March, 1),
                    day(2017, Month::March, 3),
                ))
                .await,
            "0 or 6 or 29 days",
        ),
    ];
    for (result, rule) in refused {
        let err = result.expect_err("refused before sending");
        let Error::Validation(invalid) = &err else {
            panic!("expected a validation error, got {err:?}");
        };
        assert_eq!(invalid.field, "end_date");
        assert!(invalid.constraint.contains(rule), "{invalid}");
        assert!(invalid.constraint.contains("begin_date"), "{invalid}");
    }
    assert_eq!(
        server.requests().len(),
        2,
        "only the valid ranges were sent"
    );
}

#[test]
fn the_verdict_event_decodes() {
    let event: mini::MediaCheckEvent = wechat_testkit::decode(
        r#"{"ToUserName":"gh_1","Event":"wxa_media_check","trace_id":"t1","result":{"suggest":"risky","label":20001}}"#,
    );
    assert_eq!(event.trace_id.as_deref(), Some("t1"));
    assert_eq!(event.result.and_then(|r| r.label), Some(20001));
}

#[tokio::test]
async fn the_mock_checks_app_credentials() {
    let mock = mock_with(Config::default().with_app("wx-other", "other-secret"));
    let request = mini::CodeToSessionRequest::new("JSCODE");
    let login = |appid: &str, secret: &str| client_of(&mock, appid, secret);
    let ok = login("wx-other", "other-secret")
        .code_to_session(&request)
        .await;
    assert!(ok.is_ok(), "{ok:?}");
    let err = login("wx-unknown", "other-secret")
        .code_to_session(&request)
        .await
        .expect_err("bad AppID");
    assert_eq!(code(&err), 40013);
    let err = login("wx-other", "wrong")
        .code_to_session(&request)
        .await
        .expect_err("bad secret");
    assert_eq!(code(&err), 40125);
    // Only the configured apps: the default pair is not accepted beside them.
    let err = login(wechat_mock::APPID, wechat_mock::APP_SECRET)
        .code_to_session(&request)
        .await
        .expect_err("not configured");
    assert_eq!(code(&err), 40013);
}

#[tokio::test]
async fn the_mock_token_endpoints_check_credentials() {
    let mock = mock_with(Config::default());
    let auth = |appid: &str, secret: &str| {
        let runtime = Client::builder()
            .base_url(mock.url())
            .retry(RetryPolicy::none())
            .build()
            .expect("client");
        let request = wechat_auth::StableTokenRequest::new(
            wechat_auth::GrantType::ClientCredential,
            appid,
            secret,
        );
        (wechat_auth::Client::new(runtime), request)
    };
    let (client, request) = auth(wechat_mock::APPID, wechat_mock::APP_SECRET);
    client
        .stable_token(&request)
        .await
        .expect("the default pair gets a token");
    let (client, request) = auth("wx-nobody", wechat_mock::APP_SECRET);
    assert_eq!(
        code(&client.stable_token(&request).await.expect_err("40013")),
        40013
    );
    let (client, request) = auth(wechat_mock::APPID, "nope");
    assert_eq!(
        code(&client.stable_token(&request).await.expect_err("40125")),
        40125
    );
}

#[tokio::test]
async fn the_mock_verifies_signatures_with_the_session_it_issued() {
    let mock = mock_with(Config::default());
    let client = client_of(&mock, wechat_mock::APPID, wechat_mock::APP_SECRET);
    let session = client
        .code_to_session(&mini::CodeToSessionRequest::new("JSCODE"))
        .await
        .expect("a session");
    // A session key WeChat answers is a `Secret` too: never in `Debug`.
    let issued = session
        .session_key
        .as_ref()
        .expect("a key")
        .expose()
        .to_owned();
    assert!(!format!("{session:?}").contains(&issued), "{session:?}");
    let (openid, key) = (
        session.openid.expect("an openid"),
        session.session_key.expect("a key"),
    );
    let good = mini::CheckSessionRequest::new(openid.clone(), key.clone());
    client
        .check_session(&good)
        .await
        .expect("the issued key signs");
    let bad = mini::CheckSessionRequest::new(openid.clone(), "another-key");
    let err = client.check_session(&bad).await.expect_err("a wrong key");
    assert_eq!(
        mini::ErrorCode::of(&err),
        Some(mini::ErrorCode::InvalidSignature)
    );
    // Resetting issues a new key for the same user: the old one stops signing.
    let reset = client
        .reset_session(&mini::ResetSessionRequest::new(openid.clone(), key.clone()))
        .await
        .expect("reset");
    assert_eq!(reset.openid.as_deref(), Some(openid.as_str()));
    let new_key = reset.session_key.expect("a new key");
    assert_ne!(new_key, key);
    let err = client.check_session(&good).await.expect_err("the old key");
    assert_eq!(code(&err), 87009);
    client
        .check_session(&mini::CheckSessionRequest::new(openid, new_key))
        .await
        .expect("the new key signs");
}

#[tokio::test]
async fn the_mock_answers_a_png_and_date_rule_errors() {
    let mock = mock_with(Config::default());
    let client = client_of(&mock, wechat_mock::APPID, wechat_mock::APP_SECRET);
    let image = client
        .get_code(&mini::GetCodeRequest::new("pages/index"))
        .await
        .expect("an image");
    assert_eq!(image.content_type, "image/png");
    assert_eq!(image.bytes, wechat_mock::PNG);

    // Raw requests, past the client's own checks: the mock answers the documented code.
    let runtime = mock
        .client_builder()
        .retry(RetryPolicy::none())
        .build()
        .expect("client");
    let call = |endpoint, body: Value| {
        let runtime = runtime.clone();
        async move { runtime.execute::<Value, Value>(endpoint, Some(&body)).await }
    };
    let week = &mini::endpoints::WEEKLY_TREND;
    let ok = call(
        week,
        json!({"begin_date": "20170306", "end_date": "20170312"}),
    )
    .await;
    assert!(ok.is_ok(), "{ok:?}");
    let err = call(
        week,
        json!({"begin_date": "20170307", "end_date": "20170313"}),
    )
    .await
    .expect_err("not a week");
    assert_eq!(code(&err), 61501);
    let portrait = &mini::endpoints::USER_PORTRAIT;
    let err = call(
        portrait,
        json!({"begin_date": "20170301", "end_date": "20170303"}),
    )
    .await
    .expect_err("2 days");
    assert_eq!(code(&err), 61501);
    // The dashed form is not this endpoint's: invalid args.
    let err = call(
        week,
        json!({"begin_date": "2017-03-06", "end_date": "2017-03-12"}),
    )
    .await
    .expect_err("dashed");
    assert_eq!(code(&err), wechat_mock::INVALID_ARGS);
}

#[tokio::test]
async fn a_session_key_in_a_body_that_fails_to_decode_is_hidden() {
    let server = ScriptedServer::start();
    server.respond(200, r#"{"openid": 5, "session_key": "leaky-session-key"}"#);
    let client = mini::Client::new(server.credentials_client());
    let err = client
        .code_to_session(&mini::CodeToSessionRequest::new("JSCODE"))
        .await
        .expect_err("openid is not a string");
    let Error::Decode(decode) = &err else {
        panic!("expected a decode error, got {err:?}");
    };
    assert!(decode.body.contains("\"openid\": 5"), "{}", decode.body);
    for shown in [format!("{err}"), format!("{err:?}")] {
        assert!(!shown.contains("leaky-session-key"), "{shown}");
    }
}
