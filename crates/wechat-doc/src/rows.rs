//! Table rows into fields, enum values and error codes: Markdown rows by their header's
//! columns, and the seeds' space-separated rows, whose cells must be told apart by content.

use crate::fields::{parse_name, NamePath};
use crate::lines::clean;
use crate::page::{EnumValue, ErrorCode, Field};
use crate::tables::Role;
use crate::types::{doc_max_len, parse_required, parse_type, type_at, DocType};

/// A field from a Markdown row. `None` when the name cell holds no field name.
pub fn md_field(
    roles: &[Role],
    header: &[String],
    cells: &[String],
    line: usize,
) -> Option<(NamePath, Field)> {
    let name_at = roles.iter().position(|r| *r == Role::Name).unwrap_or(0);
    let path = parse_name(&clean(cells.get(name_at)?))?;
    let mut field = Field {
        line,
        ..Field::default()
    };
    let mut extra = Vec::new();
    for (i, cell) in cells.iter().enumerate() {
        let value = clean(cell);
        if i == name_at || value.is_empty() {
            continue;
        }
        match roles.get(i).copied().unwrap_or(Role::Other) {
            Role::Type => set_type(&mut field, &value),
            Role::Required => match parse_required(&value) {
                Some(r) => field.required = r,
                None if value == "-" => {}
                None => extra.push(labelled(header.get(i), &value)),
            },
            Role::Desc | Role::Meaning => push_doc(&mut field.doc, &value),
            Role::Example => field.example = Some(value),
            _ => extra.push(labelled(header.get(i), &value)),
        }
    }
    for e in extra {
        push_doc(&mut field.doc, &e);
    }
    field.doc_max_len = doc_max_len(&field.doc);
    Some((path, field))
}

fn labelled(header: Option<&String>, value: &str) -> String {
    match header {
        Some(h) if !h.is_empty() => format!("({}: {value})", clean(h)),
        _ => value.to_owned(),
    }
}

/// Appends `text` to a description.
pub fn push_doc(doc: &mut String, text: &str) {
    let text = text.trim();
    if text.is_empty() {
        return;
    }
    if !doc.is_empty() {
        doc.push(' ');
    }
    doc.push_str(text);
}

/// Sets the field's type from a type as written.
pub fn set_type(field: &mut Field, written: &str) {
    let ty = parse_type(written).unwrap_or(DocType::Unknown);
    if let DocType::String { max_len } = ty {
        field.max_len = max_len;
    }
    field.type_as_written = Some(written.to_owned());
    field.ty = ty;
}

/// The name cell at the start of a space-separated row, with its `list:` / `a :b` chain:
/// the cell and how many words it takes.
pub fn name_cell(words: &[&str]) -> (String, usize) {
    let mut cell = words.first().copied().unwrap_or_default().to_owned();
    let mut k = 1;
    while let Some(next) = words.get(k) {
        if cell.ends_with(':') || next.starts_with(':') {
            cell.push(' ');
            cell.push_str(next);
            k += 1;
        } else {
            break;
        }
    }
    (cell, k)
}

/// A field from a space-separated row under a header with `roles`. `None` when the row does
/// not start with a field name (a continuation of the row above, or prose).
pub fn space_field(roles: &[Role], line_text: &str, line: usize) -> Option<(NamePath, Field)> {
    let words: Vec<&str> = line_text.split_whitespace().collect();
    let (cell, k) = name_cell(&words);
    let path = parse_name(&cell)?;
    let rest = &words[k..];
    let after_name = roles.get(1..).unwrap_or_default();
    let mut field = Field {
        line,
        ..Field::default()
    };
    let type_col = after_name.iter().position(|r| *r == Role::Type);
    let desc_first = after_name.iter().position(|r| *r == Role::Desc) < type_col;
    // The type is near its column, unless cells before it (a description) push it on.
    let found = type_col.and_then(|col| {
        let reach = if desc_first {
            rest.len()
        } else {
            (col + 1).min(rest.len())
        };
        (0..reach).find_map(|p| type_at(&rest[p..]).map(|(t, w)| (p, t, w)))
    });
    match (found, type_col) {
        (Some((p, written, width)), Some(col)) => {
            set_type(&mut field, &written);
            fill(&mut field, &after_name[..col], &rest[..p]);
            fill(&mut field, &after_name[col + 1..], &rest[p + width..]);
        }
        _ => {
            let roles: Vec<Role> = after_name
                .iter()
                .copied()
                .filter(|r| *r != Role::Type)
                .collect();
            fill(&mut field, &roles, rest);
        }
    }
    field.doc_max_len = doc_max_len(&field.doc);
    Some((path, field))
}

/// Deals `words` out to `roles` in order: a required column takes a yes/no word if there is
/// one, an example column one word when a description follows, a description the rest.
fn fill(field: &mut Field, roles: &[Role], words: &[&str]) {
    let mut w = 0;
    for (i, role) in roles.iter().enumerate() {
        if w >= words.len() {
            return;
        }
        let last = i + 1 == roles.len();
        match role {
            Role::Required | Role::Review => {
                if let Some(r) = parse_required(words[w]) {
                    if *role == Role::Required {
                        field.required = r;
                    }
                    w += 1;
                }
            }
            Role::Example => {
                let take = if last { words.len() - w } else { 1 };
                if words.len() - w > take || last {
                    field.example = Some(words[w..w + take].join(" "));
                    w += take;
                }
            }
            Role::Desc | Role::Meaning => {
                // A description swallows all but what later columns of the segment need.
                let mut end = words.len();
                for later in roles[i + 1..].iter().rev() {
                    let needs = match later {
                        Role::Required | Role::Review => parse_required(words[end - 1]).is_some(),
                        Role::Example => true,
                        _ => false,
                    };
                    if needs && end > w + 1 {
                        end -= 1;
                    }
                }
                push_doc(&mut field.doc, &words[w..end].join(" "));
                w = end;
            }
            _ => {}
        }
    }
    if w < words.len() {
        push_doc(&mut field.doc, &words[w..].join(" "));
    }
}

/// An error code row: a code first, then meaning (and solution). `None` when the first cell is
/// no code.
pub fn error_row(cells: &[String], roles: &[Role], line: usize) -> Option<ErrorCode> {
    let code_at = roles.iter().position(|r| *r == Role::Code).unwrap_or(0);
    let code: i64 = clean(cells.get(code_at)?).trim().parse().ok()?;
    let mut meaning = String::new();
    let mut solution = None;
    for (i, cell) in cells.iter().enumerate() {
        let value = clean(cell);
        if i == code_at || value.is_empty() {
            continue;
        }
        match roles.get(i) {
            Some(Role::Solution) => solution = Some(value),
            _ => push_doc(&mut meaning, &value),
        }
    }
    Some(ErrorCode {
        code,
        meaning,
        solution,
        line,
        from_prose: false,
    })
}

/// An enum value row: the value, then what it means (a type cell is left out).
pub fn enum_row(cells: &[String], roles: &[Role], line: usize) -> Option<EnumValue> {
    let value = clean(cells.first()?);
    if value.is_empty() {
        return None;
    }
    let mut doc = String::new();
    for (i, cell) in cells.iter().enumerate().skip(1) {
        let text = clean(cell);
        if roles.get(i) == Some(&Role::Type) && parse_type(&text).is_some() {
            continue;
        }
        push_doc(&mut doc, &text);
    }
    Some(EnumValue { value, doc, line })
}

/// Splits a space-separated row into a first word and the rest, for enum and error rows.
pub fn first_and_rest(line: &str, roles: &[Role]) -> Vec<String> {
    let t = line.trim();
    let (first, rest) = t.split_once(char::is_whitespace).unwrap_or((t, ""));
    let mut cells = vec![first.to_owned()];
    let rest = rest.trim();
    // `0 number Not yet in force`: a type column right after the value.
    if roles.get(1) == Some(&Role::Type) {
        if let Some((ty, desc)) = rest.split_once(char::is_whitespace) {
            if parse_type(ty).is_some() {
                cells.push(ty.to_owned());
                cells.push(desc.trim().to_owned());
                return cells;
            }
        }
    }
    cells.push(rest.to_owned());
    cells
}
