//! Documented types (`string(32)`, `number(uint64)`, `Array.<Object>`, `objarray`...) and
//! the `required` column, parsed from the many spellings the pages use.

use serde::Serialize;

use crate::page::Required;

/// A documented type, parsed. The spelling stays in [`crate::Field::type_as_written`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DocType {
    /// A string, with the length the type gives (`string(32)`).
    String {
        /// The length limit, if the type states one.
        max_len: Option<u32>,
    },
    /// A JSON number of unstated width (`number`).
    Number,
    /// An integer (`int`, `uint32`, `unsigned int`, `number(uint64)`, `int64`).
    Integer {
        /// True for `uint*` and `unsigned int`.
        unsigned: bool,
        /// The width, when stated.
        bits: Option<u8>,
    },
    /// A floating-point number (`float`, `double`).
    Float,
    /// `bool` / `boolean`.
    Bool,
    /// A JSON object (`object`, `Object`, `JSON structure`, `Json结构`).
    Object,
    /// An array (`array`, `Array.`, `Array.<Object>`, `Array<string>`, `objarray`).
    Array {
        /// The item type, when stated.
        item: Option<Box<DocType>>,
    },
    /// Binary content (`buffer`): an image answered instead of JSON.
    Buffer,
    /// No type, `-`, or a spelling the reader does not know.
    #[default]
    Unknown,
}

impl DocType {
    /// True for objects and arrays of objects, which may have children.
    pub fn is_structured(&self) -> bool {
        match self {
            DocType::Object => true,
            DocType::Array { item } => matches!(item.as_deref(), None | Some(DocType::Object)),
            _ => false,
        }
    }
}

/// Parses a type as written. `None` when the text is not a type the pages use, so that callers
/// scanning prose can tell a type from a word.
pub fn parse_type(written: &str) -> Option<DocType> {
    let t = written.trim();
    let lower = t.to_ascii_lowercase();
    let compact: String = lower.chars().filter(|c| !c.is_whitespace()).collect();
    if let Some(inner) = compact
        .strip_prefix("string(")
        .and_then(|r| r.strip_suffix(')'))
    {
        return inner
            .parse()
            .ok()
            .map(|n| DocType::String { max_len: Some(n) });
    }
    if let Some(inner) = compact
        .strip_prefix("number(")
        .and_then(|r| r.strip_suffix(')'))
    {
        return parse_type(inner).filter(|t| matches!(t, DocType::Integer { .. } | DocType::Float));
    }
    if let Some(item) = array_item(&compact) {
        return Some(DocType::Array { item });
    }
    let parsed = match compact.as_str() {
        "string" | "str" | "字符串" => DocType::String { max_len: None },
        "number" | "数字" => DocType::Number,
        "int" | "integer" | "整数" | "整型" => int(false, None),
        "long" => int(false, Some(64)),
        "int32" => int(false, Some(32)),
        "int64" => int(false, Some(64)),
        "uint32" => int(true, Some(32)),
        "uint64" => int(true, Some(64)),
        "unsignedint" | "uint" => int(true, None),
        "float" | "double" => DocType::Float,
        "bool" | "boolean" | "布尔" => DocType::Bool,
        "object" | "jsonobject" | "jsonstructure" | "json结构" | "对象" => DocType::Object,
        // `createwxaqrcode` writes `formdata` where its siblings write `buffer`.
        "buffer" | "binary" | "formdata" => DocType::Buffer,
        "-" => DocType::Unknown,
        _ => return None,
    };
    Some(parsed)
}

fn int(unsigned: bool, bits: Option<u8>) -> DocType {
    DocType::Integer { unsigned, bits }
}

/// The item type of an array spelling, `None` when `compact` is no array spelling.
#[allow(clippy::option_option)] // outer: is it an array; inner: is the item stated
fn array_item(compact: &str) -> Option<Option<Box<DocType>>> {
    if matches!(compact, "array" | "array." | "list" | "数组") {
        return Some(None);
    }
    // The current pages' `objarray`, `numarray` (`addtemplate`'s `kidList`) and kin.
    let item = match compact {
        "objarray" => Some(DocType::Object),
        "numarray" => Some(DocType::Number),
        "strarray" => Some(DocType::String { max_len: None }),
        _ => None,
    };
    if let Some(item) = item {
        return Some(Some(Box::new(item)));
    }
    for prefix in ["array.<", "array<"] {
        if let Some(inner) = compact
            .strip_prefix(prefix)
            .and_then(|r| r.strip_suffix('>'))
        {
            return Some(parse_type(inner).map(Box::new));
        }
    }
    if let Some(inner) = compact.strip_suffix("[]") {
        return parse_type(inner).map(|t| Some(Box::new(t)));
    }
    None
}

/// Recognises a type at the start of `tokens` (space-separated words): multi-word spellings
/// such as `unsigned int`, `string (48)` or `JSON structure` count. Returns the type as
/// written and how many tokens it takes.
pub fn type_at(tokens: &[&str]) -> Option<(String, usize)> {
    let first = *tokens.first()?;
    if let Some(second) = tokens.get(1) {
        let two = format!("{first} {second}");
        let paren = second.starts_with('(') && second.ends_with(')');
        let spelled = (paren && first.eq_ignore_ascii_case("string"))
            || ["unsigned int", "json structure", "json object"]
                .iter()
                .any(|s| two.eq_ignore_ascii_case(s));
        if spelled && parse_type(&two).is_some() {
            return Some((two, 2));
        }
    }
    // `-` and bare words that are types only in tables (`list`) do not count in prose rows.
    if first == "-" || first.eq_ignore_ascii_case("list") {
        return None;
    }
    parse_type(first).map(|_| (first.to_owned(), 1))
}

/// Parses a `required` cell: `是`/`否`, `Yes`/`No`, `required`/`optional`.
pub fn parse_required(cell: &str) -> Option<Required> {
    let c = cell.trim().trim_end_matches(['.', '。']);
    let lower = c.to_ascii_lowercase();
    match lower.as_str() {
        "是" | "yes" | "y" | "required" | "必填" | "true" => Some(Required::Yes),
        "否" | "no" | "n" | "optional" | "选填" | "非必填" | "false" => Some(Required::No),
        _ => None,
    }
}

/// A length limit that a description states: `最大长度 1024 个字符`, `不超过32个字符`,
/// `no more than 80 characters`, `maximum length of 16`.
pub fn doc_max_len(doc: &str) -> Option<u32> {
    const MARKERS: [&str; 8] = [
        "最大长度",
        "上限为",
        "长度不超过",
        "不超过",
        "最多",
        "no more than",
        "maximum length of",
        "up to",
    ];
    let lower = doc.to_lowercase();
    for marker in MARKERS {
        let mut from = 0;
        while let Some(at) = lower[from..].find(marker) {
            let rest = &lower[from + at + marker.len()..];
            if let Some(n) = number_then_unit(rest) {
                return Some(n);
            }
            from += at + marker.len();
        }
    }
    None
}

/// A number that starts `rest` (after spaces and `为`/`:`) and is followed by a length unit.
fn number_then_unit(rest: &str) -> Option<u32> {
    let rest = rest.trim_start_matches([' ', '为', ':', '：', '是']);
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() {
        return None;
    }
    let after = rest[digits.len()..].trim_start();
    let unit = [
        "个字符",
        "字符",
        "字节",
        "个字",
        "char",
        "byte",
        "位",
        "个汉字",
    ]
    .iter()
    .any(|u| after.starts_with(u));
    if unit {
        digits.parse().ok()
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::{doc_max_len, parse_required, parse_type, type_at, DocType};
    use crate::page::Required;

    fn item(t: DocType) -> Option<Box<DocType>> {
        Some(Box::new(t))
    }

    #[test]
    fn the_pages_type_spellings() {
        let int = |unsigned, bits| DocType::Integer { unsigned, bits };
        let cases = [
            ("string", DocType::String { max_len: None }),
            ("string(32)", DocType::String { max_len: Some(32) }),
            (
                "string (3072)",
                DocType::String {
                    max_len: Some(3072),
                },
            ),
            ("number", DocType::Number),
            ("number(uint64)", int(true, Some(64))),
            ("int64", int(false, Some(64))),
            ("uint32", int(true, Some(32))),
            ("unsigned int", int(true, None)),
            ("bool", DocType::Bool),
            ("boolean", DocType::Bool),
            ("Object", DocType::Object),
            ("JSON structure", DocType::Object),
            ("Json结构", DocType::Object),
            ("Array.", DocType::Array { item: None }),
            (
                "Array.<Object>",
                DocType::Array {
                    item: item(DocType::Object),
                },
            ),
            (
                "Array<string>",
                DocType::Array {
                    item: item(DocType::String { max_len: None }),
                },
            ),
            (
                "objarray",
                DocType::Array {
                    item: item(DocType::Object),
                },
            ),
            (
                "numarray",
                DocType::Array {
                    item: item(DocType::Number),
                },
            ),
            ("buffer", DocType::Buffer),
            ("formdata", DocType::Buffer),
            ("-", DocType::Unknown),
        ];
        for (written, expected) in cases {
            assert_eq!(parse_type(written), Some(expected), "{written}");
        }
        assert_eq!(parse_type("Number of goods"), None);
        assert_eq!(
            type_at(&["unsigned", "int", "0"]),
            Some(("unsigned int".to_owned(), 2))
        );
        assert_eq!(
            type_at(&["string", "(48)", "x"]),
            Some(("string (48)".to_owned(), 2))
        );
    }

    #[test]
    fn required_cells_and_lengths_in_prose() {
        assert_eq!(parse_required("是"), Some(Required::Yes));
        assert_eq!(parse_required("No"), Some(Required::No));
        assert_eq!(parse_required("maybe"), None);
        assert_eq!(
            doc_max_len("路径，最大长度 1024 个字符，不能为空"),
            Some(1024)
        );
        assert_eq!(
            doc_max_len("Custom parameters, no more than 80 characters in length"),
            Some(80)
        );
        assert_eq!(doc_max_len("最多 5 个关键词"), None);
    }
}
