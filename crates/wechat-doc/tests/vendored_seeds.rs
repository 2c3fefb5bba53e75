//! Every vendored seed page reads, with the endpoints the spec was written from.

use wechat_doc::{read_bytes, Method, Page};

fn seed(prefix: &str) -> Page {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/seeds");
    let entry = std::fs::read_dir(&dir)
        .expect("tests/data/seeds")
        .flatten()
        .find(|e| e.file_name().to_string_lossy().starts_with(prefix))
        .unwrap_or_else(|| panic!("no seed page {prefix}*"));
    read_bytes(&std::fs::read(entry.path()).expect("readable")).expect("the seed reads")
}

fn paths(page: &Page) -> Vec<(Method, &str)> {
    page.endpoints
        .iter()
        .map(|e| (e.method, e.path.as_str()))
        .collect()
}

#[test]
fn seed_000_ad_analytics_overview_with_four_actions() {
    let page = seed("000_");
    let actions: Vec<_> = page
        .endpoints
        .iter()
        .map(|e| (e.method, e.path.as_str(), e.fixed_query[0].value.as_str()))
        .collect();
    assert_eq!(
        actions,
        [
            (Method::Get, "/publisher/stat", "publisher_adpos_general"),
            (Method::Get, "/publisher/stat", "publisher_adunit_general"),
            (Method::Get, "/publisher/stat", "get_adunit_list"),
            (Method::Get, "/publisher/stat", "publisher_settlement"),
        ]
    );
    for ep in &page.endpoints {
        assert!(
            !ep.query.is_empty() && !ep.response.is_empty(),
            "{}",
            ep.name.as_deref().unwrap_or("")
        );
        assert_eq!(ep.examples.len(), 1);
        assert!(
            !ep.examples[0].repairs.is_empty(),
            "every example of 000 is broken"
        );
        assert!(ep.examples[0].json.is_some());
        let codes: Vec<_> = ep.errors.iter().map(|e| e.code).collect();
        assert_eq!(codes, [45009, 45010, 1701, 2009]);
    }
    assert!(page.unplaced.is_empty(), "{:?}", page.unplaced);
}

#[test]
fn seed_001_promoter_three_endpoints() {
    let page = seed("001_");
    assert_eq!(
        paths(&page),
        [
            (Method::Post, "/promoter/getsharematerial"),
            (Method::Post, "/promoter/getrelation"),
            (Method::Post, "/promoter/getorder"),
        ]
    );
    assert_eq!(page.endpoints[0].body.len(), 6);
    assert!(page.unplaced.is_empty(), "{:?}", page.unplaced);
}

#[test]
fn seed_002_card_thirteen_endpoints() {
    let page = seed("002_");
    let expected = [
        "/card/code/get",
        "/card/user/getcardlist",
        "/card/get",
        "/card/batchget",
        "/card/update",
        "/card/modifystock",
        "/card/code/update",
        "/card/delete",
        "/card/code/unavailable",
        "/datacube/getcardbizuininfo",
        "/datacube/getcardcardinfo",
        "/datacube/getcardmembercardinfo",
        "/datacube/getcardmembercarddetail",
    ];
    let found: Vec<_> = page.endpoints.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(found, expected);
    assert!(page.endpoints.iter().all(|e| e.method == Method::Post));
    // The two rows the page itself breaks (`No | |` and a row that lost its name) are reported.
    let lines: Vec<_> = page.unplaced.iter().map(|u| u.line).collect();
    assert_eq!(lines, [253, 286]);
}

#[test]
fn seed_003_card_chinese_four_endpoints_and_an_orphan_start() {
    let page = seed("003_");
    assert_eq!(
        paths(&page),
        [
            (Method::Post, "/datacube/getcardbizuininfo"),
            (Method::Post, "/datacube/getcardcardinfo"),
            (Method::Post, "/datacube/getcardmembercardinfo"),
            (Method::Post, "/datacube/getcardmembercarddetail"),
        ]
    );
    // The page starts inside `card/update`, whose address is not on it.
    assert!(page
        .orphan_tables
        .iter()
        .any(|t| t.fields.iter().any(|f| f.name == "bonus_cleared")));
    let lines: Vec<_> = page.unplaced.iter().map(|u| u.line).collect();
    assert_eq!(lines, [7]);
}

#[test]
fn seed_004_union_three_endpoints() {
    let page = seed("004_");
    assert_eq!(
        paths(&page),
        [
            (Method::Get, "/union/promoter/target/plan_info"),
            (Method::Post, "/union/promoter/target/apply_target"),
            (Method::Get, "/union/promoter/target/apply_status"),
        ]
    );
    assert!(page.unplaced.is_empty(), "{:?}", page.unplaced);
}
