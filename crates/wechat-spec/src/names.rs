//! Rust names from wire names.

use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};

/// Rust keywords that cannot be plain identifiers; fields so named become raw (`r#type`).
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "box", "break", "const", "continue", "crate", "dyn", "else", "enum",
    "extern", "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod",
    "move", "mut", "pub", "ref", "return", "static", "struct", "super", "trait", "true", "try",
    "type", "unsafe", "use", "where", "while", "yield", "abstract", "become", "do", "final",
    "macro", "override", "priv", "typeof", "unsized", "virtual",
];

/// Snake-case field or method name of a wire name (`planId` -> `plan_id`).
pub fn snake(wire: &str) -> String {
    wire.trim().to_snake_case()
}

/// Upper-camel-case name (`SLOT_ID_WEAPP_BANNER` -> `SlotIdWeappBanner`).
pub fn camel(text: &str) -> String {
    text.trim().to_upper_camel_case()
}

/// Upper snake case (`plan_info` -> `PLAN_INFO`).
pub fn shouty(text: &str) -> String {
    text.to_shouty_snake_case()
}

/// Whether `name` needs the raw-identifier form.
pub fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name) || name == "self" || name == "Self"
}

/// Whether `text` is lower snake case starting with a letter.
pub fn is_snake(text: &str) -> bool {
    text.starts_with(|c: char| c.is_ascii_lowercase())
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Whether `text` is upper camel case.
pub fn is_camel(text: &str) -> bool {
    text.starts_with(|c: char| c.is_ascii_uppercase())
        && text.chars().all(|c| c.is_ascii_alphanumeric())
}
