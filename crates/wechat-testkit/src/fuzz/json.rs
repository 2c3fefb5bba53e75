//! Mutations of JSON documents. Documents are held as a tree that can say what
//! `serde_json::Value` cannot: duplicate keys, numbers beyond 64 bits, lone surrogates.

use serde_json::Value;

use super::{KnownDefect, Rng};

/// A JSON document as text pieces: objects keep duplicate keys, `Raw` is written verbatim.
#[derive(Clone, Debug)]
enum Doc {
    /// `null`, a boolean, a number, or any other text written as is.
    Raw(String),
    Str(String),
    Arr(Vec<Doc>),
    Obj(Vec<(String, Doc)>),
}

impl Doc {
    fn of(value: &Value) -> Doc {
        match value {
            Value::String(s) => Doc::Str(s.clone()),
            Value::Array(items) => Doc::Arr(items.iter().map(Doc::of).collect()),
            Value::Object(map) => {
                Doc::Obj(map.iter().map(|(k, v)| (k.clone(), Doc::of(v))).collect())
            }
            other => Doc::Raw(other.to_string()),
        }
    }

    fn write(&self, out: &mut String) {
        match self {
            Doc::Raw(text) => out.push_str(text),
            Doc::Str(s) => out.push_str(&Value::from(s.as_str()).to_string()),
            Doc::Arr(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write(out);
                }
                out.push(']');
            }
            Doc::Obj(entries) => {
                out.push('{');
                for (i, (key, value)) in entries.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&Value::from(key.as_str()).to_string());
                    out.push(':');
                    value.write(out);
                }
                out.push('}');
            }
        }
    }

    /// Paths (child indices) of every node, the root first.
    fn paths(&self, at: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
        out.push(at.clone());
        let children: Vec<&Doc> = match self {
            Doc::Arr(items) => items.iter().collect(),
            Doc::Obj(entries) => entries.iter().map(|(_, v)| v).collect(),
            _ => Vec::new(),
        };
        for (i, child) in children.into_iter().enumerate() {
            at.push(i);
            child.paths(at, out);
            at.pop();
        }
    }

    /// Moves the entries keyed by one of `keys` to the front of every object.
    fn move_first(&mut self, keys: &[String]) {
        match self {
            Doc::Arr(items) => items.iter_mut().for_each(|item| item.move_first(keys)),
            Doc::Obj(entries) => {
                // A stable sort: the tags first, everything else in its order.
                entries.sort_by_key(|(key, _)| !keys.contains(key));
                entries.iter_mut().for_each(|(_, v)| v.move_first(keys));
            }
            _ => {}
        }
    }

    fn at_mut(&mut self, path: &[usize]) -> &mut Doc {
        let Some((first, rest)) = path.split_first() else {
            return self;
        };
        match self {
            Doc::Arr(items) => items[*first].at_mut(rest),
            Doc::Obj(entries) => entries[*first].1.at_mut(rest),
            _ => self,
        }
    }
}

/// Numbers at the edges of the types fields use: sign, 32 and 64 bits, floats, exponents.
const NUMBERS: &[&str] = &[
    "0",
    "-0",
    "1",
    "-1",
    "0.0",
    "1.0",
    "-1.5",
    "0.5",
    "0.1",
    "3.25",
    "1e2",
    "1E-7",
    "-2.5e3",
    "2147483647",
    "2147483648",
    "-2147483648",
    "-2147483649",
    "4294967295",
    "4294967296",
    "9007199254740993",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775808",
    "-9223372036854775809",
    "18446744073709551615",
    "18446744073709551616",
    "1e308",
    "1e400",
    "-1e400",
    "123456.789",
    "100000000000000000000000000000",
];

/// Strings that break assumptions: empty, blank, digits, dates, unicode, escapes.
const STRINGS: &[&str] = &[
    "",
    " ",
    "0",
    "0123",
    "-1",
    "1.5",
    "1e3",
    " 12 ",
    "true",
    "null",
    "2020-02-30",
    "2020-1-1",
    "0000-00-00",
    "9999-12-31",
    "2016-01-01",
    "NOT_A_DOCUMENTED_VALUE",
    "中文",
    "😀🇨🇳",
    "e\u{301}",
    "\u{202e}rtl",
    "\u{0}",
    "\u{feff}",
    "\n\t\\\"",
    "<html>",
    "%s%n",
];

/// Raw JSON that is valid but unusual, or not valid at all: a typed error is fine for those.
const RAW: &[&str] = &[
    "null",
    "true",
    "false",
    "[]",
    "{}",
    "\"\\ud800\"",
    "\"\\udc00x\"",
    "\"\\u0000\"",
    "[null]",
    "{\"\":null}",
];

/// Mutates one JSON document (a doc example or a sample) into many.
#[derive(Clone, Debug)]
pub struct JsonMutator {
    doc: Doc,
    /// Strings seen in the document, swapped in to mix up values (such as enum values).
    pool: Vec<String>,
    /// Whether an object's key may be duplicated.
    duplicate_keys: bool,
    /// Whether numbers that serde_json reads back as another float may be written.
    drifting_floats: bool,
    /// Keys kept first in their object (union tags), as the types write them.
    tags_first: Vec<String>,
}

impl JsonMutator {
    /// A mutator of `value`, leaving out the mutations that hit the known defects in `skip`
    /// unless [`super::KNOWN_DEFECTS_VAR`] is set.
    pub fn new(value: &Value, skip: &[KnownDefect]) -> Self {
        let mut pool = Vec::new();
        strings_of(value, &mut pool);
        let tried = |defect| !skip.contains(&defect) || super::known_defects_tried();
        JsonMutator {
            doc: Doc::of(value),
            pool,
            duplicate_keys: tried(KnownDefect::DuplicateUnionKey),
            drifting_floats: tried(KnownDefect::FloatDrift),
            tags_first: skip
                .iter()
                .filter_map(|defect| match defect {
                    KnownDefect::TagAfterContent(tag) if !super::known_defects_tried() => {
                        Some((*tag).to_owned())
                    }
                    _ => None,
                })
                .collect(),
        }
    }

    /// The document with one to three random mutations, as JSON text that may be invalid
    /// (numbers out of range, nesting past serde_json's limit, lone surrogates).
    pub fn mutate(&self, rng: &mut Rng) -> String {
        let mut doc = self.doc.clone();
        for _ in 0..1 + rng.below(3) {
            let mut paths = Vec::new();
            doc.paths(&mut Vec::new(), &mut paths);
            let path = rng.pick(&paths).clone();
            self.mutate_node(doc.at_mut(&path), rng);
        }
        if !self.tags_first.is_empty() {
            doc.move_first(&self.tags_first);
        }
        let mut out = String::new();
        doc.write(&mut out);
        out
    }

    fn mutate_node(&self, node: &mut Doc, rng: &mut Rng) {
        let pool = &self.pool;
        // A third of the time a change any node can take; otherwise one for its kind.
        if rng.one_in(3) {
            return self.replace_any(node, rng);
        }
        match node {
            Doc::Raw(text) => self.mutate_raw(text, node_number(text), rng),
            Doc::Str(s) => {
                let number = number_in(s).filter(|n| self.drifting_floats || !drifts(n));
                if let Some(number) = number.filter(|_| rng.one_in(2)) {
                    *node = Doc::Raw(number);
                } else {
                    *s = mutated_string(s, rng, pool);
                }
            }
            Doc::Arr(items) => self.mutate_array(items, rng),
            Doc::Obj(entries) => self.mutate_object(entries, rng),
        }
    }

    fn mutate_raw(&self, text: &mut String, number: bool, rng: &mut Rng) {
        let new = if number {
            match rng.below(5) {
                0 => format!("\"{text}\""),
                1 => format!("{text}.0"),
                2 => match text.strip_prefix('-') {
                    Some(positive) => positive.to_owned(),
                    None => format!("-{text}"),
                },
                3 => format!("{text}000000000"),
                _ => self.number(rng),
            }
        } else {
            match (text.as_str(), rng.below(3)) {
                ("true", 0) => "false".to_owned(),
                ("false", 0) => "true".to_owned(),
                ("true", 1) => "1".to_owned(),
                ("false", 1) => "0".to_owned(),
                (other, 2) => format!("\"{other}\""),
                _ => self.number(rng),
            }
        };
        if self.drifting_floats || !drifts(&new) {
            *text = new;
        }
    }

    /// An edge number, or with drifting floats allowed, at times a random double.
    fn number(&self, rng: &mut Rng) -> String {
        if self.drifting_floats && rng.one_in(4) {
            let double = f64::from_bits(rng.next_u64());
            if double.is_finite() {
                return Value::from(double).to_string();
            }
        }
        let number = (*rng.pick(NUMBERS)).to_owned();
        if self.drifting_floats || !drifts(&number) {
            number
        } else {
            "0".to_owned()
        }
    }

    fn mutate_array(&self, items: &mut Vec<Doc>, rng: &mut Rng) {
        match rng.below(5) {
            0 => items.clear(),
            1 => items.truncate(rng.below(items.len().max(1))),
            2 if !items.is_empty() => {
                let copy = rng.pick(items).clone();
                items.insert(rng.below(items.len() + 1), copy);
            }
            3 => items.reverse(),
            _ => {
                let mut extra = items
                    .first()
                    .cloned()
                    .unwrap_or(Doc::Raw("null".to_owned()));
                self.replace_any(&mut extra, rng);
                items.push(extra);
            }
        }
    }

    fn mutate_object(&self, entries: &mut Vec<(String, Doc)>, rng: &mut Rng) {
        let pool = &self.pool;
        let len = entries.len();
        match rng.below(6) {
            0 if len > 0 => {
                entries.remove(rng.below(len));
            }
            1 if len > 0 && self.duplicate_keys => {
                // A duplicated key: the copy's value is the same or changed, before or after.
                let (key, mut value) = entries[rng.below(len)].clone();
                if rng.one_in(2) {
                    self.mutate_node(&mut value, rng);
                }
                entries.insert(rng.below(len + 1), (key, value));
            }
            2 if len > 1 => {
                let (a, b) = (rng.below(len), rng.below(len));
                let value = entries[a].1.clone();
                entries[a].1 = std::mem::replace(&mut entries[b].1, value);
            }
            3 if len > 0 => {
                let i = rng.below(len);
                let key = &entries[i].0;
                let renamed = match rng.below(3) {
                    0 => key.to_uppercase(),
                    1 => format!("{key}_"),
                    _ => key.chars().skip(1).collect(),
                };
                if self.duplicate_keys || entries.iter().all(|(k, _)| *k != renamed) {
                    entries[i].0 = renamed;
                }
            }
            4 if len > 1 => entries.rotate_left(1 + rng.below(len - 1)),
            _ => {
                // An unknown key (new, unless keys may be duplicated), with any value.
                let key = match rng.below(3) {
                    0 => format!("unknown_{}", rng.below(100)),
                    1 => (*rng.pick(STRINGS)).to_owned(),
                    _ if !pool.is_empty() => rng.pick(pool).clone(),
                    _ => String::new(),
                };
                let mut value = Doc::Raw("null".to_owned());
                self.replace_any(&mut value, rng);
                if self.duplicate_keys || entries.iter().all(|(k, _)| *k != key) {
                    entries.insert(rng.below(len + 1), (key, value));
                }
            }
        }
    }

    /// Replaces `node` with a value of any kind: null, a scalar, the node nested (deeply at
    /// times, past serde_json's recursion limit), or raw text.
    fn replace_any(&self, node: &mut Doc, rng: &mut Rng) {
        let pool = &self.pool;
        let old = std::mem::replace(node, Doc::Raw("null".to_owned()));
        *node = match rng.below(8) {
            0 => Doc::Raw("null".to_owned()),
            1 => Doc::Raw(self.number(rng)),
            2 => Doc::Str(mutated_string("", rng, pool)),
            3 => Doc::Raw((*rng.pick(RAW)).to_owned()),
            4 => Doc::Arr(vec![old]),
            5 => Doc::Obj(vec![("value".to_owned(), old)]),
            6 => {
                let depth = [3, 30, 127, 200][rng.below(4)];
                (0..depth).fold(old, |inner, i| {
                    if i % 2 == 0 {
                        Doc::Arr(vec![inner])
                    } else {
                        Doc::Obj(vec![("a".to_owned(), inner)])
                    }
                })
            }
            _ => Doc::Raw(if rng.one_in(2) { "true" } else { "false" }.to_owned()),
        };
    }
}

/// Whether raw text is a number (as opposed to `null` or a boolean).
fn node_number(text: &str) -> bool {
    text.starts_with(|c: char| c == '-' || c.is_ascii_digit())
}

fn mutated_string(s: &str, rng: &mut Rng, pool: &[String]) -> String {
    match rng.below(7) {
        0 => (*rng.pick(STRINGS)).to_owned(),
        1 if !pool.is_empty() => rng.pick(pool).clone(),
        2 => "x".repeat([100, 1_000, 70_000][rng.below(3)]),
        3 => {
            // Cut on a character boundary.
            let keep = s.chars().count() / 2;
            s.chars().take(keep).collect()
        }
        4 => format!("{s}{}", rng.pick(STRINGS)),
        5 => s.to_uppercase(),
        _ => format!("{s}_{}", rng.below(1000)),
    }
}

/// The number a string holds, if it holds one.
fn number_in(s: &str) -> Option<String> {
    let trimmed = s.trim();
    serde_json::from_str::<serde_json::Number>(trimmed)
        .ok()
        .map(|_| trimmed.to_owned())
}

/// Whether serde_json (without `float_roundtrip`) reads `number` as a double that it writes as
/// text it reads back as another double.
fn drifts(number: &str) -> bool {
    let Ok(Value::Number(n)) = serde_json::from_str::<Value>(number) else {
        return false;
    };
    let Some(first) = n.as_f64().filter(|_| n.is_f64()) else {
        return false;
    };
    let again = serde_json::from_str::<f64>(&Value::from(first).to_string());
    again.map_or(true, |again| again.to_bits() != first.to_bits())
}

/// Every string of `value`, keys included: values to swap in elsewhere.
fn strings_of(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) => out.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|v| strings_of(v, out)),
        Value::Object(map) => {
            for (key, v) in map {
                out.push(key.clone());
                strings_of(v, out);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mutations_are_deterministic_and_varied() {
        let value: Value = serde_json::from_str(r#"{"a":1,"b":["x","y"],"c":{"d":true}}"#).unwrap();
        let mutator = JsonMutator::new(&value, &[]);
        let run = |seed| {
            let mut rng = Rng::new(seed);
            (0..200)
                .map(|_| mutator.mutate(&mut rng))
                .collect::<Vec<_>>()
        };
        let first = run(3);
        assert_eq!(first, run(3), "the same seed gives the same inputs");
        let distinct: std::collections::BTreeSet<&String> = first.iter().collect();
        assert!(
            distinct.len() > 100,
            "only {} distinct inputs",
            distinct.len()
        );
        let valid = first
            .iter()
            .filter(|t| serde_json::from_str::<Value>(t).is_ok())
            .count();
        assert!(
            valid > 100 && valid < 200,
            "{valid} of 200 inputs are valid JSON"
        );
        assert!(
            first.iter().any(|t| t.matches("\"a\":").count() > 1),
            "a key is duplicated"
        );
        let unique = JsonMutator::new(&value, &[KnownDefect::DuplicateUnionKey]);
        let mut rng = Rng::new(3);
        if !crate::fuzz::known_defects_tried() {
            for _ in 0..500 {
                let text = unique.mutate(&mut rng);
                assert!(
                    serde_json::from_str::<Unique>(&text).is_ok()
                        || serde_json::from_str::<Value>(&text).is_err(),
                    "{text}"
                );
            }
        }
    }

    /// Any JSON whose objects have no duplicate key.
    struct Unique;

    impl<'de> serde::Deserialize<'de> for Unique {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            d.deserialize_any(UniqueVisitor)
        }
    }

    struct UniqueVisitor;

    impl<'de> serde::de::Visitor<'de> for UniqueVisitor {
        type Value = Unique;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("JSON")
        }
        fn visit_bool<E>(self, _: bool) -> Result<Unique, E> {
            Ok(Unique)
        }
        fn visit_i64<E>(self, _: i64) -> Result<Unique, E> {
            Ok(Unique)
        }
        fn visit_u64<E>(self, _: u64) -> Result<Unique, E> {
            Ok(Unique)
        }
        fn visit_f64<E>(self, _: f64) -> Result<Unique, E> {
            Ok(Unique)
        }
        fn visit_str<E>(self, _: &str) -> Result<Unique, E> {
            Ok(Unique)
        }
        fn visit_unit<E>(self) -> Result<Unique, E> {
            Ok(Unique)
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Unique, A::Error> {
            while seq.next_element::<Unique>()?.is_some() {}
            Ok(Unique)
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Unique, A::Error> {
            let mut keys = std::collections::BTreeSet::new();
            while let Some(key) = map.next_key::<String>()? {
                if !keys.insert(key.clone()) {
                    return Err(serde::de::Error::custom(format!("duplicate key {key}")));
                }
                map.next_value::<Unique>()?;
            }
            Ok(Unique)
        }
    }

    #[test]
    fn drifting_floats_are_recognised() {
        // The workspace builds serde_json with `float_roundtrip`: no double drifts any more.
        assert!(!drifts("9007199254740993000000000"));
        assert!(!drifts("1.5") && !drifts("1") && !drifts("18446744073709551616"));
        assert!(!drifts("\"x\"") && !drifts("1e400"));
    }
}
