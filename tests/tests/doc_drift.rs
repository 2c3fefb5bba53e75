//! `cargo xtask doc-drift` and `doc-import` on the doc model: every seed page agrees with its
//! spec; a page written for these tests, imported into an empty domain, agrees with the draft,
//! and each kind of change to it is found and placed under its endpoint; a second import
//! drafts nothing.

use std::path::PathBuf;

use wechat_doc::Page;
use wechat_spec::{resolve_texts, Spec, Texts};
use wechat_workspace_tests::workspace_root;
use xtask::page_drift::{drift, Kind, NamedPage, Report};
use xtask::page_import::import;

/// The real spec, with its global error codes.
fn real_spec() -> Spec {
    wechat_spec::resolve_dir(&workspace_root().join("spec"), "spec".as_ref())
        .expect("the spec resolves")
}

fn read(path: &str, text: &str) -> (String, Page) {
    (
        path.to_owned(),
        wechat_doc::read_page(text).expect("a page"),
    )
}

fn report(spec: &Spec, domain: &str, pages: &[(String, Page)]) -> Report {
    let domain = spec
        .domains
        .iter()
        .find(|d| d.name == domain)
        .expect("the domain");
    let named: Vec<NamedPage<'_>> = pages
        .iter()
        .map(|(name, page)| NamedPage { name, page })
        .collect();
    drift(domain, &spec.global_errors, &named)
}

#[test]
fn every_seed_page_agrees_with_its_spec() {
    let spec = real_spec();
    let mut pages_seen = 0;
    for domain in &spec.domains {
        let pages: Vec<(String, Page)> = domain
            .sources
            .iter()
            .filter(|s| !s.starts_with("http"))
            .map(|file| {
                let path = workspace_root().join("tests/data/seeds").join(file);
                let text =
                    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
                read(file, &text)
            })
            .collect();
        if pages.is_empty() {
            continue;
        }
        pages_seen += pages.len();
        let found = report(&spec, &domain.name, &pages);
        assert!(
            found.findings.is_empty(),
            "{}: {:#?}",
            domain.name,
            found.findings
        );
    }
    assert!(
        pages_seen > 0,
        "the spec names its seed pages under `sources`"
    );
}

const GARDEN: &str = "tests/data/docs/garden_zh.md";

fn garden_page() -> String {
    std::fs::read_to_string(workspace_root().join(GARDEN)).expect("the test page")
}

/// The spec doc-import drafts from `page` into an empty `garden` domain, resolved.
fn imported(page: &str) -> (String, Spec) {
    let empty = real_spec();
    let drafted = import(&empty, "garden", None, &[read(GARDEN, page)]);
    let texts = Texts {
        domains: vec![(PathBuf::from("spec/garden.yaml"), drafted.text.clone())],
        global: empty_global(),
    };
    let spec = resolve_texts(&texts)
        .unwrap_or_else(|e| panic!("the draft resolves:\n{e}\n{}", drafted.text));
    (drafted.text, spec)
}

fn empty_global() -> Option<(PathBuf, String)> {
    let path = workspace_root().join("spec/global/errors.yaml");
    Some((
        PathBuf::from("spec/global/errors.yaml"),
        std::fs::read_to_string(path).expect("global codes"),
    ))
}

/// The findings of `page` (edited) against the draft of the original page.
fn findings_after(edit: (&str, &str)) -> Vec<(Kind, String, String)> {
    let (_, spec) = imported(&garden_page());
    let original = garden_page();
    assert!(original.contains(edit.0), "edit target missing: {}", edit.0);
    let edited = original.replacen(edit.0, edit.1, 1);
    report(&spec, "garden", &[read(GARDEN, &edited)])
        .findings
        .into_iter()
        .map(|f| (f.kind, f.endpoint, f.item))
        .collect()
}

#[test]
fn a_draft_agrees_with_its_page_and_a_second_import_drafts_nothing() {
    let (text, spec) = imported(&garden_page());
    assert!(
        text.contains("# REVIEW:"),
        "judgment calls are marked:\n{text}"
    );
    let found = report(&spec, "garden", &[read(GARDEN, &garden_page())]);
    assert!(found.findings.is_empty(), "{:#?}\n{text}", found.findings);
    let again = import(
        &spec,
        "garden",
        Some(&text),
        &[read(GARDEN, &garden_page())],
    );
    assert!(again.endpoints.is_empty());
    assert_eq!(again.text, text, "nothing is rewritten");
    // The draft generates a crate.
    let texts = Texts {
        domains: vec![(PathBuf::from("spec/garden.yaml"), text)],
        global: empty_global(),
    };
    let files = wechat_codegen::generate_texts(
        &texts,
        "out".as_ref(),
        wechat_codegen::Format::PrettyPlease,
    )
    .expect("the draft generates");
    assert!(files
        .keys()
        .any(|p| p.ends_with("wechat-garden/src/types.rs")));
}

fn has(found: &[(Kind, String, String)], kind: Kind, endpoint: &str, item: &str) -> bool {
    found
        .iter()
        .any(|(k, e, i)| *k == kind && e == endpoint && i.contains(item))
}

#[test]
fn a_changed_type_length_or_required_is_found_under_its_endpoint() {
    let found = findings_after((
        "| garden\\_id | string(64) | 是 |",
        "| garden\\_id | string(128) | 是 |",
    ));
    assert!(
        has(
            &found,
            Kind::Changed,
            "get_garden",
            "request field `garden_id`"
        ),
        "{found:#?}"
    );
    let found = findings_after(("| area | number |", "| area | string |"));
    assert!(
        has(&found, Kind::Changed, "get_garden", "response field `area`"),
        "{found:#?}"
    );
    let found = findings_after(("| owner | string | 否 |", "| owner | string | 是 |"));
    assert!(
        has(&found, Kind::Changed, "get_garden", "request field `owner`"),
        "{found:#?}"
    );
}

#[test]
fn a_field_added_whose_name_exists_elsewhere_is_found() {
    // `height` is a field of the plants, not of the request.
    let found = findings_after((
        "| owner | string | 否 | 园主的 openid |",
        "| owner | string | 否 | 园主的 openid |\n| height | number | 否 | 高度 |",
    ));
    assert!(
        has(&found, Kind::Added, "get_garden", "request field `height`"),
        "{found:#?}"
    );
}

#[test]
fn a_field_removed_whose_name_stays_elsewhere_on_the_page_is_found() {
    // `owner` stays on the page, in the plants' table.
    let found = findings_after(("| owner | string | 否 | 园主的 openid |\n", ""));
    assert!(
        has(&found, Kind::Removed, "get_garden", "request field `owner`"),
        "{found:#?}"
    );
    let found = findings_after(("| height | number | 高度（厘米） |\n", ""));
    assert!(
        has(
            &found,
            Kind::Removed,
            "get_garden",
            "response field `plants[].height`"
        ),
        "{found:#?}"
    );
}

#[test]
fn a_new_enum_value_and_error_code_are_found() {
    let found = findings_after(("4:冬 |", "4:冬;5:雨季 |"));
    assert!(
        has(&found, Kind::Added, "get_garden", "value `5`"),
        "{found:#?}"
    );
    let found = findings_after((
        "| 93001 | garden not found |",
        "| 93002 | garden closed | 花园已关闭 |\n| 93001 | garden not found |",
    ));
    assert!(
        has(&found, Kind::Added, "get_garden", "error code 93002"),
        "{found:#?}"
    );
}

#[test]
fn a_changed_address_or_method_is_found() {
    // The old path is a prefix of the new one.
    let found = findings_after((
        "POST https://api.weixin.qq.com/wxa/garden/get?",
        "POST https://api.weixin.qq.com/wxa/garden/get_v2?",
    ));
    assert!(
        found
            .iter()
            .any(|(k, _, i)| *k == Kind::Added && i.contains("/wxa/garden/get_v2")),
        "{found:#?}"
    );
    assert!(
        has(
            &found,
            Kind::Removed,
            "get_garden",
            "endpoint `/wxa/garden/get`"
        ),
        "{found:#?}"
    );
    let found = findings_after((
        "POST https://api.weixin.qq.com/wxa/garden/get?",
        "GET https://api.weixin.qq.com/wxa/garden/get?",
    ));
    assert!(
        has(&found, Kind::Changed, "get_garden", "method"),
        "{found:#?}"
    );
}

#[test]
fn a_recorded_quirk_the_page_no_longer_shows_is_a_finding() {
    let (text, _) = imported(&garden_page());
    // Record that the page writes `area` as a string, which it does not.
    let quirked = text.replacen(
        "- name: \"area\"\n",
        "- name: \"area\"\n        doc_type: \"string\"\n",
        1,
    );
    assert_ne!(quirked, text, "the draft has `area`:\n{text}");
    let texts = Texts {
        domains: vec![(PathBuf::from("spec/garden.yaml"), quirked)],
        global: empty_global(),
    };
    let spec = resolve_texts(&texts).expect("resolves");
    let found = report(&spec, "garden", &[read(GARDEN, &garden_page())]);
    assert!(
        found
            .findings
            .iter()
            .any(|f| f.kind == Kind::StaleQuirk && f.item.contains("area")),
        "{:#?}",
        found.findings
    );
}

/// Wire names of every field of the domain's types, with the type as the spec shows it.
fn fields_of(d: &wechat_spec::ir::Domain) -> Vec<(String, String)> {
    d.types
        .iter()
        .flat_map(|t| match &t.body {
            wechat_spec::ir::TypeBody::Struct(fields) => fields
                .iter()
                .filter(|f| !f.envelope)
                .map(|f| (f.wire.clone(), d.show(&f.ty)))
                .collect(),
            _ => Vec::new(),
        })
        .collect()
}

#[test]
fn seed_pages_imported_into_empty_domains_load_generate_and_match_the_hand_written_specs() {
    let spec = real_spec();
    let empty = Spec {
        global_errors: spec.global_errors.clone(),
        ..Spec::default()
    };
    for domain in spec
        .domains
        .iter()
        .filter(|d| d.sources.iter().any(|s| !s.starts_with("http")))
    {
        let pages: Vec<(String, Page)> = domain
            .sources
            .iter()
            .map(|file| {
                let path = workspace_root().join("tests/data/seeds").join(file);
                read(file, &std::fs::read_to_string(path).expect("seed"))
            })
            .collect();
        let drafted = import(&empty, &domain.name, None, &pages);
        let texts = Texts {
            domains: vec![(
                PathBuf::from(format!("spec/{}.yaml", domain.name)),
                drafted.text.clone(),
            )],
            global: empty_global(),
        };
        let draft = resolve_texts(&texts)
            .unwrap_or_else(|e| panic!("{}: the draft loads without edits:\n{e}", domain.name));
        wechat_codegen::generate_texts(
            &texts,
            "out".as_ref(),
            wechat_codegen::Format::PrettyPlease,
        )
        .unwrap_or_else(|e| panic!("{}: the draft generates: {e}", domain.name));
        let draft = &draft.domains[0];
        let address =
            |e: &wechat_spec::ir::Endpoint| xtask::page_import::address(&e.path, &e.fixed_query);
        let ours: Vec<String> = domain.endpoints.iter().map(address).collect();
        let endpoints = draft
            .endpoints
            .iter()
            .filter(|e| ours.contains(&address(e)))
            .count();
        let (ours, theirs) = (fields_of(domain), fields_of(draft));
        let names = ours
            .iter()
            .filter(|(n, _)| theirs.iter().any(|(m, _)| m == n))
            .count();
        let typed = ours.iter().filter(|f| theirs.contains(f)).count();
        println!(
            "{}: endpoints {endpoints}/{}, field names {names}/{} ({}%), names with the same type {typed}/{} ({}%)",
            domain.name,
            domain.endpoints.len(),
            ours.len(),
            names * 100 / ours.len().max(1),
            ours.len(),
            typed * 100 / ours.len().max(1),
        );
        assert_eq!(
            endpoints,
            domain.endpoints.len(),
            "{}: every endpoint is drafted",
            domain.name
        );
        assert!(
            names * 2 >= ours.len(),
            "{}: most field names are drafted",
            domain.name
        );
    }
}
