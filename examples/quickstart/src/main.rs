//! The README's quickstart: `cargo run -p wechat-quickstart` starts the mock server in-process
//! (or, given a URL, uses one already running: `cargo run -p wechat-mock -- --port 8080` in
//! another shell, then `cargo run -p wechat-quickstart -- http://127.0.0.1:8080`), points a
//! client with app credentials at it, calls one endpoint of each domain and prints the typed
//! results.

use wechat_runtime::{time::Month, Date};

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
    println!("WeChat mock at {base_url}");

    // One runtime client, shared by every domain's typed client: it fetches the access token
    // with the app's credentials (from the mock's cgi-bin/stable_token) and caches it.
    let runtime = wechat_runtime::Client::builder()
        .base_url(&base_url)
        .credentials(wechat_mock::APPID, wechat_mock::APP_SECRET)
        .build()?;

    let auth = wechat_auth::Client::new(runtime.clone());
    let token = auth
        .stable_token(&wechat_auth::StableTokenRequest::new(
            wechat_auth::GrantType::ClientCredential,
            wechat_mock::APPID.into(),
            wechat_mock::APP_SECRET.into(),
        ))
        .await?;
    println!(
        "auth stable_token: a token valid for {:?} s",
        token.expires_in
    );

    let cards = wechat_card::Client::new(runtime.clone());
    let request = wechat_card::GetCardRequest::new("pbLatjnP97_F9PudzBARQhn7xR7A".into());
    let card = cards.get(&request).await?;
    match &card.card {
        Some(wechat_card::Card::Discount(discount)) => {
            let title = discount.base_info.as_ref().and_then(|b| b.title.as_deref());
            println!(
                "card get: a discount card, {title:?}, {:?}% off",
                discount.discount
            );
        }
        Some(other) => println!("card get: a {} card", other.tag()),
        None => println!("card get: no card"),
    }

    let union = wechat_union::Client::new(runtime.clone());
    let request = wechat_union::PlanInfoRequest::new("https://example.invalid/plan".into());
    let plan = union.plan_info(&request).await?;
    let name = plan.target_plan_info.and_then(|p| p.plan_name);
    println!("union plan_info: plan {name:?}");

    let promoter = wechat_promoter::Client::new(runtime.clone());
    let request =
        wechat_promoter::GetShareMaterialRequest::new("pages/index".into(), "openid".into());
    let material = promoter.get_share_material(&request).await?;
    println!(
        "promoter get_share_material: share_path {:?}",
        material.share_path
    );

    let ads = wechat_ad_analytics::Client::new(runtime);
    let day = |d| Date::from_calendar_date(2020, Month::April, d);
    let request = wechat_ad_analytics::AdposGeneralRequest::new(1, 10, day(1)?, day(30)?);
    let stats = ads.adpos_general(&request).await?;
    let rows = stats.list.map_or(0, |rows| rows.len());
    println!(
        "ad analytics adpos_general: {rows} rows of {:?}",
        stats.total_num
    );
    Ok(())
}
