//! Blocks of the seed pages: label lines (`Request parameters`, `返回数据说明:`), the extent of
//! an unfenced JSON example, space-separated table rows with their continuation lines, and
//! tables flattened into prose (`notice string(48) ... description string(3072) ...`).

use crate::fields::{parse_name, NamePath};
use crate::lines::{clean, heading, is_identifier};
use crate::page::Field;
use crate::rows::{push_doc, set_type, space_field};
use crate::tables::{md_cells, space_header, Role};
use crate::types::{doc_max_len, type_at};

/// What a label line announces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Label {
    /// The endpoint's description follows.
    Intro,
    /// The address follows.
    Address,
    /// Request parameters follow.
    Request,
    /// A request example follows.
    RequestExample,
    /// Response fields follow.
    Response,
    /// A response example follows.
    ResponseExample,
    /// Notes follow.
    Notes,
    /// Error codes follow.
    Errors,
    /// A label that changes nothing (`# Object` under `Return value`).
    Same,
}

/// The label a line (or heading text) is, if it is one.
pub fn label(text: &str) -> Option<Label> {
    if text.len() > 400 {
        return None;
    }
    let t = clean(text).to_lowercase();
    let t = t.trim().trim_end_matches([':', '：', ' ']).trim();
    if t.chars().count() > 90 {
        return None;
    }
    let starts = |prefixes: &[&str]| prefixes.iter().any(|p| t.starts_with(p));
    let label = match t {
        "interface dxplaination"
        | "interface description"
        | "interface explanation"
        | "api description"
        | "接口说明"
        | "接口描述" => Label::Intro,
        "request address"
        | "api request format"
        | "接口调用请求说明"
        | "请求地址"
        | "interface call request dxplaination" => Label::Address,
        "request parameters"
        | "request parameter"
        | "parameters"
        | "parameter description"
        | "请求参数说明"
        | "请求参数"
        | "参数说明"
        | "common fields" => Label::Request,
        "post data"
        | "post数据"
        | "example requests"
        | "examples of post data"
        | "request example"
        | "请求示例"
        | "post数据示例" => Label::RequestExample,
        "return value" | "response data" | "返回数据说明" | "返回说明" | "返回参数说明"
        | "fields" | "字段说明" | "return parameters" => Label::Response,
        "return data example"
        | "return an example"
        | "返回示例"
        | "返回数据示例"
        | "response example" => Label::ResponseExample,
        "notes"
        | "note"
        | "please note"
        | "特别注意"
        | "开发者注意事项注"
        | "注意事项"
        | "注意" => Label::Notes,
        "error code"
        | "error codes"
        | "error code explaination"
        | "错误码"
        | "错误码说明"
        | "返回码说明" => Label::Errors,
        "object" => Label::Same,
        _ if starts(&["returns the parameter", "returns a parameter"]) => Label::Response,
        _ if starts(&[
            "returns the digital packet example",
            "returns the example of a digital packet",
        ]) =>
        {
            Label::ResponseExample
        }
        _ => return None,
    };
    Some(label)
}

/// True when a line starts an unfenced JSON example: `{`, or `[` followed by a JSON value
/// (not a Markdown link such as `[错误码](#apierrcode)`).
pub fn starts_json(line: &str) -> bool {
    let t = line.trim_start();
    if t.starts_with('{') {
        return true;
    }
    let Some(rest) = t.strip_prefix('[') else {
        return false;
    };
    let rest = rest.trim_start();
    rest.is_empty()
        || rest.starts_with(['{', '[', '"', ']', '-'])
        || rest.starts_with(|c: char| c.is_ascii_digit())
}

/// True when a line may continue an unfenced JSON example.
fn json_like(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with(['"', '{', '}', '[', ']', '\'', '/'])
        || t.starts_with(|c: char| c.is_ascii_digit() || c == '-')
        || ["true", "false", "null"].iter().any(|w| t.starts_with(w))
}

/// Opening minus closing brackets on a line, outside quoted pairs (an unpaired quote's rest
/// counts, as the docs leave key quotes open: `"base_resp:{`).
fn bracket_balance(line: &str) -> (i64, bool) {
    let mut depth = 0;
    let quotes: Vec<usize> = line.match_indices('"').map(|(i, _)| i).collect();
    let paired_end = if quotes.len() % 2 == 1 {
        quotes[quotes.len() - 1]
    } else {
        usize::MAX
    };
    let mut inside = false;
    for (i, c) in line.char_indices() {
        if c == '"' && i < paired_end {
            inside = !inside;
            continue;
        }
        if inside {
            continue;
        }
        match c {
            '{' | '[' => depth += 1,
            '}' | ']' => depth -= 1,
            _ => {}
        }
    }
    (depth, quotes.len() % 2 == 1)
}

/// The index one past the last line of an unfenced JSON example starting at index `start`.
pub fn json_extent(lines: &[&str], start: usize) -> usize {
    let mut depth = 0i64;
    let mut open_string = false;
    let mut i = start;
    while i < lines.len() {
        let line = lines[i];
        if line.trim().is_empty() {
            // A blank line inside an example only when JSON goes on after it.
            let next = (i + 1..lines.len()).find(|&j| !lines[j].trim().is_empty());
            match next {
                Some(j) if depth > 0 && json_like(lines[j]) && j - i <= 2 => {
                    i += 1;
                    continue;
                }
                _ => return i,
            }
        }
        if i > start && !open_string && !json_like(line) {
            return i;
        }
        let (d, odd) = bracket_balance(line);
        depth += d;
        if odd {
            open_string = !open_string;
        }
        i += 1;
        if depth <= 0 && !open_string {
            // A stray closer after the value (`query_urllink` has one `}` too many) belongs
            // to the example, where the repair names it.
            while i < lines.len() && matches!(lines[i].trim(), "}" | "]" | "}," | "],") {
                i += 1;
            }
            return i;
        }
    }
    i
}

/// A space-separated table read from its header line: rows with the lines they took.
pub struct SpaceTable {
    /// The column roles.
    pub roles: Vec<Role>,
    /// Rows: first line, the row's text (continuations joined) and the lines it spans.
    pub rows: Vec<SpaceRow>,
    /// Index one past the table.
    pub end: usize,
}

/// One row of a space-separated table.
pub struct SpaceRow {
    /// 1-based line of the row's first line.
    pub line: usize,
    /// The row as a field, for field tables.
    pub field: Option<(NamePath, Field)>,
    /// The row's words (first line), for value and code tables.
    pub text: String,
    /// 1-based lines of continuation text joined to the row.
    pub continued: Vec<usize>,
}

/// True when a line ends a space-separated table (labels, headings, examples, other tables).
fn ends_table(line: &str) -> bool {
    heading(line).is_some()
        || label(line).is_some()
        || line.trim_start().starts_with('{')
        || md_cells(line).is_some()
        || space_header(line).is_some()
}

/// Reads the space-separated table whose header is at index `header`.
pub fn space_table(lines: &[&str], header: usize, roles: Vec<Role>) -> SpaceTable {
    let fields = roles.first() == Some(&Role::Name);
    let has_type = roles.contains(&Role::Type);
    let mut rows: Vec<SpaceRow> = Vec::new();
    let mut i = header + 1;
    while i < lines.len() {
        let line = lines[i];
        if line.trim().is_empty() {
            // Blank lines end the table, unless the last row is cut short (no type yet, or
            // no description) and a fragment of it follows within two lines.
            let incomplete = rows.last().is_some_and(|r| match &r.field {
                Some((_, f)) => has_type && f.type_as_written.is_none() || f.doc.is_empty(),
                None => false,
            });
            let next = (i + 1..lines.len().min(i + 3)).find(|&j| !lines[j].trim().is_empty());
            match next {
                Some(j) if incomplete && !ends_table(lines[j]) => {
                    i = j;
                    continue;
                }
                _ => break,
            }
        }
        if ends_table(line) {
            break;
        }
        let n = i + 1;
        let field = if fields {
            space_field(&roles, line, n)
        } else {
            None
        };
        let words: Vec<&str> = line.split_whitespace().collect();
        let typeless = rows.last().is_some_and(|r| {
            r.field
                .as_ref()
                .is_some_and(|(_, f)| f.type_as_written.is_none())
        });
        let incomplete = rows
            .last()
            .is_some_and(|r| r.field.as_ref().is_some_and(|(_, f)| f.doc.is_empty()));
        // `unsigned int 0` under a row that still lacks its type, or a lone word under a row
        // that lacks its description (`FIELD_NAME` of an example split over lines), continues it.
        let type_first = has_type && typeless && type_at(&words).is_some()
            || has_type && incomplete && words.len() == 1 && !rows.is_empty();
        let starts_row = if fields {
            field.is_some() && !type_first
        } else {
            first_word_is_value(line)
        };
        if starts_row || rows.is_empty() {
            rows.push(SpaceRow {
                line: n,
                field,
                text: line.trim().to_owned(),
                continued: Vec::new(),
            });
        } else if let Some(row) = rows.last_mut() {
            continue_row(row, line, n, has_type);
        }
        i += 1;
    }
    SpaceTable {
        roles,
        rows,
        end: i,
    }
}

fn first_word_is_value(line: &str) -> bool {
    let first = line.split_whitespace().next().unwrap_or_default();
    first.parse::<i64>().is_ok() || is_identifier(first)
}

/// Joins a continuation line to a row: a type the row lacks, else more description.
fn continue_row(row: &mut SpaceRow, line: &str, n: usize, has_type: bool) {
    row.continued.push(n);
    row.text.push(' ');
    row.text.push_str(line.trim());
    let Some((_, field)) = row.field.as_mut() else {
        return;
    };
    let words: Vec<&str> = line.split_whitespace().collect();
    if has_type && field.type_as_written.is_none() {
        if let Some(p) = (0..words.len()).find(|&p| type_at(&words[p..]).is_some()) {
            let (written, width) = type_at(&words[p..]).unwrap_or_default();
            push_doc(&mut field.doc, &words[..p].join(" "));
            set_type(field, &written);
            let rest = &words[p + width..];
            if !rest.is_empty() {
                field.example = Some(rest.join(" "));
            }
            field.doc_max_len = doc_max_len(&field.doc);
            return;
        }
    }
    push_doc(&mut field.doc, line.trim());
    field.doc_max_len = doc_max_len(&field.doc);
}

/// A word of a flattened table and its 1-based line.
#[derive(Clone, Debug)]
struct Word {
    text: String,
    written: String,
    line: usize,
}

/// True when a line holds two or more `name TYPE` pairs: a table flattened into prose.
pub fn is_flattened(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    if md_cells(line).is_some() {
        return false;
    }
    (0..words.len())
        .filter(|&j| is_identifier(words[j]) && strong_type(&words[j + 1..]).is_some())
        .count()
        >= 2
}

/// Types that mark a flattened cell (not `number` or `object`, which are English words).
fn strong_type(words: &[&str]) -> Option<(String, usize)> {
    let (t, w) = type_at(words)?;
    let lower = t.to_lowercase();
    let strong = lower.starts_with("string")
        || lower.contains("int")
        || lower == "bool"
        || lower.starts_with("json");
    strong.then_some((t, w))
}

/// A flattened zone's fields, and the text before the first field name (with its line).
pub type Flattened = (Vec<(NamePath, Field)>, Option<(usize, String)>);

/// The fields of a flattened zone (lines `from..to`, 0-based), and the text before the first
/// field name (with its line), which names no field.
pub fn flattened(lines: &[&str], from: usize, to: usize) -> Flattened {
    let mut words: Vec<Word> = Vec::new();
    for (i, line) in lines.iter().enumerate().take(to).skip(from) {
        for (k, w) in line.split_whitespace().enumerate() {
            // A name broken at a line end: `promotion_url` / `_sub_title`.
            let joins =
                k == 0 && w.starts_with('_') && words.last().is_some_and(|p| p.line < i + 1);
            match words.last_mut() {
                Some(prev) if joins && is_identifier(&prev.text) => {
                    prev.text.push_str(w);
                    prev.written.push(' ');
                    prev.written.push_str(w);
                }
                _ => words.push(Word {
                    text: w.to_owned(),
                    written: w.to_owned(),
                    line: i + 1,
                }),
            }
        }
    }
    let texts: Vec<&str> = words.iter().map(|w| w.text.as_str()).collect();
    let mut starts: Vec<(usize, String, usize)> = Vec::new();
    for j in 0..texts.len() {
        // A start inside the previous start's type (`unsigned` of `unsigned int`) is none.
        if starts.last().is_some_and(|(p, _, w)| j <= p + w) {
            continue;
        }
        if let Some((t, w)) = strong_type(&texts[j + 1..]) {
            if is_identifier(texts[j]) {
                starts.push((j, t, w));
            }
        }
    }
    let before = starts.first().map_or(words.len(), |s| s.0);
    let lost = (before > 0).then(|| (words[0].line, texts[..before].join(" ")));
    let mut out = Vec::new();
    for (k, (j, written, width)) in starts.iter().enumerate() {
        let next = starts.get(k + 1).map_or(words.len(), |s| s.0);
        let Some(path) = parse_name(&words[*j].text) else {
            continue;
        };
        let mut field = Field {
            line: words[*j].line,
            ..Field::default()
        };
        if words[*j].written != words[*j].text {
            field.name_as_written = Some(words[*j].written.clone());
        }
        set_type(&mut field, written);
        let rest = &texts[(j + 1 + width).min(next)..next];
        match rest {
            [] => {}
            [only] => push_doc(&mut field.doc, only),
            [example, doc @ ..] => {
                field.example = Some((*example).to_owned());
                push_doc(&mut field.doc, &doc.join(" "));
            }
        }
        field.doc_max_len = doc_max_len(&field.doc);
        let mut path = path;
        if field.name_as_written.is_some() {
            path.as_written = field.name_as_written.clone();
        }
        out.push((path, field));
    }
    (out, lost)
}
