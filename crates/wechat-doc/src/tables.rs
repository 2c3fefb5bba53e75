//! Tables: Markdown rows (`a | b | c`, with or without outer pipes), the role of each column
//! from its header, and the space-separated headers of the seeds (`parameter type Introductions`).

use crate::lines::clean;

/// What a column holds, from its header cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// The field or parameter name.
    Name,
    /// The type.
    Type,
    /// Whether it is required.
    Required,
    /// The description.
    Desc,
    /// An example value.
    Example,
    /// A default value.
    Default,
    /// Whether a change needs review (`Review Required`, `是否提审`): not `required`.
    Review,
    /// An error code.
    Code,
    /// An error's message or meaning.
    Meaning,
    /// What to do about an error.
    Solution,
    /// An enum value.
    Value,
    /// An address (the seeds' overview tables).
    Address,
    /// Anything else.
    Other,
}

/// The role a header cell names.
pub fn role(header: &str) -> Role {
    let h = clean(header).to_lowercase();
    let h = h.trim_end_matches([':', '：', '?', '？']).trim();
    match h {
        "参数名" | "参数" | "属性" | "属性名" | "字段" | "字段名" | "名称" | "parameter"
        | "parameters" | "attribute" | "field" | "name" => Role::Name,
        "类型" | "type" => Role::Type,
        "必填"
        | "是否必填"
        | "是否必须"
        | "必选"
        | "required"
        | "is it necessary"
        | "is it compulsory"
        | "required to fill in"
        | "mandatory" => Role::Required,
        "说明" | "描述" | "备注" | "含义" | "description" | "introductions" | "introduction"
        | "remarks" | "参数说明" | "use" => Role::Desc,
        "示例" | "示例值" | "example" => Role::Example,
        "默认值" | "default values" | "default value" | "default" => Role::Default,
        "review required" | "是否提审" => Role::Review,
        "错误码" | "error code" | "errcode" | "返回码" => Role::Code,
        "错误描述"
        | "错误信息"
        | "errmsg"
        | "meaning"
        | "return value meaning"
        | "error description" => Role::Meaning,
        "解决方案" | "处理措施" | "solution" => Role::Solution,
        "值" | "枚举值" | "value" | "key" | "取值" => Role::Value,
        _ if h.starts_with("interface call address") || h.starts_with("接口调用地址") => {
            Role::Address
        }
        _ => Role::Other,
    }
}

/// Splits a Markdown row into cells; `None` when the line is no row. Escaped pipes (`\|`)
/// stay inside their cell.
pub fn md_cells(line: &str) -> Option<Vec<String>> {
    let t = line.trim();
    if !t.contains('|') {
        return None;
    }
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut chars = t.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                cell.push('|');
                chars.next();
            }
            '|' => cells.push(std::mem::take(&mut cell)),
            _ => cell.push(c),
        }
    }
    cells.push(cell);
    if t.starts_with('|') {
        cells.remove(0);
    }
    if t.ends_with('|') && !t.ends_with("\\|") {
        cells.pop();
    }
    Some(cells.iter().map(|c| c.trim().to_owned()).collect())
}

/// True for a Markdown separator row (`---|---`, `| --- | :-: |`).
pub fn is_separator(line: &str) -> bool {
    let t = line.trim();
    t.contains('-') && t.contains('|') && t.chars().all(|c| matches!(c, '-' | '|' | ':' | ' '))
}

/// A Markdown table: its header, rows and the lines they are on.
#[derive(Clone, Debug)]
pub struct MdTable {
    /// 1-based line of the header row.
    pub line: usize,
    /// Header cells.
    pub header: Vec<String>,
    /// Rows: 1-based line and cells.
    pub rows: Vec<(usize, Vec<String>)>,
    /// 1-based line of the last row.
    pub end: usize,
}

impl MdTable {
    /// The column roles.
    pub fn roles(&self) -> Vec<Role> {
        self.header.iter().map(|h| role(h)).collect()
    }
}

/// Reads a Markdown table starting at index `start` of `lines` (0-based); the table runs while
/// lines are rows. A table needs a separator row after its header.
pub fn md_table(lines: &[&str], start: usize) -> Option<MdTable> {
    let header = md_cells(lines.get(start)?)?;
    if !lines.get(start + 1).is_some_and(|l| is_separator(l)) {
        return None;
    }
    let mut rows = Vec::new();
    let mut i = start + 2;
    while let Some(line) = lines.get(i) {
        if line.trim().is_empty() || is_separator(line) && rows.is_empty() {
            break;
        }
        match md_cells(line) {
            Some(cells) => rows.push((i + 1, cells)),
            None => break,
        }
        i += 1;
    }
    Some(MdTable {
        line: start + 1,
        header,
        rows,
        end: i,
    })
}

/// Column phrases of the seeds' space-separated headers, longest first within a role.
const PHRASES: [(&str, Role); 34] = [
    ("interface call address (must use https)", Role::Address),
    ("return value meaning", Role::Meaning),
    ("required to fill in", Role::Required),
    ("maximum time span", Role::Other),
    ("is it compulsory?", Role::Required),
    ("is it necessary", Role::Required),
    ("interface name", Role::Name),
    ("default values", Role::Default),
    ("introductions", Role::Desc),
    ("type of advertising", Role::Desc),
    ("name of type", Role::Value),
    ("description", Role::Desc),
    ("error code", Role::Code),
    ("parameter", Role::Name),
    ("attribute", Role::Name),
    ("required", Role::Required),
    ("meaning", Role::Meaning),
    ("example", Role::Example),
    ("field", Role::Name),
    ("value", Role::Value),
    ("type", Role::Type),
    ("use", Role::Desc),
    ("参数名", Role::Name),
    ("是否必须", Role::Required),
    ("是否必填", Role::Required),
    ("是否提审", Role::Review),
    ("示例值", Role::Example),
    ("参数", Role::Name),
    ("字段", Role::Name),
    ("类型", Role::Type),
    ("说明", Role::Desc),
    ("描述", Role::Desc),
    ("备注", Role::Desc),
    ("属性", Role::Name),
];

/// Reads a space-separated header row (`parameter type Is it compulsory? Introductions`,
/// `字段 说明 是否必填 类型 示例值`): its column roles, or `None` for any other line. Every
/// word must belong to a known column phrase, and the first column names the rows.
pub fn space_header(line: &str) -> Option<Vec<Role>> {
    let mut rest = line.trim().to_lowercase();
    if rest.is_empty() || rest.contains('|') || rest.len() > 120 {
        return None;
    }
    let mut roles = Vec::new();
    while !rest.is_empty() {
        let found = PHRASES.iter().find(|(p, _)| {
            rest.starts_with(p)
                && rest[p.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| c == ' ' || !c.is_ascii_alphabetic())
        });
        let (phrase, role) = found?;
        roles.push(*role);
        rest = rest[phrase.len()..]
            .trim_start_matches([' ', '(', ')', '_'])
            .to_owned();
        // `Name of Type (ad)_slot) Type of advertising`: the doc's own garble of `ad_slot`.
        if let Some(after) = rest.strip_prefix("ad)_slot)") {
            rest = after.trim_start().to_owned();
        }
    }
    let first = *roles.first()?;
    let useful = matches!(first, Role::Name | Role::Value | Role::Code);
    (useful && roles.len() >= 2).then_some(roles)
}
