//! The current page format: `## 1. 调用方式` ... `## 7. 适用范围` sections, an address in a code
//! block, `查询参数 Query String Parameters`, `请求体 Request Payload` and `返回体 Response
//! Payload` tables, `Res.x Object Payload` sub-tables, code examples, error codes with
//! solutions and a table of account types.

use crate::address;
use crate::examples::{example, ExampleKind};
use crate::fields::{NamePath, Segment};
use crate::json_repair::Repair;
use crate::lines::{clean, heading, is_boilerplate, strip_number, text, Tracker};
use crate::page::{Endpoint, Page, Text, Why};
use crate::sink::{Sink, Target};
use crate::tables::md_table;

/// The page's top-level sections.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Section {
    Intro,
    Call,
    Request,
    Response,
    Notes,
    Examples,
    Errors,
    Scope,
    Changelog,
}

fn section_of(title: &str) -> Section {
    let t = strip_number(title).to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| t.contains(w));
    if has(&[
        "调用方式",
        "how to call",
        "calling method",
        "call method",
        "invocation",
    ]) {
        Section::Call
    } else if has(&["请求参数", "request param"]) {
        Section::Request
    } else if has(&[
        "返回参数",
        "返回值",
        "response param",
        "return param",
        "return value",
    ]) {
        Section::Response
    } else if has(&["代码示例", "example"]) {
        Section::Examples
    } else if has(&["错误码", "error code"]) {
        Section::Errors
    } else if has(&["适用范围", "scope", "applicab"]) {
        Section::Scope
    } else {
        // 注意事项, 枚举信息, 其他说明 and headings the reader does not know: notes.
        Section::Notes
    }
}

/// Reads a page in the current format into `page`.
pub fn read(lines: &[&str], tracker: &mut Tracker, page: &mut Page) {
    let mut r = Reader {
        lines,
        sink: Sink::new(tracker),
        section: Section::Intro,
        pending_doc: Vec::new(),
        pending_name: None,
        label: None,
        example_kind: None,
        example_title: None,
    };
    r.run(page);
}

struct Reader<'a, 't> {
    lines: &'a [&'a str],
    sink: Sink<'t>,
    section: Section,
    /// Intro prose met before the address: the endpoint's doc.
    pending_doc: Vec<Text>,
    pending_name: Option<String>,
    /// The last heading or label, the title of what follows.
    label: Option<String>,
    example_kind: Option<ExampleKind>,
    example_title: Option<String>,
}

impl Reader<'_, '_> {
    fn run(&mut self, page: &mut Page) {
        let mut i = 0;
        while i < self.lines.len() {
            let raw = self.lines[i];
            let n = i + 1;
            if raw.trim().is_empty() {
                i += 1;
                continue;
            }
            if raw.trim_start().starts_with("```") {
                i = self.code_block(i, page);
                continue;
            }
            if let Some(h) = heading(raw) {
                self.sink.tracker.place(n);
                self.heading(n, h.level, &h.text, page);
                i += 1;
                continue;
            }
            if crate::seed_blocks::starts_json(raw) {
                i = self.unfenced_example(i, page);
                continue;
            }
            if let Some(table) = md_table(self.lines, i) {
                let title = self.label.clone();
                let scope = self.section == Section::Scope;
                self.sink.table(&table, title, scope, page);
                i = table.end;
                continue;
            }
            self.prose(n, raw, page);
            i += 1;
        }
    }

    fn heading(&mut self, n: usize, level: usize, title: &str, page: &mut Page) {
        if level == 1 {
            if page.title.is_none() {
                page.title = Some(title.to_owned());
            } else {
                self.note(n, title, page);
            }
            return;
        }
        if level == 2 {
            self.section = section_of(title);
            self.sink.set_target(Target::None);
            self.label = None;
            self.example_kind = None;
            self.example_title = None;
            if title.contains("变更日志") || title.to_lowercase().contains("change log") {
                self.section = Section::Changelog;
            }
            return;
        }
        self.example_kind = None;
        if let Some(target) = payload_target(title) {
            self.sink.set_target(target);
            self.label = Some(title.to_owned());
            return;
        }
        self.sink.set_target(Target::None);
        self.label = Some(strip_number(title).to_owned());
        if self.section == Section::Examples {
            self.example_title = Some(title.to_owned());
        }
        if title.contains("推送示例") || title.to_lowercase().contains("push example") {
            self.example_kind = Some(ExampleKind::Event);
            self.example_title = Some(title.to_owned());
        }
    }

    /// A fenced code block from index `i`; returns the index after it.
    fn code_block(&mut self, i: usize, page: &mut Page) -> usize {
        let mut end = i + 1;
        while end < self.lines.len() && !self.lines[end].trim_start().starts_with("```") {
            end += 1;
        }
        // A fence with an info string (```json) opens a block and cannot close one: the block
        // before it was left open. It then ends before its trailing label (`返回示例`).
        let mut body_end = end.min(self.lines.len());
        let mut resume = end + 1;
        let unclosed = end < self.lines.len() && self.lines[end].trim().len() > 3;
        let mut resume_at_label = end;
        if unclosed {
            while body_end > i + 1 && self.lines[body_end - 1].trim().is_empty() {
                body_end -= 1;
            }
            if body_end > i + 1 && example_label(&clean(self.lines[body_end - 1])).is_some() {
                body_end -= 1;
                resume_at_label = body_end;
                while body_end > i + 1 && self.lines[body_end - 1].trim().is_empty() {
                    body_end -= 1;
                }
            }
            resume = resume_at_label.min(end);
        } else {
            self.sink.tracker.place((end + 1).min(self.lines.len()));
        }
        let body = self.lines[i + 1..body_end].join("\n");
        self.sink.tracker.place_range(i + 1, body_end.max(i + 1));
        if self.section == Section::Call {
            if let Some(a) = body.lines().find_map(address::find) {
                self.new_endpoint(i + 2, a, page);
                return resume;
            }
        }
        let kind = self.example_kind.unwrap_or(ExampleKind::Other);
        let title = self.example_title.clone().or_else(|| self.label.clone());
        let mut ex = example(kind, title, i + 2, &body);
        if unclosed {
            ex.repairs.push(Repair {
                line: body_end,
                what: "closed a code fence left open".to_owned(),
            });
        }
        if ex.error.is_some() {
            let first = self.lines.get(i + 1).copied().unwrap_or_default();
            self.sink
                .tracker
                .unplace(i + 2, first, Why::UnreadableExample);
        }
        match self.sink.endpoint(page) {
            Some(ep) => ep.examples.push(ex),
            None => self.pending_doc.push(Text {
                line: i + 2,
                text: body,
            }),
        }
        resume
    }

    /// JSON that a page forgot to fence (`query_urllink`): read as the seeds' examples are,
    /// with the Markdown escapes (`quota\_info`) it then carries undone.
    fn unfenced_example(&mut self, i: usize, page: &mut Page) -> usize {
        let end = crate::seed_blocks::json_extent(self.lines, i);
        let written = self.lines[i..end].join("\n");
        let unescaped = written.replace("\\_", "_");
        self.sink.tracker.place_range(i + 1, end);
        let kind = self.example_kind.unwrap_or(ExampleKind::Other);
        let title = self.example_title.clone().or_else(|| self.label.clone());
        let mut ex = example(kind, title, i + 1, &unescaped);
        ex.repairs.insert(
            0,
            Repair {
                line: i + 1,
                what: "read JSON that is not in a code block".to_owned(),
            },
        );
        if unescaped != written {
            ex.repairs.insert(
                1,
                Repair {
                    line: i + 1,
                    what: "removed Markdown escapes (`\\_`)".to_owned(),
                },
            );
            ex.text = written;
        }
        if ex.error.is_some() {
            self.sink
                .tracker
                .unplace(i + 1, self.lines[i], Why::UnreadableExample);
        }
        match self.sink.endpoint(page) {
            Some(ep) => ep.examples.push(ex),
            None => page.orphan_examples.push(ex),
        }
        end.max(i + 1)
    }

    fn new_endpoint(&mut self, n: usize, a: address::Address, page: &mut Page) {
        if let Some(ep) = self.sink.endpoint(page) {
            if ep.path == a.path {
                return;
            }
        }
        let mut ep = Endpoint::new(n, a.method, a.path, a.url);
        ep.fixed_query = a.fixed_query;
        ep.auth = a.auth;
        ep.title = page.title.clone();
        ep.name = self.pending_name.take();
        ep.doc = std::mem::take(&mut self.pending_doc);
        page.endpoints.push(ep);
        self.sink.current = Some(page.endpoints.len() - 1);
    }

    fn note(&mut self, n: usize, raw: &str, page: &mut Page) {
        let t = text(n, raw.trim_start_matches(['-', '>', '*', ' ']));
        match self.sink.endpoint(page) {
            Some(ep) => ep.notes.push(t),
            None => self.pending_doc.push(t),
        }
    }

    fn prose(&mut self, n: usize, raw: &str, page: &mut Page) {
        self.sink.tracker.place(n);
        let cleaned = clean(raw.trim_start_matches(['-', '>', ' ']));
        if is_boilerplate(raw) || is_section_boilerplate(&cleaned) {
            page.boilerplate.push(text(n, raw));
            return;
        }
        if let Some(name) = english_name(&cleaned) {
            match self.sink.endpoint(page) {
                Some(ep) => ep.name = Some(name),
                None => self.pending_name = Some(name),
            }
            return;
        }
        if cleaned.contains("接口变更日志") || cleaned.to_lowercase().contains("change log") {
            self.section = Section::Changelog;
        }
        if self.section == Section::Changelog {
            if let Some(ep) = self.sink.endpoint(page) {
                ep.changelog.push(text(n, &cleaned));
                return;
            }
        }
        if let Some(kind) = example_label(&cleaned) {
            self.example_kind = Some(kind);
            return;
        }
        if self.sink.describes_sub_table(&cleaned, page) {
            return;
        }
        if self.sink.opens_sub_table(n, &cleaned, page) {
            self.label = Some(cleaned);
            self.note(n, raw, page);
            return;
        }
        if self.section == Section::Scope {
            self.sink.scope_prose(n, &cleaned, page);
        }
        if self.section == Section::Intro && self.sink.endpoint(page).is_none() {
            self.pending_doc.push(text(n, &cleaned));
            return;
        }
        if cleaned.ends_with('：') || cleaned.ends_with(':') {
            self.label = Some(cleaned.trim_end_matches(['：', ':']).to_owned());
            self.example_title = self.label.clone();
        }
        self.note(n, raw, page);
    }
}

/// The target of a `查询参数`/`请求体`/`返回体` heading or a `Res.x Object Payload` /
/// `Res.x Enum` heading.
fn payload_target(title: &str) -> Option<Target> {
    let t = title.trim();
    let lower = t.to_lowercase();
    if lower.contains("query string parameters") || t.starts_with("查询参数") {
        return Some(Target::Query);
    }
    if lower.contains("request payload") || t.starts_with("请求体") {
        return Some(Target::Body);
    }
    if lower.contains("response payload") || t.starts_with("返回体") {
        return Some(Target::Response);
    }
    let (head, is_enum) = if let Some(h) = t.strip_suffix("Object Payload") {
        (h, false)
    } else if let Some(h) = t.strip_suffix("Enum") {
        (h, true)
    } else {
        return None;
    };
    let mut parts = head.trim().split('.');
    let root = match parts.next()?.trim() {
        "Res" | "Resp" | "Response" => Target::Response,
        "Body" | "Req" | "Request" => Target::Body,
        "Query" => Target::Query,
        _ => return None,
    };
    let mut path = Vec::new();
    for part in parts {
        let (name, array) = match part.trim().strip_suffix("(Array)") {
            Some(n) => (n, true),
            None => (part.trim(), false),
        };
        if !crate::lines::is_identifier(name) || path.len() >= crate::fields::MAX_DEPTH {
            return None;
        }
        path.push(Segment {
            name: name.to_owned(),
            array,
        });
    }
    if path.is_empty() {
        return None;
    }
    let path = NamePath {
        segments: path,
        as_written: None,
    };
    Some(if is_enum {
        Target::Enum(path.leaf().to_owned())
    } else {
        Target::Sub(Box::new(root), path)
    })
}

/// `接口英文名：getQRCode`.
fn english_name(line: &str) -> Option<String> {
    for marker in [
        "接口英文名：",
        "接口英文名:",
        "Interface English name:",
        "API English name:",
    ] {
        if let Some(rest) = line.strip_prefix(marker) {
            let name = rest.trim();
            return crate::lines::is_identifier(name).then(|| name.to_owned());
        }
    }
    None
}

/// `请求示例`, `返回示例` and their English.
fn example_label(line: &str) -> Option<ExampleKind> {
    let t = line.trim().trim_end_matches(['：', ':']).to_lowercase();
    match t.as_str() {
        "请求示例" | "请求数据示例" | "request example" | "request sample" => {
            Some(ExampleKind::Request)
        }
        "返回示例" | "返回数据示例" | "响应示例" | "response example" | "return example"
        | "response sample" => Some(ExampleKind::Response),
        _ => None,
    }
}

/// The sentences every current page repeats around its error-code and account-type tables.
fn is_section_boilerplate(line: &str) -> bool {
    const STARTS: [&str; 7] = [
        "以下是本接口的错误码列表",
        "本接口在不同账号类型下的可调用情况",
        "✔：该账号可调用此接口",
        "其他未明确声明的账号类型",
        "The following is the error code list",
        "✔: This account can call",
        "Other account types not explicitly declared",
    ];
    STARTS.iter().any(|s| line.starts_with(s))
}
