//! What a doc page mentions that the spec lacks, and what the spec has that the page no longer
//! mentions: `cargo xtask doc-drift`.
//!
//! The page is read in the seeds' formats: markdown tables (`name | ... |`), space-separated
//! tables under a heading row (`parameter ...`, `attribute ...`, `Field ...`, `参数名 ...`),
//! table text flattened into prose (`notice string(48) ...`, as in the Chinese page), JSON
//! examples (broken ones too), error code tables and API addresses. Names compare without
//! regard to case, since the docs capitalise at random (`Page_Size`, `start_Date`); other
//! spellings are recorded in the spec as `doc_names`, and words that name no API item as the
//! domain's `doc_ignore`.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use regex::Regex;

use wechat_spec::model::SpecFile;

/// What kind of item a page mentions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// An API path, such as `/card/get`.
    Path,
    /// An `action=` value of a shared path, such as `publisher_settlement`.
    Action,
    /// A parameter or field name.
    Field,
    /// An enum value written in capitals, such as `CODE_TYPE_TEXT`.
    EnumValue,
    /// An error code.
    ErrorCode,
}

impl Kind {
    fn label(self) -> &'static str {
        match self {
            Kind::Path => "path",
            Kind::Action => "action",
            Kind::Field => "field",
            Kind::EnumValue => "enum value",
            Kind::ErrorCode => "error code",
        }
    }
}

/// An item a page mentions, with the line of its first mention.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Mention {
    /// What kind of item.
    pub kind: Kind,
    /// The name as written.
    pub name: String,
    /// 1-based line of the first mention.
    pub line: usize,
}

/// The outcome of a comparison.
#[derive(Debug, Default)]
pub struct Report {
    /// Items the page mentions and the spec lacks.
    pub missing: Vec<Mention>,
    /// Spec items the page does not mention at all.
    pub unmentioned: Vec<(Kind, String)>,
}

fn re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("a valid pattern"))
}

fn is_identifier(word: &str) -> bool {
    let mut chars = word.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The words heading a table of parameters or fields.
fn is_table_heading(line: &str) -> bool {
    let first = line.split([' ', '|', '\t']).next().unwrap_or_default();
    let first = first.trim().to_lowercase();
    matches!(
        first.as_str(),
        "parameter" | "attribute" | "field" | "参数" | "参数名" | "字段" | "属性"
    ) && line.split_whitespace().count() >= 2
}

/// The names of a table row's first cell: `list: stat_item :date` gives all three.
fn row_names(cell: &str) -> Vec<String> {
    cell.split(':')
        .map(str::trim)
        .filter(|part| is_identifier(part))
        .map(str::to_owned)
        .collect()
}

/// Every item `text` mentions, first mention first.
pub fn mentions(text: &str) -> Vec<Mention> {
    static URL: OnceLock<Regex> = OnceLock::new();
    static ACTION: OnceLock<Regex> = OnceLock::new();
    static KEY: OnceLock<Regex> = OnceLock::new();
    static CODE_JSON: OnceLock<Regex> = OnceLock::new();
    static CODE_ROW: OnceLock<Regex> = OnceLock::new();
    static TYPED: OnceLock<Regex> = OnceLock::new();
    static CAPS: OnceLock<Regex> = OnceLock::new();
    let url = re(&URL, r"https?://api\.weixin\.qq\.com(/[A-Za-z0-9_/]+)");
    let action = re(&ACTION, r"action=([A-Za-z0-9_]+(?: _[A-Za-z0-9_]+)*)");
    // A JSON key, also in the docs' broken JSON (`"err_msg:"ok"`); not `"http://`.
    let key = re(&KEY, r#""([A-Za-z_][A-Za-z0-9_]*)"?\s*:([^/\\]|$)"#);
    let code_json = re(&CODE_JSON, r#""(?:errcode|ret)"\s*:\s*(-?\d+)"#);
    let code_row = re(&CODE_ROW, r"^\s*(-1|\d{4,6})\s*(?:\||\s)\s*\S");
    let typed = re(
        &TYPED,
        r"(?:^|[\s。，,;；])([A-Za-z_][A-Za-z0-9_]*)\s+(?:string\(\d+\)|string|int32|uint32|uint64|int|bool|unsigned int|JSON结构|Json结构)(?:\s|$)",
    );
    let caps = re(&CAPS, r"(?-u:\b)[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+_?(?-u:\b)");

    let mut out: Vec<Mention> = Vec::new();
    let mut seen = BTreeSet::new();
    let mut push = |kind: Kind, name: &str, line: usize| {
        if seen.insert((kind, name.to_lowercase())) {
            out.push(Mention {
                kind,
                name: name.to_owned(),
                line,
            });
        }
    };
    let mut in_table = false;
    for (index, line) in text.lines().enumerate() {
        let n = index + 1;
        for m in url.captures_iter(line) {
            push(Kind::Path, m[1].trim_end_matches('/'), n);
        }
        for m in action.captures_iter(line) {
            push(Kind::Action, &m[1], n);
        }
        for m in key.captures_iter(line) {
            push(Kind::Field, &m[1], n);
        }
        for m in code_json.captures_iter(line) {
            if &m[1] != "0" {
                push(Kind::ErrorCode, &m[1], n);
            }
        }
        if let Some(m) = code_row.captures(line) {
            push(Kind::ErrorCode, &m[1], n);
        }
        for m in typed.captures_iter(line) {
            if &m[1] != "unsigned" {
                push(Kind::Field, &m[1], n);
            }
        }
        for m in caps.find_iter(line) {
            push(Kind::EnumValue, m.as_str(), n);
        }
        // Table rows: markdown ones anywhere, space-separated ones under a heading row.
        if line.trim().is_empty() {
            in_table = false;
            continue;
        }
        if is_table_heading(line) {
            // Markdown tables mark every row with `|`; a space-separated one runs to a blank
            // line.
            in_table = !line.contains('|');
            continue;
        }
        if let Some((cell, _)) = line.split_once('|') {
            if !cell.trim_start().starts_with('-') {
                for name in row_names(cell) {
                    push(Kind::Field, &name, n);
                }
            }
        } else if in_table {
            // The first cell ends where the first word after the `prefix:` chain ends.
            let mut rest = line.trim_start();
            let mut cell = String::new();
            while let Some((head, tail)) = rest.split_once(':') {
                if !is_identifier(head.trim()) {
                    break;
                }
                cell.push_str(head);
                cell.push(':');
                rest = tail.trim_start();
            }
            cell.push_str(rest.split_whitespace().next().unwrap_or_default());
            for name in row_names(&cell) {
                push(Kind::Field, &name, n);
            }
        }
    }
    out
}

/// Everything the spec names, by kind, lower-cased: what a mention may match.
fn known(spec: &SpecFile, global_codes: &[i64]) -> BTreeSet<(Kind, String)> {
    let mut out = BTreeSet::new();
    let mut add = |kind: Kind, name: &str| {
        out.insert((kind, name.to_lowercase()));
    };
    for e in &spec.endpoints {
        add(Kind::Path, &e.path);
        for value in e.fixed_query.values() {
            add(Kind::Action, value);
        }
        for name in &e.doc_names {
            add(Kind::Path, name);
            add(Kind::Action, name);
        }
    }
    for t in &spec.types {
        for f in &t.fields {
            add(Kind::Field, &f.name);
            f.doc_names.iter().for_each(|d| add(Kind::Field, d));
        }
        for v in &t.values {
            if let Some(text) = v.value.as_str() {
                add(Kind::EnumValue, text);
            }
            v.doc_names.iter().for_each(|d| add(Kind::EnumValue, d));
        }
        if let Some(tag) = &t.tag {
            add(Kind::Field, tag);
        }
        for v in &t.variants {
            add(Kind::Field, &v.key);
            if let Some(tag) = &v.tag {
                add(Kind::EnumValue, tag);
            }
        }
    }
    // The envelopes and the token, which the spec leaves to the generator and the runtime.
    for name in [
        "errcode",
        "errmsg",
        "base_resp",
        "ret",
        "err_msg",
        "access_token",
    ] {
        add(Kind::Field, name);
    }
    add(Kind::EnumValue, "ACCESS_TOKEN"); // the placeholder of every address
    for code in spec
        .errors
        .iter()
        .map(|e| e.code)
        .chain(global_codes.iter().copied())
    {
        add(Kind::ErrorCode, &code.to_string());
    }
    out
}

/// Compares the page `text` with `spec`. `global_codes` are error codes any API may return.
pub fn drift(spec: &SpecFile, text: &str, global_codes: &[i64]) -> Report {
    let known = known(spec, global_codes);
    let ignored: BTreeSet<String> = spec.doc_ignore.iter().map(|w| w.to_lowercase()).collect();
    let found = mentions(text);
    let missing = found
        .iter()
        .filter(|m| {
            let name = m.name.to_lowercase();
            !ignored.contains(&name) && !known.contains(&(m.kind, name))
        })
        .cloned()
        .collect();
    // The other way, a spec item counts as mentioned if its name appears anywhere on the page.
    let page = text.to_lowercase();
    let mentioned = |name: &str| page.contains(&name.to_lowercase());
    let mut unmentioned = Vec::new();
    for e in &spec.endpoints {
        let by_action = e.fixed_query.values().any(|v| mentioned(v));
        let by_name = e.doc_names.iter().any(|d| mentioned(d));
        if !(mentioned(&e.path) && (e.fixed_query.is_empty() || by_action) || by_name) {
            unmentioned.push((Kind::Path, format!("{} ({})", e.path, e.name)));
        }
    }
    let mut fields = BTreeSet::new();
    let mut values = BTreeSet::new();
    for t in &spec.types {
        for f in &t.fields {
            if !mentioned(&f.name) && !f.doc_names.iter().any(|d| mentioned(d)) {
                fields.insert(f.name.clone());
            }
        }
        for v in &t.values {
            if let Some(text) = v.value.as_str() {
                if !mentioned(text) && !v.doc_names.iter().any(|d| mentioned(d)) {
                    values.insert(text.to_owned());
                }
            }
        }
    }
    unmentioned.extend(fields.into_iter().map(|f| (Kind::Field, f)));
    unmentioned.extend(values.into_iter().map(|v| (Kind::EnumValue, v)));
    for e in &spec.errors {
        if !mentioned(&e.code.to_string()) {
            unmentioned.push((Kind::ErrorCode, format!("{} ({})", e.code, e.name)));
        }
    }
    Report {
        missing,
        unmentioned,
    }
}

/// The report as text: what is missing first, with line numbers.
pub fn render(report: &Report, page: &str, spec: &str) -> String {
    let mut out = format!("doc-drift: {page} against {spec}\n");
    if report.missing.is_empty() {
        out.push_str("\nNothing on the page is missing from the spec.\n");
    } else {
        out.push_str(&format!(
            "\nOn the page but not in the spec ({}):\n",
            report.missing.len()
        ));
        for m in &report.missing {
            out.push_str(&format!(
                "- {} `{}` (line {})\n",
                m.kind.label(),
                m.name,
                m.line
            ));
        }
    }
    if !report.unmentioned.is_empty() {
        out.push_str(&format!(
            "\nIn the spec but not on the page ({}):\n",
            report.unmentioned.len()
        ));
        for (kind, name) in &report.unmentioned {
            out.push_str(&format!("- {} `{name}`\n", kind.label()));
        }
    }
    out
}
