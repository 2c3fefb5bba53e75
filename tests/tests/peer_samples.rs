//! Another SDK's JSON samples (`tests/data/peer-samples/skit`, copied from the team's
//! `shared/peer-samples`; see its SOURCE.md for origin and licence) decode through our
//! generated types and re-encode losslessly. A sample of an endpoint we do not cover yet is
//! listed in `PENDING`, so none is skipped without a reason.

use std::path::PathBuf;

use wechat_workspace_tests::workspace_root;

type Check = fn(&str);

/// Every sample of a spec'd endpoint, and the type it must round-trip through.
const COVERED: &[(&str, Check)] = &[
    ("card_batchget.request.json", |j| {
        wechat_testkit::assert_round_trip::<wechat_card::BatchGetRequest>(j)
    }),
    ("card_batchget.response.json", |j| {
        wechat_testkit::assert_round_trip::<wechat_card::BatchGetResponse>(j)
    }),
    ("card_code_get.request.json", |j| {
        wechat_testkit::assert_round_trip::<wechat_card::CodeGetRequest>(j)
    }),
    ("card_code_get.response.json", |j| {
        wechat_testkit::assert_round_trip::<wechat_card::CodeGetResponse>(j)
    }),
    ("card_code_unavailable.request.json", |j| {
        wechat_testkit::assert_round_trip::<wechat_card::UnavailableRequest>(j)
    }),
    ("card_code_update.request.json", |j| {
        wechat_testkit::assert_round_trip::<wechat_card::CodeUpdateRequest>(j)
    }),
    ("card_delete.request.json", |j| {
        wechat_testkit::assert_round_trip::<wechat_card::DeleteCardRequest>(j)
    }),
    ("card_get.request.json", |j| {
        wechat_testkit::assert_round_trip::<wechat_card::GetCardRequest>(j)
    }),
    ("card_get.response.json", |j| {
        wechat_testkit::assert_round_trip::<wechat_card::GetCardResponse>(j)
    }),
    ("card_modifystock.request.json", |j| {
        wechat_testkit::assert_round_trip::<wechat_card::ModifyStockRequest>(j)
    }),
    ("card_update.request.json", |j| {
        wechat_testkit::assert_round_trip::<wechat_card::UpdateCardRequest>(j)
    }),
    ("card_update.response.json", |j| {
        wechat_testkit::assert_round_trip::<wechat_card::UpdateCardResponse>(j)
    }),
    ("card_user_getcardlist.request.json", |j| {
        wechat_testkit::assert_round_trip::<wechat_card::GetCardListRequest>(j)
    }),
    ("card_user_getcardlist.response.json", |j| {
        wechat_testkit::assert_round_trip::<wechat_card::GetCardListResponse>(j)
    }),
    ("datacube_getcardbizuininfo.request.json", |j| {
        wechat_testkit::assert_round_trip::<wechat_card::BizuinInfoRequest>(j)
    }),
    ("datacube_getcardbizuininfo.response.json", |j| {
        wechat_testkit::assert_round_trip::<wechat_card::BizuinInfoResponse>(j)
    }),
    ("datacube_getcardcardinfo.request.json", |j| {
        wechat_testkit::assert_round_trip::<wechat_card::CardInfoRequest>(j)
    }),
    ("datacube_getcardcardinfo.response.json", |j| {
        wechat_testkit::assert_round_trip::<wechat_card::CardInfoResponse>(j)
    }),
    ("datacube_getcardmembercarddetail.request.json", |j| {
        wechat_testkit::assert_round_trip::<wechat_card::MemberCardDetailRequest>(j)
    }),
    ("datacube_getcardmembercarddetail.response.json", |j| {
        wechat_testkit::assert_round_trip::<wechat_card::MemberCardDetailResponse>(j)
    }),
    ("datacube_getcardmembercardinfo.request.json", |j| {
        wechat_testkit::assert_round_trip::<wechat_card::MemberCardInfoRequest>(j)
    }),
    ("datacube_getcardmembercardinfo.response.json", |j| {
        wechat_testkit::assert_round_trip::<wechat_card::MemberCardInfoResponse>(j)
    }),
    ("publisher_adpos_general.response.json", |j| {
        wechat_testkit::assert_round_trip::<wechat_ad_analytics::AdposGeneralResponse>(j)
    }),
    ("publisher_settlement.response.json", |j| {
        wechat_testkit::assert_round_trip::<wechat_ad_analytics::SettlementResponse>(j)
    }),
    ("promoter_getorder.request.json", |j| {
        wechat_testkit::assert_round_trip::<wechat_promoter::GetOrderRequest>(j)
    }),
    ("promoter_getorder.response.json", |j| {
        wechat_testkit::assert_round_trip::<wechat_promoter::GetOrderResponse>(j)
    }),
    ("promoter_getrelation.request.json", |j| {
        wechat_testkit::assert_round_trip::<wechat_promoter::GetRelationRequest>(j)
    }),
    ("promoter_getrelation.response.json", |j| {
        wechat_testkit::assert_round_trip::<wechat_promoter::GetRelationResponse>(j)
    }),
    ("promoter_getsharematerial.request.json", |j| {
        wechat_testkit::assert_round_trip::<wechat_promoter::GetShareMaterialRequest>(j)
    }),
    ("promoter_getsharematerial.response.json", |j| {
        wechat_testkit::assert_round_trip::<wechat_promoter::GetShareMaterialResponse>(j)
    }),
    ("union_promoter_target_apply_status.response.json", |j| {
        wechat_testkit::assert_round_trip::<wechat_union::ApplyStatusResponse>(j)
    }),
    ("union_promoter_target_apply_target.request.json", |j| {
        wechat_testkit::assert_round_trip::<wechat_union::ApplyTargetRequest>(j)
    }),
    ("union_promoter_target_plan_info.response.json", |j| {
        wechat_testkit::assert_round_trip::<wechat_union::PlanInfoResponse>(j)
    }),
];

/// Samples of endpoints whose spec is not written yet (ad analytics, cards, tokens).
const PENDING: &[&str] = &["card_", "datacube_", "publisher_", "cgibin_token"];

fn samples_dir() -> PathBuf {
    workspace_root().join("tests/data/peer-samples/skit")
}

#[test]
fn every_covered_sample_round_trips() {
    let dir = samples_dir();
    for (file, check) in COVERED {
        let bytes = std::fs::read(dir.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        let text = String::from_utf8(bytes).unwrap_or_else(|e| panic!("{file}: {e}"));
        // 28 of the 34 files begin with a UTF-8 byte-order mark.
        let json = text.trim_start_matches('\u{feff}');
        let outcome = std::panic::catch_unwind(|| check(json));
        assert!(outcome.is_ok(), "peer sample {file} does not round-trip");
    }
}

#[test]
fn no_sample_is_left_unaccounted_for() {
    let mut unaccounted = Vec::new();
    for entry in std::fs::read_dir(samples_dir()).expect("peer samples") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        if !name.ends_with(".json") {
            continue;
        }
        let covered = COVERED.iter().any(|(file, _)| *file == name);
        let pending = PENDING.iter().any(|prefix| name.starts_with(prefix));
        if !covered && !pending {
            unaccounted.push(name);
        }
    }
    assert!(
        unaccounted.is_empty(),
        "samples of spec'd endpoints with no check: {unaccounted:?}"
    );
}
