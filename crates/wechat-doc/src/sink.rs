//! Where read tables and rows go: the current endpoint's query, body or response, a sub-table's
//! parent field, an enum, the error codes, or (before any endpoint) the page's orphan tables.
//! Both format readers share it.

use crate::fields::{find_named, find_path, has_named, insert, NamePath};
use crate::lines::{clean, Tracker};
use crate::page::{
    AccountType, Endpoint, EnumTable, Field, FieldTable, Method, Page, RawTable, Why,
};
use crate::rows::{enum_row, error_row, md_field};
use crate::tables::{MdTable, Role};

/// Where the next field rows go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// Nowhere in particular: a field table becomes one of the endpoint's other field tables.
    None,
    /// Request parameters of the seeds: `access_token` to the query, the rest to the body (or
    /// to the query for a `GET`).
    Request,
    /// Query parameters.
    Query,
    /// Body fields.
    Body,
    /// Response fields.
    Response,
    /// A sub-table: the fields of the object at a path under a root target.
    Sub(Box<Target>, NamePath),
    /// The fields of the most recent field with this name (`Structure of X`, `X 的结构`).
    Children(String),
    /// An enum for a field.
    Enum(String),
}

/// Shared state of a reader: the tracker, the current endpoint and the current target.
pub struct Sink<'t> {
    /// The line tracker.
    pub tracker: &'t mut Tracker,
    /// The index of the current endpoint in the page.
    pub current: Option<usize>,
    /// Where field rows go.
    pub target: Target,
    /// True once a table was read under the current target.
    table_read: bool,
}

impl<'t> Sink<'t> {
    /// A sink with no endpoint yet.
    pub fn new(tracker: &'t mut Tracker) -> Self {
        Sink {
            tracker,
            current: None,
            target: Target::None,
            table_read: false,
        }
    }

    /// The current endpoint.
    pub fn endpoint<'p>(&self, page: &'p mut Page) -> Option<&'p mut Endpoint> {
        page.endpoints.get_mut(self.current?)
    }

    /// Places one field row under the current target. `title` names an orphan or other table.
    pub fn field(&mut self, page: &mut Page, path: &NamePath, field: Field, title: Option<&str>) {
        let line = field.line;
        let Some(ep) = self.endpoint(page) else {
            let table = orphan_table(&mut page.orphan_tables, title, line);
            insert(&mut table.fields, path, field);
            return;
        };
        let target = self.target.clone();
        match target {
            Target::Request => {
                let leaf = path.leaf();
                let to_query = leaf == "access_token" || ep.method == Method::Get;
                let list = if to_query {
                    &mut ep.query
                } else {
                    &mut ep.body
                };
                insert(list, path, field);
            }
            Target::Query => insert(&mut ep.query, path, field),
            Target::Body => insert(&mut ep.body, path, field),
            Target::Response => insert(&mut ep.response, path, field),
            Target::Sub(root, sub) => {
                let list = match *root {
                    Target::Query => &mut ep.query,
                    Target::Body => &mut ep.body,
                    _ => &mut ep.response,
                };
                let mut full = sub.clone();
                full.segments.extend(path.segments.iter().cloned());
                if full.segments.len() > crate::fields::MAX_DEPTH * 2 {
                    self.tracker.unplace(line, &field.name, Why::RowDoesNotFit);
                    return;
                }
                full.as_written = path.as_written.clone();
                insert(list, &full, field);
            }
            Target::Children(parent) => match parent_field(ep, &parent) {
                Some(p) => insert(&mut p.children, path, field),
                None => {
                    let t = other_table(&mut ep.other_fields, title, line);
                    insert(&mut t.fields, path, field);
                }
            },
            Target::None | Target::Enum(_) => {
                let t = other_table(&mut ep.other_fields, title, line);
                insert(&mut t.fields, path, field);
            }
        }
    }

    /// True when `line` is the description under a `Res.x Object Payload` heading (it repeats
    /// the parent field's description), which is then placed.
    pub fn describes_sub_table(&mut self, line: &str, page: &mut Page) -> bool {
        let Target::Sub(root, path) = self.target.clone() else {
            return false;
        };
        if self.table_read {
            return false;
        }
        if let Some(ep) = self.endpoint(page) {
            let list = match *root {
                Target::Query => &mut ep.query,
                Target::Body => &mut ep.body,
                _ => &mut ep.response,
            };
            let names: Vec<String> = path.segments.iter().map(|s| s.name.clone()).collect();
            if let Some(f) = find_path(list, &names) {
                if f.doc.is_empty() {
                    f.doc = line.to_owned();
                }
            }
        }
        true
    }

    /// True when line `n` announces the fields of a named field: `result为综合结果，包含的属性有`,
    /// `X 的结构`, `Structure of X`. The next table then goes under that field; when the
    /// endpoint has no such field, the line is reported and the table kept on its own.
    pub fn opens_sub_table(&mut self, n: usize, line: &str, page: &mut Page) -> bool {
        let Some(name) = structure_of(line) else {
            return false;
        };
        let known = self
            .endpoint(page)
            .is_some_and(|ep| parent_field(ep, &name).is_some());
        if !known {
            self.tracker.unplace(n, line, Why::NoParentField);
        }
        self.set_target(Target::Children(name));
        true
    }

    /// Sets the target for the next table.
    pub fn set_target(&mut self, target: Target) {
        self.target = target;
        self.table_read = false;
    }

    /// Account types named in prose: `本接口支持「小程序」账号类型调用`.
    pub fn scope_prose(&mut self, n: usize, line: &str, page: &mut Page) {
        let Some(ep) = self.endpoint(page) else {
            return;
        };
        let mut rest = line;
        while let Some(open) = rest.find('「') {
            let after = &rest[open + '「'.len_utf8()..];
            let Some(close) = after.find('」') else {
                break;
            };
            ep.account_types.push(AccountType {
                name: after[..close].to_owned(),
                allowed: !line.contains("不支持"),
                line: n,
            });
            rest = &after[close..];
        }
    }

    /// Reads a Markdown table under the current target. `title` is the heading or label above
    /// it; `scope` is true in an account-types section.
    pub fn table(&mut self, table: &MdTable, title: Option<String>, scope: bool, page: &mut Page) {
        self.tracker.place_range(table.line, table.end);
        let roles = table.roles();
        self.table_read = true;
        if roles.contains(&Role::Code) {
            return self.errors(table, &roles, page);
        }
        if scope || is_account_table(table) {
            return self.account_types(table, page);
        }
        let first = roles.first().copied().unwrap_or(Role::Other);
        let enum_target = matches!(self.target, Target::Enum(_));
        if first == Role::Value || enum_target {
            let field = match &self.target {
                Target::Enum(f) => Some(f.clone()),
                _ => title.as_deref().and_then(enum_field),
            };
            return self.enum_table(table, &roles, field, title, page);
        }
        let fieldish = roles
            .iter()
            .any(|r| matches!(r, Role::Type | Role::Required | Role::Desc));
        if first == Role::Name && fieldish {
            for (n, cells) in &table.rows {
                if is_post_data(cells.first().map_or("", String::as_str)) {
                    continue; // the seeds' `POST data | Yes | JSON data`: the body itself
                }
                if cells.len() > 1 && cells[1..].iter().all(|c| c.trim().is_empty()) {
                    // `No | |`: a fragment of the row above, cut off by the page.
                    self.tracker
                        .unplace(*n, &cells.join(" | "), Why::RowDoesNotFit);
                    continue;
                }
                match md_field(&roles, &table.header, cells, *n) {
                    Some((path, field)) => self.field(page, &path, field, title.as_deref()),
                    None if cells.iter().all(|c| c.trim().is_empty()) => {}
                    None => self
                        .tracker
                        .unplace(*n, &cells.join(" | "), Why::RowWithoutName),
                }
            }
            return;
        }
        let raw = RawTable {
            title,
            line: table.line,
            header: table.header.iter().map(|h| clean(h)).collect(),
            rows: table
                .rows
                .iter()
                .map(|(_, cells)| cells.iter().map(|c| clean(c)).collect())
                .collect(),
        };
        match self.endpoint(page) {
            Some(ep) => ep.other_tables.push(raw),
            None => self
                .tracker
                .unplace(table.line, &table.header.join(" | "), Why::UnknownTable),
        }
    }

    fn errors(&mut self, table: &MdTable, roles: &[Role], page: &mut Page) {
        let mut codes = Vec::new();
        for (n, cells) in &table.rows {
            match error_row(cells, roles, *n) {
                Some(e) => codes.push(e),
                None => self
                    .tracker
                    .unplace(*n, &cells.join(" | "), Why::RowDoesNotFit),
            }
        }
        match self.endpoint(page) {
            Some(ep) => ep.errors.extend(codes),
            None => self.tracker.unplace(
                table.line,
                &table.header.join(" | "),
                Why::OutsideKnownSection,
            ),
        }
    }

    fn account_types(&mut self, table: &MdTable, page: &mut Page) {
        let Some((n, marks)) = table.rows.first() else {
            return;
        };
        let Some(ep) = self.endpoint(page) else {
            return;
        };
        for (name, mark) in table.header.iter().zip(marks) {
            ep.account_types.push(AccountType {
                name: clean(name),
                allowed: is_yes_mark(mark),
                line: *n,
            });
        }
    }

    fn enum_table(
        &mut self,
        table: &MdTable,
        roles: &[Role],
        field: Option<String>,
        title: Option<String>,
        page: &mut Page,
    ) {
        let values = table
            .rows
            .iter()
            .filter_map(|(n, cells)| enum_row(cells, roles, *n))
            .collect();
        let e = EnumTable {
            field,
            title,
            line: table.line,
            values,
        };
        match self.endpoint(page) {
            Some(ep) => ep.enums.push(e),
            None => self.tracker.unplace(
                table.line,
                &table.header.join(" | "),
                Why::OutsideKnownSection,
            ),
        }
    }
}

/// The most recent field called `name` in the endpoint's tables, response first.
pub fn parent_field<'e>(ep: &'e mut Endpoint, name: &str) -> Option<&'e mut Field> {
    // Checked first without borrowing mutably, so that the right list is borrowed once.
    let in_list = |list: &[Field]| has_named(list, name);
    if in_list(&ep.response) {
        return find_named(&mut ep.response, name);
    }
    if in_list(&ep.body) {
        return find_named(&mut ep.body, name);
    }
    if in_list(&ep.query) {
        return find_named(&mut ep.query, name);
    }
    ep.other_fields
        .iter_mut()
        .rev()
        .find_map(|t| find_named(&mut t.fields, name))
}

fn orphan_table<'a>(
    tables: &'a mut Vec<FieldTable>,
    title: Option<&str>,
    line: usize,
) -> &'a mut FieldTable {
    other_table(tables, title, line)
}

/// The field table with `title` that was opened last, or a new one.
pub fn other_table<'a>(
    tables: &'a mut Vec<FieldTable>,
    title: Option<&str>,
    line: usize,
) -> &'a mut FieldTable {
    let same = tables.last().is_some_and(|t| t.title.as_deref() == title);
    if !same {
        tables.push(FieldTable {
            title: title.map(str::to_owned),
            line,
            fields: Vec::new(),
        });
    }
    tables.last_mut().expect("pushed above")
}

/// The field an enum title is for: `module 的合法值`, `Enumeration of planStatus`.
pub fn enum_field(title: &str) -> Option<String> {
    let t = title.trim();
    let lower = t.to_lowercase();
    for prefix in [
        "enumeration of ",
        "enumerations of ",
        "values of ",
        "valid values of ",
    ] {
        if lower.starts_with(prefix) {
            let name = t[prefix.len()..].split_whitespace().next()?;
            return crate::lines::is_identifier(name).then(|| name.to_owned());
        }
    }
    if ["合法值", "枚举", "取值"].iter().any(|m| t.contains(m)) {
        let name = t
            .split(|c: char| c.is_whitespace() || !c.is_ascii())
            .next()?;
        return crate::lines::is_identifier(name).then(|| name.to_owned());
    }
    None
}

/// The field a line announces the structure of: `X 的结构`, `Structure of X`,
/// `X为综合结果，包含的属性有`.
pub fn structure_of(line: &str) -> Option<String> {
    let t = line.trim().trim_end_matches([':', '：']);
    if let Some(rest) = t
        .strip_prefix("Structure of ")
        .or_else(|| t.strip_prefix("structure of "))
    {
        let name = rest.trim();
        return crate::lines::is_identifier(name).then(|| name.to_owned());
    }
    if let Some(head) = t.strip_suffix("的结构") {
        let name = head.trim();
        return crate::lines::is_identifier(name).then(|| name.to_owned());
    }
    if t.ends_with("包含的属性有") || t.ends_with("包含以下属性") {
        let name: String = t
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        return crate::lines::is_identifier(&name).then_some(name);
    }
    None
}

fn is_yes_mark(mark: &str) -> bool {
    matches!(mark.trim(), "✔" | "✓" | "√" | "是" | "Yes" | "yes" | "Y")
}

/// A table of account types: one row of marks under the account-type names.
fn is_account_table(table: &MdTable) -> bool {
    table.rows.len() == 1
        && table.rows[0]
            .1
            .iter()
            .all(|c| matches!(c.trim(), "✔" | "✓" | "√" | "✘" | "✗" | "×" | ""))
}

/// The seeds' `POST data` / `POST数据` row, which stands for the JSON body.
pub fn is_post_data(cell: &str) -> bool {
    let lower = cell.trim().to_lowercase();
    lower.starts_with("post data") || lower.starts_with("post数据")
}
