//! The README's quickstart: `cargo run -p wechat-quickstart` starts the mock server in-process
//! (or, given a URL, uses one already running: `cargo run -p wechat-mock -- --port 8080` in
//! another shell, then `cargo run -p wechat-quickstart -- http://127.0.0.1:8080`), points a
//! client with app credentials at it, calls one endpoint of each domain and prints the typed
//! results. It depends on the domain crates only: each re-exports the runtime's client.

use wechat_card::{time::Month, Date, RuntimeClient};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The in-process server stops when `_mock` goes out of scope, at the end of main.
    let (_mock, base_url) = match std::env::args().nth(1) {
        Some(url) => (None, url),
        None => {
            let mock = wechat_mock::Server::start()?;
            let url = mock.url().to_owned();
            (Some(mock), url)
        }
    };
    println!("Calling the WeChat mock at {base_url}.");

    // One runtime client, shared by every domain's typed client: it fetches the access token
    // with the app's credentials (from the mock's cgi-bin/stable_token) and caches it.
    let runtime = RuntimeClient::builder()
        .base_url(&base_url)
        .credentials(wechat_mock::APPID, wechat_mock::APP_SECRET)
        .build()?;

    let auth = wechat_auth::Client::new(runtime.clone());
    let request = wechat_auth::StableTokenRequest::new(
        wechat_auth::GrantType::ClientCredential,
        wechat_mock::APPID,
        wechat_mock::APP_SECRET,
    );
    let token = auth.stable_token(&request).await?;
    match token.expires_in {
        Some(seconds) => println!("Got an access token, valid for {seconds} seconds."),
        None => println!("Got an access token; WeChat did not say for how long."),
    }

    // A Mini Program's login: the code `wx.login()` gave the user's device becomes their
    // openid and session key (printed redacted: it is a credential).
    let login = wechat_login::Client::new(runtime.clone());
    let session = login
        .code_to_session(&wechat_login::CodeToSessionRequest::new("CODE"))
        .await?;
    match (&session.openid, &session.session_key) {
        (Some(openid), Some(key)) => println!("User {openid} logged in; session key {key:?}."),
        _ => println!("The login answered no openid or session key."),
    }

    let cards = wechat_card::Client::new(runtime.clone());
    let card_id = "pbLatjnP97_F9PudzBARQhn7xR7A";
    let card = cards
        .get(&wechat_card::GetCardRequest::new(card_id))
        .await?;
    match &card.card {
        Some(wechat_card::Card::Discount(discount)) => {
            let title = discount.base_info.as_ref().and_then(|b| b.title.as_deref());
            let off = discount
                .discount
                .map_or("an unknown".to_owned(), |d| format!("{d}%"));
            println!(
                "Card {card_id} is a discount card, \"{}\", with {off} off.",
                title.unwrap_or("untitled")
            );
        }
        Some(other) => println!("Card {card_id} is a {} card.", other.tag()),
        None => println!("Card {card_id} was not found."),
    }

    let union = wechat_union::Client::new(runtime.clone());
    let request = wechat_union::PlanInfoRequest::new("https://example.invalid/plan");
    let plan = union.plan_info(&request).await?;
    match plan.target_plan_info.and_then(|p| p.plan_name) {
        Some(name) => println!("The targeted plan is called \"{name}\"."),
        None => println!("The targeted plan has no name."),
    }

    let promoter = wechat_promoter::Client::new(runtime.clone());
    let request = wechat_promoter::GetShareMaterialRequest::new("pages/index", "openid");
    let material = promoter.get_share_material(&request).await?;
    match material.share_path {
        Some(path) => println!("The promoter's share path is {path}."),
        None => println!("The promoter has no share path."),
    }

    let ads = wechat_ad_analytics::Client::new(runtime);
    let day = |d| Date::from_calendar_date(2020, Month::April, d);
    let request = wechat_ad_analytics::AdposGeneralRequest::new(1, 10, day(1)?, day(30)?);
    let stats = ads.adpos_general(&request).await?;
    let rows = stats.list.map_or(0, |rows| rows.len());
    match stats.total_num {
        Some(total) => println!("Ad positions in April 2020: {rows} rows of {total}."),
        None => println!("Ad positions in April 2020: {rows} rows."),
    }
    Ok(())
}
