//! Decode speed of the generated types, against `serde_json::Value` and against plain
//! serde-derived structs that drop unknown fields (the price of losslessness).
//!
//! Run: `cargo bench -p wechat-benches --bench decode`.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use serde::Deserialize;
use wechat_benches::{page, spec_example};

#[path = "../plain.rs"]
mod plain;

/// The generated type against the plain derive and `Value`; `borrowed`, where given, decodes
/// the same fields with borrowed strings (the bound without string allocations).
fn bench<Typed, Plain>(c: &mut Criterion, name: &str, json: &str, borrowed: Option<fn(&str)>)
where
    Typed: for<'de> Deserialize<'de>,
    Plain: for<'de> Deserialize<'de>,
{
    let mut group = c.benchmark_group(name);
    group.throughput(criterion::Throughput::Bytes(json.len() as u64));
    if let Some(borrowed) = borrowed {
        group.bench_function("plain_derive_borrowed_strings", |b| {
            b.iter(|| borrowed(black_box(json)))
        });
    }
    group.bench_function("generated", |b| {
        b.iter(|| serde_json::from_str::<Typed>(black_box(json)).expect("decodes"))
    });
    group.bench_function("plain_derive", |b| {
        b.iter(|| serde_json::from_str::<Plain>(black_box(json)).expect("decodes"))
    });
    group.bench_function("serde_json_value", |b| {
        b.iter(|| serde_json::from_str::<serde_json::Value>(black_box(json)).expect("decodes"))
    });
    group.finish();
}

fn decode(c: &mut Criterion) {
    let adpos = page(
        &spec_example("ad_analytics.yaml", "adpos_general", "response"),
        "list",
        90,
    );
    bench::<wechat_ad_analytics::AdposGeneralResponse, plain::AdposGeneralResponse>(
        c,
        "adpos_general_90_rows",
        &adpos,
        None,
    );
    let orders = page(
        &spec_example("promoter.yaml", "get_order", "response"),
        "order_list",
        100,
    );
    bench::<wechat_promoter::GetOrderResponse, plain::GetOrderResponse>(
        c,
        "promoter_get_order_100_rows",
        &orders,
        Some(|json| {
            let response: plain::GetOrderResponse<&str> =
                serde_json::from_str(json).expect("decodes");
            black_box(response);
        }),
    );
    let detail = page(
        &spec_example("card.yaml", "datacube_member_card_detail", "response"),
        "list",
        62,
    );
    bench::<wechat_card::MemberCardDetailResponse, plain::MemberCardDetailResponse>(
        c,
        "member_card_detail_62_days",
        &detail,
        None,
    );
    // The tagged card has no plain-derive equivalent (serde has no "content key named by the
    // tag value" form): typed against Value only.
    let card = spec_example("card.yaml", "get", "discount");
    let mut group = c.benchmark_group("card_get_discount");
    group.bench_function("generated", |b| {
        b.iter(|| {
            serde_json::from_str::<wechat_card::GetCardResponse>(black_box(&card)).expect("decodes")
        })
    });
    group.bench_function("serde_json_value", |b| {
        b.iter(|| serde_json::from_str::<serde_json::Value>(black_box(&card)).expect("decodes"))
    });
    group.finish();
    let plan = spec_example("union.yaml", "plan_info", "response");
    let mut group = c.benchmark_group("union_plan_info");
    group.bench_function("generated", |b| {
        b.iter(|| {
            serde_json::from_str::<wechat_union::PlanInfoResponse>(black_box(&plan))
                .expect("decodes")
        })
    });
    group.bench_function("serde_json_value", |b| {
        b.iter(|| serde_json::from_str::<serde_json::Value>(black_box(&plan)).expect("decodes"))
    });
    group.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(30)
        .warm_up_time(std::time::Duration::from_millis(500))
        .measurement_time(std::time::Duration::from_secs(2))
}

criterion_group! {
    name = benches;
    config = config();
    targets = decode
}
criterion_main!(benches);
