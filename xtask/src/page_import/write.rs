//! A draft as YAML text: a new spec file, or items appended to the `errors`, `endpoints` and
//! `types` of an existing one (which is never rewritten: its lines stay as they are). Every
//! scalar is written JSON-quoted, which YAML reads as is; judgment calls carry `# REVIEW:`.

use std::fmt::Write;

use wechat_spec::names::{camel, is_camel};

use super::draft::{Doc, Draft, Endpoint, ErrorCode, Field, Type, TypeKind};

/// One YAML scalar, JSON-quoted (JSON is YAML).
fn q(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}

fn review(note: Option<&str>) -> String {
    note.map_or_else(String::new, |n| {
        format!(" # REVIEW: {}", n.replace('\n', " "))
    })
}

/// Lines of a list item at `indent`: the first line gets `- `, the others two more spaces.
struct Item {
    lines: Vec<String>,
}

impl Item {
    fn new() -> Self {
        Item { lines: Vec::new() }
    }

    fn line(&mut self, depth: usize, text: String) {
        self.lines.push(format!("{}{text}", "  ".repeat(depth)));
    }

    fn doc(&mut self, depth: usize, doc: &Doc, note: Option<&str>) {
        self.line(depth, "doc:".into());
        self.line(depth + 1, format!("en: {}{}", q(&doc.en), review(note)));
        if let Some(zh) = &doc.zh {
            self.line(depth + 1, format!("zh: {}", q(zh)));
        }
    }

    fn render(&self, indent: usize) -> String {
        let pad = " ".repeat(indent);
        let mut out = String::new();
        for (i, line) in self.lines.iter().enumerate() {
            let lead = if i == 0 { "- " } else { "  " };
            let _ = writeln!(out, "{pad}{lead}{line}");
        }
        out
    }
}

fn error_item(e: &ErrorCode) -> Item {
    let mut item = Item::new();
    item.line(0, format!("code: {}", e.code));
    item.line(0, format!("name: {}{}", e.name, review(Some(&e.review))));
    item.line(0, "retry: never".into());
    if let Some(check) = e.raised_for {
        item.line(0, format!("raised_for: [{check}]"));
    }
    item.doc(0, &e.doc, None);
    item
}

fn endpoint_item(e: &Endpoint) -> Item {
    let mut item = Item::new();
    item.line(
        0,
        format!(
            "name: {}{}",
            e.name,
            review(e.review.first().map(String::as_str))
        ),
    );
    item.line(0, format!("method: {}", e.method));
    item.line(0, format!("path: {}", q(&e.path)));
    if !e.fixed_query.is_empty() {
        item.line(0, "fixed_query:".into());
        for (k, v) in &e.fixed_query {
            item.line(1, format!("{}: {}", q(k), q(v)));
        }
    }
    if let Some(auth) = e.auth {
        item.line(0, format!("auth: {auth}"));
    }
    if let Some(idempotent) = e.idempotent {
        let note = "a POST that only reads (a query, a report) may say true, so it is retried after a timeout";
        item.line(0, format!("idempotent: {idempotent}{}", review(Some(note))));
    }
    let more: Vec<&str> = e.review.iter().skip(1).map(String::as_str).collect();
    item.doc(
        0,
        &e.doc,
        (!more.is_empty()).then(|| more.join("; ")).as_deref(),
    );
    if let Some(request) = &e.request {
        item.line(0, format!("request: {request}"));
    }
    match &e.response {
        Some(response) => item.line(0, format!("response: {response}")),
        None => item.line(0, "returns: binary".into()),
    }
    if let Some(event) = &e.event {
        item.line(0, format!("event: {event}"));
    }
    if let Some(subject) = &e.signature {
        let subject = if subject.is_empty() {
            String::new()
        } else {
            format!(", subject: {subject}")
        };
        item.line(
            0,
            format!("signature: {{key: session_key, param: signature, method_param: sig_method, method: hmac_sha256{subject}}}"),
        );
    }
    if !e.errors.is_empty() {
        let codes: Vec<String> = e.errors.iter().map(i64::to_string).collect();
        item.line(0, format!("errors: [{}]", codes.join(", ")));
    }
    if !e.examples.is_empty() {
        item.line(0, "examples:".into());
        for x in &e.examples {
            item.line(1, format!("- of: {}", x.of));
            item.line(2, "json: |".into());
            let json = serde_json::to_string_pretty(&x.json).unwrap_or_default();
            for line in json.lines() {
                item.line(3, line.to_owned());
            }
            if let Some(original) = &x.doc_original {
                let note = "repaired from the page's text: check each repair";
                item.line(2, format!("repairs:{}", review(Some(note))));
                for r in &x.repairs {
                    item.line(3, format!("- {}", q(r)));
                }
                item.line(2, "doc_original: |".into());
                for line in original.lines() {
                    item.line(3, line.trim_end().to_owned());
                }
            }
        }
    }
    item
}

fn field_lines(item: &mut Item, f: &Field) {
    item.line(1, format!("- name: {}", q(&f.name)));
    if let Some(rust) = &f.rust {
        item.line(2, format!("rust: {rust}"));
    }
    item.line(2, format!("type: {}{}", f.ty, review(f.review.as_deref())));
    if f.required {
        item.line(2, "required: true".into());
    }
    if let Some(n) = f.max_len {
        item.line(2, format!("max_len: {n}"));
    }
    if let Some(wire) = f.wire {
        item.line(2, format!("wire: {wire}"));
    }
    if f.example_only {
        item.line(2, "example_only: true".into());
    }
    if let Some(written) = &f.doc_type {
        item.line(2, format!("doc_type: {}", q(written)));
    }
    if let Some(required) = f.doc_required {
        item.line(2, format!("doc_required: {required}"));
    }
    if !f.doc_names.is_empty() {
        let names: Vec<String> = f.doc_names.iter().map(|n| q(n)).collect();
        item.line(2, format!("doc_names: [{}]", names.join(", ")));
    }
    item.line(2, "doc:".into());
    item.line(3, format!("en: {}", q(&f.doc.en)));
    if let Some(zh) = &f.doc.zh {
        item.line(3, format!("zh: {}", q(zh)));
    }
}

fn type_item(t: &Type) -> Item {
    let mut item = Item::new();
    item.line(0, format!("name: {}", t.name));
    let (kind, note) = match &t.kind {
        TypeKind::Struct(_) => ("struct", None),
        TypeKind::StringEnum(_) => ("string_enum", t.review.first()),
        TypeKind::IntEnum(_) => ("int_enum", t.review.first()),
    };
    item.line(
        0,
        format!("kind: {kind}{}", review(note.map(String::as_str))),
    );
    item.doc(0, &t.doc, None);
    match &t.kind {
        TypeKind::Struct(fields) => {
            item.line(
                0,
                if fields.is_empty() {
                    "fields: []".into()
                } else {
                    "fields:".into()
                },
            );
            for f in fields {
                field_lines(&mut item, f);
            }
        }
        TypeKind::StringEnum(values) => {
            item.line(0, "values:".into());
            for (i, (value, doc)) in values.iter().enumerate() {
                item.line(1, format!("- value: {}", q(value)));
                // A value whose camel-case form is no Rust name needs one.
                let variant = camel(value);
                if !is_camel(&variant) || matches!(variant.as_str(), "Unknown" | "Self") {
                    let note = "the value is no Rust name: name the variant";
                    item.line(2, format!("name: Value{}{}", i + 1, review(Some(note))));
                }
                item.line(
                    2,
                    format!(
                        "doc: {{en: {}{}}}",
                        q(&doc.en),
                        doc.zh
                            .as_ref()
                            .map_or_else(String::new, |z| format!(", zh: {}", q(z)))
                    ),
                );
            }
        }
        TypeKind::IntEnum(values) => {
            item.line(0, "values:".into());
            for (value, name, doc) in values {
                item.line(1, format!("- value: {value}"));
                item.line(2, format!("name: {name}"));
                item.line(
                    2,
                    format!(
                        "doc: {{en: {}{}}}",
                        q(&doc.en),
                        doc.zh
                            .as_ref()
                            .map_or_else(String::new, |z| format!(", zh: {}", q(z)))
                    ),
                );
            }
        }
    }
    item
}

/// What a new domain's file starts with.
pub struct Header<'a> {
    pub domain: &'a str,
    pub title: &'a str,
    pub doc: &'a Doc,
    pub sources: Vec<(String, &'static str)>,
}

/// A new spec file holding `draft`.
pub fn new_file(header: &Header<'_>, draft: &Draft) -> String {
    let mut out = String::from("# yaml-language-server: $schema=./schema.json\n");
    let _ = writeln!(
        out,
        "# Drafted by `cargo xtask doc-import`; review every `# REVIEW:` line, then run `cargo xtask codegen`.\n"
    );
    let _ = writeln!(out, "domain: {}", header.domain);
    let _ = writeln!(out, "crate: wechat-{}", header.domain.replace('_', "-"));
    let _ = writeln!(out, "title: {}", q(header.title));
    out.push_str("sources:\n");
    for (file, lang) in &header.sources {
        let _ = writeln!(
            out,
            "  - file: {}{}",
            q(file),
            review(Some("the page's public address"))
        );
        let _ = writeln!(out, "    lang: {lang}");
    }
    out.push_str("envelope: errcode\ndoc:\n");
    let _ = writeln!(
        out,
        "  en: {}{}",
        q(&header.doc.en),
        review(header.doc.en_missing.then_some("English text"))
    );
    if let Some(zh) = &header.doc.zh {
        let _ = writeln!(out, "  zh: {}", q(zh));
    }
    let sections = [
        (
            "errors",
            draft.errors.iter().map(error_item).collect::<Vec<_>>(),
        ),
        (
            "endpoints",
            draft.endpoints.iter().map(endpoint_item).collect(),
        ),
        ("types", draft.types.iter().map(type_item).collect()),
    ];
    for (key, items) in sections {
        if key == "endpoints" || !items.is_empty() {
            let _ = writeln!(out, "{key}:");
        }
        for item in items {
            out.push_str(&item.render(2));
        }
    }
    out
}

/// `text` (an existing spec file) with the draft's items appended to its sections.
pub fn append(text: &str, draft: &Draft) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let sections = [
        (
            "errors",
            draft.errors.iter().map(error_item).collect::<Vec<_>>(),
        ),
        (
            "endpoints",
            draft.endpoints.iter().map(endpoint_item).collect(),
        ),
        ("types", draft.types.iter().map(type_item).collect()),
    ];
    for (key, items) in sections {
        if items.is_empty() {
            continue;
        }
        let header = format!("{key}:");
        let start = lines
            .iter()
            .position(|l| l.trim_end() == header || l.starts_with(&format!("{header} ")));
        let start = match start {
            Some(start) => start,
            None => {
                // A section the file lacks goes before `endpoints` (errors) or at the end.
                let at = if key == "errors" {
                    lines
                        .iter()
                        .position(|l| l.starts_with("endpoints:"))
                        .unwrap_or(lines.len())
                } else {
                    lines.len()
                };
                lines.insert(at, header.clone());
                at
            }
        };
        // An empty section written inline (`errors: []`) opens as a block.
        if lines[start].trim_end() != header {
            lines[start] = header.clone();
        }
        let end = (start + 1..lines.len())
            .find(|&i| {
                let l = &lines[i];
                !l.is_empty() && !l.starts_with([' ', '-', '#'])
            })
            .unwrap_or(lines.len());
        let indent = lines[start + 1..end]
            .iter()
            .find(|l| l.trim_start().starts_with("- "))
            .map_or(2, |l| l.len() - l.trim_start().len());
        // Insert after the block's last non-blank line, keeping blank lines before the next key.
        let mut at = end;
        while at > start + 1 && lines[at - 1].trim().is_empty() {
            at -= 1;
        }
        let rendered: String = items.iter().map(|i| i.render(indent)).collect();
        let new: Vec<String> = rendered.lines().map(str::to_owned).collect();
        lines.splice(at..at, new);
    }
    let mut out = lines.join("\n");
    out.push('\n');
    out
}
