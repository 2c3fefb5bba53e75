//! `cargo xtask doc-drift`'s engine: every seed page against its spec reports nothing missing,
//! and a spec with an item taken out reports exactly that item, at its line.

use std::path::{Path, PathBuf};

use wechat_spec::load::parse;
use wechat_spec::model::SpecFile;
use wechat_workspace_tests::workspace_root;
use xtask::doc_mentions::{drift, mentions, Kind, Report};

fn global_codes() -> Vec<i64> {
    wechat_runtime::GLOBAL_ERROR_CODES
        .iter()
        .map(|c| c.code)
        .collect()
}

fn spec_text(domain: &str) -> String {
    std::fs::read_to_string(workspace_root().join(format!("spec/{domain}.yaml"))).expect("spec")
}

fn spec(text: &str) -> SpecFile {
    parse(Path::new("spec/copy.yaml"), text)
        .expect("spec parses")
        .spec
}

fn seed(file: &str) -> String {
    std::fs::read_to_string(workspace_root().join("tests/data/seeds").join(file)).expect("seed")
}

/// The seed pages of every spec file, from its `sources`.
fn pages() -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(workspace_root().join("spec")).expect("spec/") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "yaml") {
            let file = spec(&std::fs::read_to_string(&path).expect("spec"));
            for source in file.sources.iter().filter(|s| !s.file.starts_with("http")) {
                out.push((file.domain.clone(), PathBuf::from(&source.file)));
            }
        }
    }
    out.sort();
    out
}

fn missing(report: &Report) -> Vec<(Kind, &str, usize)> {
    report
        .missing
        .iter()
        .map(|m| (m.kind, m.name.as_str(), m.line))
        .collect()
}

#[test]
fn every_seed_page_is_covered_by_its_spec() {
    let pages = pages();
    assert_eq!(pages.len(), 5, "five seed pages: {pages:?}");
    for (domain, page) in pages {
        let text = seed(&page.display().to_string());
        let found = mentions(&text);
        assert!(
            found.len() > 15,
            "{page:?} yields only {} mentions",
            found.len()
        );
        let report = drift(&spec(&spec_text(&domain)), &text, &global_codes());
        assert!(
            report.missing.is_empty(),
            "{page:?} mentions what spec/{domain}.yaml lacks: {:#?}",
            report.missing
        );
    }
}

#[test]
fn a_field_taken_out_of_the_spec_is_reported() {
    let text = spec_text("promoter");
    let field = "      - name: qrcode\n";
    let at = text.find(field).expect("the field in spec/promoter.yaml");
    // Drop the field's entry: up to the next `- name:` at the same indentation.
    let end = at
        + field.len()
        + text[at + field.len()..]
            .find("      - name:")
            .expect("next field");
    let edited = format!("{}{}", &text[..at], &text[end..]);
    let page = seed("001_f2472a1793267447.txt");
    let report = drift(&spec(&edited), &page, &global_codes());
    let line = page
        .lines()
        .position(|l| l.contains("qrcode"))
        .expect("on the page")
        + 1;
    assert_eq!(missing(&report), [(Kind::Field, "qrcode", line)]);
}

#[test]
fn endpoints_error_codes_and_enum_values_taken_out_are_reported() {
    let text = spec_text("ad_analytics");
    let page = seed("000_499804b5c1cc0b5c.txt");
    let without = |old: &str, new: &str| {
        assert!(text.contains(old), "{old}");
        drift(&spec(&text.replacen(old, new, 1)), &page, &global_codes())
    };
    let report = without(
        "action: publisher_settlement",
        "action: publisher_settlements",
    );
    assert!(
        missing(&report)
            .iter()
            .any(|(k, n, _)| *k == Kind::Action && *n == "publisher_settlement"),
        "{report:#?}"
    );
    assert!(report
        .unmentioned
        .iter()
        .any(|(k, n)| *k == Kind::Path && n.contains("settlement")));

    let report = without("- code: 2009", "- code: 2010");
    assert_eq!(
        missing(&report)
            .iter()
            .map(|m| (m.0, m.1))
            .collect::<Vec<_>>(),
        [(Kind::ErrorCode, "2009")]
    );

    let report = without("value: SLOT_ID_WEAPP_BOX", "value: SLOT_ID_WEAPP_BOXES");
    assert!(
        missing(&report)
            .iter()
            .any(|(k, n, _)| *k == Kind::EnumValue && *n == "SLOT_ID_WEAPP_BOX"),
        "{report:#?}"
    );
}

#[test]
fn each_page_format_yields_its_names() {
    let names = |text: &str| -> Vec<(Kind, String)> {
        mentions(text)
            .into_iter()
            .map(|m| (m.kind, m.name))
            .collect()
    };
    // A markdown table, its heading and separator skipped.
    let found =
        names("Parameter | Required | Description |\n---|---|---|\ncard_id | Yes | Card |\n");
    assert_eq!(found, [(Kind::Field, "card_id".into())]);
    // A space-separated table under its heading, with `prefix:` chains; prose after a blank
    // line is not a table.
    let found = names("parameter Introductions\nlist: stat_item :date Date of data\n\nThe end\n");
    assert_eq!(
        found,
        [
            (Kind::Field, "list".into()),
            (Kind::Field, "stat_item".into()),
            (Kind::Field, "date".into())
        ]
    );
    // Table text flattened into Chinese prose, and a value glued to Chinese text.
    let found =
        names("notice string(48) 请出示二维码。 get_limit int 1 每人 FIELD_NAME_TYPE_LEVEL等级");
    assert!(found.contains(&(Kind::Field, "notice".into())), "{found:?}");
    assert!(
        found.contains(&(Kind::Field, "get_limit".into())),
        "{found:?}"
    );
    assert!(
        found.contains(&(Kind::EnumValue, "FIELD_NAME_TYPE_LEVEL".into())),
        "{found:?}"
    );
    // Broken JSON keys, not URLs; error codes from JSON and from code tables.
    let found = names(
        "\"base_resp:{\n\"logo_url\": \"http:\\/\\/x\"\n\"errcode\": 40127\n45009 Too frequent\n",
    );
    assert!(
        found.contains(&(Kind::Field, "base_resp".into())),
        "{found:?}"
    );
    assert!(!found.iter().any(|(_, n)| n == "http"), "{found:?}");
    assert!(
        found.contains(&(Kind::ErrorCode, "40127".into())),
        "{found:?}"
    );
    assert!(
        found.contains(&(Kind::ErrorCode, "45009".into())),
        "{found:?}"
    );
    // Addresses, with an action spelt with a stray space.
    let found = names("https://api.weixin.qq.com/publisher/stat?action=get_adunit _list&access_token=ACCESS_TOKEN");
    assert!(
        found.contains(&(Kind::Path, "/publisher/stat".into())),
        "{found:?}"
    );
    assert!(
        found.contains(&(Kind::Action, "get_adunit _list".into())),
        "{found:?}"
    );
}
