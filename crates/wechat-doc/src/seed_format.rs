//! The seed pages' formats. Endpoints are found by their addresses; each owns the lines from
//! its title (a heading, or a short line above `接口说明`) to the next endpoint's title. A page
//! whose addresses sit in an overview table (`publisher/stat?action=...`) gives each endpoint
//! the section whose heading names its action. Within a section, label lines (`POST Data`,
//! `返回数据说明:`) say what the next table or example is.

use crate::address::{self, Address};
use crate::examples::{example, ExampleKind};
use crate::lines::{clean, heading, is_boilerplate, is_identifier, text, Tracker};
use crate::page::{Endpoint, ErrorCode, Method, Page, Why};
use crate::rows::{enum_row, error_row, first_and_rest};
use crate::seed_blocks::{
    flattened, is_flattened, json_extent, label, space_table, starts_json, Label,
};
use crate::sink::{enum_field, is_post_data, Sink, Target};
use crate::tables::{md_cells, md_table, space_header, Role};

/// Reads a page in the seed formats into `page`.
pub fn read(lines: &[&str], tracker: &mut Tracker, page: &mut Page) {
    let owners = owners(lines, page);
    let mut r = Reader {
        lines,
        sink: Sink::new(tracker),
        mode: Label::Intro,
        title: None,
        enum_for: None,
    };
    r.run(page, &owners);
}

/// Creates the page's endpoints and gives each line its owner (an endpoint index, or none for
/// page-level lines).
fn owners(lines: &[&str], page: &mut Page) -> Vec<Option<usize>> {
    let found: Vec<(usize, Address)> = lines
        .iter()
        .enumerate()
        .filter_map(|(i, l)| address::find(l).map(|a| (i, a)))
        .collect();
    let mut owner = vec![None; lines.len()];
    // Addresses on consecutive non-blank lines are an overview table's rows.
    let overview = found
        .windows(2)
        .any(|w| (w[0].0 + 1..w[1].0).all(|j| lines[j].trim().is_empty()) && w[1].0 - w[0].0 <= 2);
    if overview {
        for (i, a) in &found {
            let before = lines[*i][..a.start].trim();
            let action = a.fixed_query.first();
            let written = action.map(|q| q.as_written.clone().unwrap_or_else(|| q.value.clone()));
            let first_word = before
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_owned();
            let name = written
                .filter(|w| before.starts_with(w.as_str()))
                .unwrap_or(first_word);
            let mut ep = endpoint(*i + 1, a.clone());
            ep.title = Some(before[name.len()..].trim().to_owned());
            ep.name = Some(action.map_or(name, |q| q.value.clone()));
            page.endpoints.push(ep);
        }
        let mut current = None;
        for (i, line) in lines.iter().enumerate() {
            if let Some(h) = heading(line) {
                current = page.endpoints.iter().position(|e| names_action(&h.text, e));
            }
            owner[i] = current;
        }
        return owner;
    }
    let mut starts = Vec::new();
    for (k, (i, a)) in found.iter().enumerate() {
        let floor = if k == 0 { 0 } else { found[k - 1].0 + 1 };
        let mut ep = endpoint(*i + 1, a.clone());
        if ep.method == Method::Unknown {
            if let Some(prev) = (floor..*i).rev().find(|&j| !lines[j].trim().is_empty()) {
                ep.method = address::method_label(lines[prev]).unwrap_or(Method::Unknown);
            }
        }
        let start = title_line(lines, floor, *i).unwrap_or(*i);
        ep.title = Some(heading(lines[start]).map_or_else(|| clean(lines[start]), |h| h.text));
        page.endpoints.push(ep);
        starts.push(start);
    }
    for (k, &start) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(lines.len());
        for slot in owner.iter_mut().take(end).skip(start) {
            *slot = Some(k);
        }
    }
    owner
}

fn endpoint(line: usize, a: Address) -> Endpoint {
    let mut ep = Endpoint::new(line, a.method, a.path, a.url);
    ep.fixed_query = a.fixed_query;
    ep.auth = a.auth;
    ep
}

/// True when a heading names the endpoint's action (`(publisher_adpos_general)`); the docs
/// garble some (`programs_adunit _list)` for `get_adunit _list`), so the part after the first
/// `_` also counts when long enough.
fn names_action(heading: &str, ep: &Endpoint) -> bool {
    let compact: String = heading.split_whitespace().collect();
    ep.fixed_query.iter().any(|q| {
        let tail = q.value.find('_').map_or("", |at| &q.value[at..]);
        compact.contains(&q.value) || tail.len() >= 8 && compact.contains(tail)
    })
}

/// The title line of the endpoint whose address is at index `address`: the nearest heading
/// above that is no label, or a short line just above an intro label (`接口说明`).
fn title_line(lines: &[&str], floor: usize, address: usize) -> Option<usize> {
    for j in (floor..address).rev() {
        let line = lines[j];
        if line.trim().is_empty() {
            continue;
        }
        if let Some(h) = heading(line) {
            if label(&h.text).is_none() {
                return Some(j);
            }
            continue;
        }
        let t = clean(line);
        let short = t.chars().count() <= 30 && !t.ends_with(['。', '.', ':', '：', ',', '，']);
        let next = (j + 1..address).find(|&k| !lines[k].trim().is_empty());
        if short
            && label(&t).is_none()
            && next.is_some_and(|k| label(lines[k]) == Some(Label::Intro))
        {
            return Some(j);
        }
    }
    None
}

struct Reader<'a, 't> {
    lines: &'a [&'a str],
    sink: Sink<'t>,
    mode: Label,
    /// The last short prose line: the title of an example or table after it.
    title: Option<String>,
    /// `Enumeration of X`: the field the next value table is for.
    enum_for: Option<String>,
}

impl Reader<'_, '_> {
    fn run(&mut self, page: &mut Page, owners: &[Option<usize>]) {
        let mut i = 0;
        while i < self.lines.len() {
            let raw = self.lines[i];
            let n = i + 1;
            if owners[i] != self.sink.current {
                self.sink.current = owners[i];
                self.mode = Label::Intro;
                self.sink.set_target(Target::None);
            }
            if raw.trim().is_empty() {
                i += 1;
                continue;
            }
            i = self.line(i, page);
            debug_assert!(i >= n);
            self.sink.tracker.place(n);
        }
    }

    /// Reads what starts at index `i`; returns the index after it.
    fn line(&mut self, i: usize, page: &mut Page) -> usize {
        let raw = self.lines[i];
        let n = i + 1;
        let h = heading(raw);
        let body = h
            .as_ref()
            .map_or_else(|| raw.trim().to_owned(), |h| h.text.clone());
        if address::find(raw).is_some() || address::method_label(raw).is_some() {
            return i + 1;
        }
        if let Some(l) = label(&body) {
            self.set_mode(l);
            if clean(&body).to_lowercase().starts_with("please note:") && body.len() > 14 {
                self.prose(n, &body, page);
            }
            return i + 1;
        }
        if h.is_some() {
            self.heading(n, &body, page);
            return i + 1;
        }
        if starts_json(raw) {
            let end = json_extent(self.lines, i);
            self.example(i, end, page);
            return end;
        }
        if let Some(table) = md_table(self.lines, i) {
            let title = self.title.take();
            self.sink.table(&table, title, false, page);
            self.after_table();
            return table.end;
        }
        if md_cells(raw).is_some() {
            self.sink.tracker.unplace(n, raw, Why::RowDoesNotFit);
            return i + 1;
        }
        if let Some(roles) = space_header(raw) {
            return self.space_table(i, roles, page);
        }
        if is_flattened(raw) {
            return self.flattened(i, page);
        }
        if self.sink.opens_sub_table(n, &body, page) {
            return i + 1;
        }
        if let Some(name) = enum_field(&body) {
            self.enum_for = Some(name);
            return i + 1;
        }
        // A lone field name above a table: the table is that field's structure (`base_info`).
        if is_identifier(&body)
            && self
                .lines
                .get(i + 1)
                .is_some_and(|l| md_table(self.lines, i + 1).is_some() || md_cells(l).is_some())
        {
            self.sink.set_target(Target::Children(body));
            return i + 1;
        }
        self.prose(n, &body, page);
        i + 1
    }

    fn set_mode(&mut self, l: Label) {
        let answering = matches!(self.mode, Label::Response | Label::ResponseExample);
        // `Parameters` under a response example (002) heads the response fields.
        let l = if l == Label::Request && answering {
            Label::Response
        } else {
            l
        };
        if l == Label::Same {
            return;
        }
        self.mode = l;
        self.title = None;
        self.sink.set_target(match l {
            Label::Request | Label::RequestExample => Target::Request,
            Label::Response | Label::ResponseExample => Target::Response,
            _ => Target::None,
        });
    }

    /// After a sub-table, rows go back to the section's own list.
    fn after_table(&mut self) {
        if matches!(self.sink.target, Target::Children(_)) {
            let mode = self.mode;
            self.set_mode(mode);
        }
    }

    fn heading(&mut self, n: usize, title: &str, page: &mut Page) {
        if self.sink.current.is_none() {
            if page.title.is_none() {
                page.title = Some(title.to_owned());
            } else {
                page.doc.push(text(n, title));
            }
            return;
        }
        if let Some(ep) = self.sink.endpoint(page) {
            if ep.title.as_deref() != Some(title) {
                ep.notes.push(text(n, title));
            }
        }
    }

    fn prose(&mut self, n: usize, body: &str, page: &mut Page) {
        if is_boilerplate(body) {
            page.boilerplate.push(text(n, body));
            return;
        }
        let lower = body.to_lowercase();
        if let Some(ep) = self.sink.endpoint(page) {
            if ep.method == Method::Unknown
                && (body.contains("GET request") || body.contains("GET请求"))
            {
                ep.method = Method::Get;
            }
        }
        if matches!(self.mode, Label::Request | Label::RequestExample)
            && (lower.contains("returned") || lower.contains("返回") || lower.contains("response"))
        {
            self.mode = Label::ResponseExample;
            self.sink.set_target(Target::Response);
        }
        let errors = prose_errors(n, body);
        // Inline JSON in prose (`Request for ... { "code": "1" } or ...`) is an example.
        let inline = if body.contains('{')
            && matches!(self.mode, Label::RequestExample | Label::ResponseExample)
        {
            inline_json(body)
        } else {
            Vec::new()
        };
        let t = text(n, body);
        let short = t.text.chars().count() <= 80;
        let kind = self.kind();
        match self.sink.endpoint(page) {
            Some(ep) => {
                ep.errors.extend(errors);
                let mut from = 0;
                for (at, json) in inline {
                    let title = Some(body[from..at].trim().to_owned()).filter(|s| !s.is_empty());
                    from = at + json.len();
                    ep.examples.push(example(kind, title, n, json));
                }
                if ep.title.as_deref() == Some(t.text.as_str()) {
                    // The title line, already the endpoint's title.
                } else if self.mode == Label::Intro {
                    ep.doc.push(t.clone());
                } else {
                    ep.notes.push(t.clone());
                }
            }
            None => page.doc.push(t.clone()),
        }
        if short {
            self.title = Some(t.text);
        }
    }

    fn kind(&self) -> ExampleKind {
        match self.mode {
            Label::Request | Label::RequestExample => ExampleKind::Request,
            Label::Response | Label::ResponseExample => ExampleKind::Response,
            _ => ExampleKind::Other,
        }
    }

    fn example(&mut self, i: usize, end: usize, page: &mut Page) {
        let body = self.lines[i..end].join("\n");
        self.sink.tracker.place_range(i + 1, end);
        let ex = example(self.kind(), self.title.take(), i + 1, &body);
        if ex.error.is_some() {
            self.sink
                .tracker
                .unplace(i + 1, self.lines[i], Why::UnreadableExample);
        }
        match self.sink.endpoint(page) {
            Some(ep) => ep.examples.push(ex),
            None => page.orphan_examples.push(ex),
        }
    }

    fn space_table(&mut self, i: usize, roles: Vec<Role>, page: &mut Page) -> usize {
        let table = space_table(self.lines, i, roles);
        self.sink.tracker.place(i + 1);
        let first = table.roles.first().copied();
        let title = self.title.take();
        let errors = first == Some(Role::Code) || self.mode == Label::Errors;
        // A table with a `required` column lists request parameters, whatever came before.
        if table.roles.contains(&Role::Required) && self.sink.target == Target::None {
            self.sink.set_target(Target::Request);
        }
        for row in &table.rows {
            self.sink.tracker.place(row.line);
            for &c in &row.continued {
                self.sink.tracker.place(c);
            }
            if table.roles.contains(&Role::Address) {
                continue; // the overview's rows made the endpoints
            }
            let cells = first_and_rest(&row.text, &table.roles);
            if errors {
                match error_row(&cells, &[Role::Code, Role::Meaning], row.line) {
                    Some(e) => match self.sink.endpoint(page) {
                        Some(ep) => ep.errors.push(e),
                        None => page
                            .endpoints
                            .iter_mut()
                            .for_each(|ep| ep.errors.push(e.clone())),
                    },
                    None => self
                        .sink
                        .tracker
                        .unplace(row.line, &row.text, Why::RowDoesNotFit),
                }
                continue;
            }
            if first == Some(Role::Value) {
                continue; // read below as one enum
            }
            match &row.field {
                _ if is_post_data(&row.text) => {} // the seeds' `POST数据 Json数据`: the body
                Some((path, field)) => self.sink.field(page, path, field.clone(), title.as_deref()),
                None if self.sink.current.is_none()
                    || first == Some(Role::Name) && table.roles.contains(&Role::Desc) =>
                {
                    // An overview without addresses (`Interface Name Introductions`): prose.
                    self.prose(row.line, &row.text, page);
                }
                None => self
                    .sink
                    .tracker
                    .unplace(row.line, &row.text, Why::RowWithoutName),
            }
        }
        if first == Some(Role::Value) && !errors {
            let title = title.or_else(|| Some(self.lines[i].trim().to_owned()));
            self.value_table(&table, title, page);
        }
        self.after_table();
        table.end
    }

    fn value_table(
        &mut self,
        table: &crate::seed_blocks::SpaceTable,
        title: Option<String>,
        page: &mut Page,
    ) {
        let values = table
            .rows
            .iter()
            .filter_map(|r| enum_row(&first_and_rest(&r.text, &table.roles), &table.roles, r.line))
            .collect();
        let field = self
            .enum_for
            .take()
            .or_else(|| title.as_deref().and_then(enum_field));
        let e = crate::page::EnumTable {
            field,
            title,
            line: table.rows.first().map_or(0, |r| r.line),
            values,
        };
        match self.sink.endpoint(page) {
            Some(ep) => ep.enums.push(e),
            None => page
                .endpoints
                .iter_mut()
                .for_each(|ep| ep.enums.push(e.clone())),
        }
    }

    /// A table flattened into prose: its zone runs to three blank lines or a label.
    fn flattened(&mut self, i: usize, page: &mut Page) -> usize {
        let mut end = i + 1;
        let mut blanks = 0;
        while end < self.lines.len() && blanks < 3 {
            let line = self.lines[end];
            if line.trim().is_empty() {
                blanks += 1;
            } else if label(line).is_some()
                || space_header(line).is_some()
                || heading(line).is_some()
            {
                break;
            } else {
                blanks = 0;
            }
            end += 1;
        }
        let (fields, lost) = flattened(self.lines, i, end);
        self.sink.tracker.place_range(i + 1, end);
        if let Some((line, text)) = lost {
            self.sink
                .tracker
                .unplace(line, &text, Why::FragmentBeforeFirstField);
        }
        self.title = None;
        let title = Some("flattened table".to_owned());
        for (path, field) in fields {
            self.sink.field(page, &path, field, title.as_deref());
        }
        end
    }
}

/// Error codes prose mentions: `否则报错{errcode: 61501,errmsg: "date range error"}`, `(error
/// code: 103006, data does not exist)`.
fn prose_errors(n: usize, body: &str) -> Vec<ErrorCode> {
    let mut out = Vec::new();
    for marker in ["error code:", "error code：", "错误码：", "错误码:"] {
        let mut rest = body;
        while let Some(at) = rest.find(marker) {
            let after = rest[at + marker.len()..].trim_start();
            let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
            if let Ok(code) = digits.parse::<i64>() {
                let meaning = after[digits.len()..]
                    .trim_start_matches([',', '，', ' '])
                    .split([')', '）', '。'])
                    .next()
                    .unwrap_or_default()
                    .trim();
                out.push(ErrorCode {
                    code,
                    meaning: meaning.to_owned(),
                    solution: None,
                    line: n,
                    from_prose: true,
                });
            }
            rest = &rest[at + marker.len()..];
        }
    }
    let mut rest = body;
    while let Some(at) = rest.find("errcode") {
        let after = &rest[at + "errcode".len()..];
        let digits: String = after
            .trim_start_matches(['"', ':', ' ', '：'])
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '-')
            .collect();
        if let Ok(code) = digits.parse::<i64>() {
            if code != 0 {
                let meaning = after
                    .find("errmsg")
                    .map(|m| {
                        let value =
                            after[m + "errmsg".len()..].trim_start_matches(['"', ':', ' ', '：']);
                        value.split('"').next().unwrap_or_default().to_owned()
                    })
                    .unwrap_or_default();
                out.push(ErrorCode {
                    code,
                    meaning,
                    solution: None,
                    line: n,
                    from_prose: true,
                });
            }
        }
        rest = after;
    }
    out
}

/// Balanced `{...}` segments of a prose line, with the byte offset where each starts.
fn inline_json(body: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, c) in body.char_indices() {
        match c {
            '{' => {
                if depth == 0 {
                    start = i;
                }
                depth += 1;
            }
            '}' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    out.push((start, &body[start..=i]));
                }
            }
            _ => {}
        }
    }
    out
}
