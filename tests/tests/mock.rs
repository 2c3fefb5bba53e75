//! The spec-driven mock server (crates/wechat-mock): documented errors from real failed checks,
//! in every domain, and its faults, seen through the runtime client. The requests go out as raw
//! JSON through `execute`, since the typed clients refuse to send what breaks a documented limit.

use std::time::Duration;

use serde_json::{json, Value};
use wechat_mock::{Config, Fault, Server};
use wechat_runtime::{Client, Endpoint, Error, RetryPolicy, TransportErrorKind};

fn start() -> Server {
    Server::start().expect("the mock server starts")
}

fn client(mock: &Server) -> Client {
    mock.client_builder()
        .retry(RetryPolicy::none())
        .timeout(Duration::from_millis(500))
        .build()
        .expect("client")
}

async fn call(
    client: &Client,
    endpoint: &'static Endpoint,
    request: Value,
) -> Result<Value, Error> {
    client
        .execute::<Value, Value>(endpoint, Some(&request))
        .await
}

fn code(result: Result<Value, Error>) -> i64 {
    match result {
        Ok(value) => panic!("expected an API error, got {value}"),
        Err(err) => err
            .code()
            .unwrap_or_else(|| panic!("expected an API error, got {err:?}")),
    }
}

#[tokio::test]
async fn card_dates_answer_the_documented_codes() {
    let mock = start();
    let client = client(&mock);
    let span =
        |begin: &str, end: &str| json!({"begin_date": begin, "end_date": end, "cond_source": 0});
    let endpoint = &wechat_card::endpoints::DATACUBE_BIZUIN_INFO;
    // 63 days apart: over the documented 62.
    assert_eq!(
        code(call(&client, endpoint, span("2017-01-01", "2017-03-05")).await),
        61501
    );
    assert_eq!(
        code(call(&client, endpoint, span("2017/01/01", "2017-01-02")).await),
        61500
    );
    assert_eq!(
        code(call(&client, endpoint, span("2017-01-02", "2017-01-01")).await),
        61501
    );
    let ok = call(&client, endpoint, span("2017-01-01", "2017-03-04")).await;
    assert!(ok.is_ok(), "62 days are allowed: {ok:?}");
}

#[tokio::test]
async fn ad_analytics_limits_answer_1701_in_base_resp() {
    let mock = start();
    let client = client(&mock);
    let endpoint = &wechat_ad_analytics::endpoints::ADPOS_GENERAL;
    let request = |page_size: u32| json!({"page": 1, "page_size": page_size, "start_date": "2020-01-01", "end_date": "2020-01-02"});
    let err = call(&client, endpoint, request(91))
        .await
        .expect_err("page_size 91");
    let api = err.as_api().expect("an API error");
    assert_eq!(api.code, 1701);
    assert!(api.message.contains("page_size"), "{api:?}");
    assert!(call(&client, endpoint, request(90)).await.is_ok());
}

#[tokio::test]
async fn promoter_and_union_failed_checks_answer_global_invalid_args() {
    // Neither domain documents a code for a malformed request: WeChat's global 40097.
    let mock = start();
    let client = client(&mock);
    let long = "x".repeat(81);
    let material = json!({"path": "pages/index", "openid": "o", "extra_info": long});
    let endpoint = &wechat_promoter::endpoints::GET_SHARE_MATERIAL;
    assert_eq!(
        code(call(&client, endpoint, material).await),
        wechat_mock::INVALID_ARGS
    );
    let endpoint = &wechat_union::endpoints::APPLY_STATUS;
    let err = call(&client, endpoint, json!({}))
        .await
        .expect_err("no planId");
    let api = err.as_api().expect("an API error");
    assert_eq!(api.code, wechat_mock::INVALID_ARGS);
    assert!(api.message.contains("planId"), "{api:?}");
    assert_eq!(
        api.meaning,
        Some("The arguments are not valid."),
        "from WeChat's global list"
    );
}

#[tokio::test]
async fn token_endpoints_check_the_credentials() {
    let mock = start();
    let client = Client::builder()
        .base_url(mock.url())
        .build()
        .expect("client");
    let stable = &wechat_auth::endpoints::STABLE_TOKEN;
    let secret = wechat_mock::APP_SECRET;
    let request = |grant: &str, appid: &str, secret: &str| json!({"grant_type": grant, "appid": appid, "secret": secret});
    let app = wechat_mock::APPID;
    assert_eq!(
        code(call(&client, stable, request("password", app, secret)).await),
        40002
    );
    assert_eq!(
        code(call(&client, stable, request("client_credential", "", secret)).await),
        41002
    );
    // WeChat's answers to wrong credentials: an unknown AppID, a wrong secret.
    assert_eq!(
        code(
            call(
                &client,
                stable,
                request("client_credential", "wx-other", secret)
            )
            .await
        ),
        40013
    );
    assert_eq!(
        code(call(&client, stable, request("client_credential", app, "wrong")).await),
        40125
    );
    let first = call(&client, stable, request("client_credential", app, secret))
        .await
        .expect("token");
    let again = call(&client, stable, request("client_credential", app, secret))
        .await
        .expect("token");
    assert_eq!(
        first["access_token"], again["access_token"],
        "stable while valid"
    );
    assert_eq!(again["expires_in"], 7200);
}

#[tokio::test]
async fn access_tokens_and_methods_are_checked() {
    let mock = start();
    let get = &wechat_union::endpoints::APPLY_STATUS;
    let request = json!({"planId": "1"});
    let with = |token: &str| {
        Client::builder()
            .base_url(mock.url())
            .access_token(token)
            .retry(RetryPolicy::none())
            .build()
            .expect("client")
    };
    assert_eq!(
        code(call(&with("not-issued"), get, request.clone()).await),
        40001
    );
    assert!(call(&with(wechat_mock::ACCESS_TOKEN), get, request.clone())
        .await
        .is_ok());
    let raw = reqwest::Client::new();
    let answer = |response: reqwest::Response| async move {
        serde_json::from_slice::<Value>(&response.bytes().await.expect("body")).expect("JSON")
    };
    let url = format!("{}{}", mock.url(), get.path);
    let body = answer(raw.get(&url).send().await.expect("send")).await;
    assert_eq!(body["errcode"], 41001, "no access_token");
    let body = answer(
        raw.post(format!("{url}?access_token={}", wechat_mock::ACCESS_TOKEN))
            .send()
            .await
            .expect("send"),
    )
    .await;
    assert_eq!(body["errcode"], 43001, "POST to a GET endpoint");
    let missing = raw
        .get(format!("{}/no/such/path", mock.url()))
        .send()
        .await
        .expect("send");
    assert_eq!(missing.status(), 404);
    let busy = raw
        .get(format!(
            "{url}?access_token={}&planId=1",
            wechat_mock::ACCESS_TOKEN
        ))
        .header(wechat_mock::FAULT_HEADER, "busy")
        .send()
        .await
        .expect("send");
    assert_eq!(
        answer(busy).await["errcode"],
        -1,
        "a fault named in the header"
    );
}

#[tokio::test]
async fn queued_faults_reach_the_client() {
    let mock = start();
    let client = client(&mock);
    let endpoint = &wechat_union::endpoints::APPLY_STATUS;
    let request = json!({"planId": "1"});
    call(&client, endpoint, request.clone())
        .await
        .expect("warm the token");

    mock.fail_next([Fault::Busy]);
    assert_eq!(code(call(&client, endpoint, request.clone()).await), -1);
    mock.fail_next([Fault::Quota]);
    assert_eq!(code(call(&client, endpoint, request.clone()).await), 45009);
    mock.fail_next([Fault::Http500]);
    let err = call(&client, endpoint, request.clone())
        .await
        .expect_err("500");
    assert!(
        matches!(&err, Error::Transport(t) if t.kind == TransportErrorKind::HttpStatus(500)),
        "{err:?}"
    );
    mock.fail_next([Fault::Truncate]);
    let err = call(&client, endpoint, request.clone())
        .await
        .expect_err("truncated");
    assert!(
        matches!(&err, Error::Transport(t) if t.kind == TransportErrorKind::Body),
        "{err:?}"
    );
    mock.fail_next([Fault::Latency(Duration::from_secs(2))]);
    let err = call(&client, endpoint, request.clone())
        .await
        .expect_err("slow");
    assert!(
        matches!(&err, Error::Transport(t) if t.kind == TransportErrorKind::Timeout),
        "{err:?}"
    );

    // With the default retries, a busy answer is retried and the call succeeds.
    let retrying = mock
        .client_builder()
        .retry(RetryPolicy {
            initial_backoff: Duration::from_millis(1),
            ..RetryPolicy::default()
        })
        .build()
        .expect("client");
    mock.fail_next([Fault::Busy]);
    assert!(call(&retrying, endpoint, request).await.is_ok());
}

#[tokio::test]
async fn expiring_tokens_are_refreshed_by_the_client() {
    let config = Config {
        token_expiry_calls: Some(2),
        ..Config::default()
    };
    let mock = Server::start_with(config, "127.0.0.1:0".parse().expect("addr")).expect("mock");
    let client = client(&mock);
    let endpoint = &wechat_union::endpoints::APPLY_STATUS;
    for _ in 0..5 {
        call(&client, endpoint, json!({"planId": "1"}))
            .await
            .expect("refreshed on 42001");
    }
    // Five calls with two per token: the first token, and a forced refresh at calls 3 and 5.
    assert_eq!(mock.calls_to("/cgi-bin/stable_token"), 3);
    assert_eq!(
        mock.calls_to(endpoint.path),
        7,
        "five calls and two retries"
    );
}
