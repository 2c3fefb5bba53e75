//! The README's quickstart: `cargo run -p wechat-quickstart` starts the mock server in-process
//! (or, given a URL, uses one already running: `cargo run -p wechat-mock -- --port 8080` in
//! another shell, then `cargo run -p wechat-quickstart -- http://127.0.0.1:8080`), points a
//! client with app credentials at it, calls one endpoint of each domain and prints the typed
//! results.

use wechat_runtime::{time::Month, Date};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Keep the in-process server alive until the end of main.
    let (_mock, base_url) = match std::env::args().nth(1) {
        Some(url) => (None, url),
        None => {
            let mock = wechat_mock::Server::start()?;
            let url = mock.url().to_owned();
            (Some(mock), url)
        }
    };
    println!("WeChat mock at {base_url}");

    // One runtime client (tokens fetched and cached from the app credentials), shared by
    // every domain's typed client.
    let runtime = wechat_runtime::Client::builder()
        .base_url(&base_url)
        .credentials(wechat_mock::APPID, wechat_mock::APP_SECRET)
        .build()?;

    let cards = wechat_card::Client::new(runtime.clone());
    let card = cards
        .get(&wechat_card::GetCardRequest::new(
            "pbLatjnP97_F9PudzBARQhn7xR7A".into(),
        ))
        .await?;
    let card_type = card.card.as_ref().map(|c| format!("{c:?}"));
    println!("card/get: {}", shorten(card_type.unwrap_or_default()));

    let union = wechat_union::Client::new(runtime.clone());
    let plan = union
        .plan_info(&wechat_union::PlanInfoRequest::new(
            "https://example.invalid/plan".into(),
        ))
        .await?;
    let name = plan.target_plan_info.and_then(|p| p.plan_name);
    println!(
        "union plan_info: plan {name:?}, {} products",
        plan.product_list_info.map_or(0, |p| p.len())
    );

    let promoter = wechat_promoter::Client::new(runtime.clone());
    let material = promoter
        .get_share_material(&wechat_promoter::GetShareMaterialRequest::new(
            "pages/index/index".into(),
            "openid".into(),
        ))
        .await?;
    println!(
        "promoter get_share_material: share_path {:?}",
        material.share_path
    );

    let ads = wechat_ad_analytics::Client::new(runtime);
    let day = |d| Date::from_calendar_date(2020, Month::April, d);
    let stats = ads
        .adpos_general(&wechat_ad_analytics::AdposGeneralRequest::new(
            1,
            10,
            day(1)?,
            day(30)?,
        ))
        .await?;
    println!(
        "ad analytics adpos_general: {} rows of {:?}",
        stats.list.map_or(0, |l| l.len()),
        stats.total_num
    );
    Ok(())
}

/// The first 160 characters of a long debug print.
fn shorten(text: String) -> String {
    match text.char_indices().nth(160) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text,
    }
}
