//! A lenient JSON reader for the docs' examples. It reads valid JSON as it is and repairs what
//! the pages break (trailing and missing commas, unclosed key quotes, comments, strings broken
//! across lines, missing closing braces), naming every repair with its page line.

use serde::Serialize;
use serde_json::{Map, Number, Value};

/// How deep objects and arrays may nest (serde_json's own limit is 128).
const MAX_NESTING: usize = 100;

/// One repair of a broken example.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Repair {
    /// 1-based page line the repair is on.
    pub line: usize,
    /// What was done, such as `removed trailing comma`.
    pub what: String,
}

impl std::fmt::Display for Repair {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} at line {}", self.what, self.line)
    }
}

/// Reads `text` (whose first line is page line `first_line`) as JSON, repairing what it must.
/// Errors say why the text is not JSON even so.
pub fn read_json(text: &str, first_line: usize) -> Result<(Value, Vec<Repair>), String> {
    let s: Vec<char> = text.chars().collect();
    let newlines = s
        .iter()
        .enumerate()
        .filter(|(_, &c)| c == '\n')
        .map(|(i, _)| i)
        .collect();
    let mut p = Parser {
        open: Vec::new(),
        s,
        newlines,
        i: 0,
        first_line,
        repairs: Vec::new(),
        depth: 0,
    };
    let value = p.value()?;
    p.skip_ws();
    if p.i < p.s.len() {
        let line = p.line();
        p.repair(line, "ignored text after the JSON value");
    }
    Ok((value, p.repairs))
}

struct Parser {
    /// The open containers, innermost last: `{` or `[`.
    open: Vec<char>,
    s: Vec<char>,
    /// Positions of the newlines, for line numbers in logarithmic time.
    newlines: Vec<usize>,
    i: usize,
    first_line: usize,
    repairs: Vec<Repair>,
    depth: usize,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.s.get(self.i).copied()
    }

    fn line_at(&self, pos: usize) -> usize {
        self.first_line + self.newlines.partition_point(|&n| n < pos)
    }

    fn line(&self) -> usize {
        self.line_at(self.i)
    }

    fn repair(&mut self, line: usize, what: impl Into<String>) {
        self.repairs.push(Repair {
            line,
            what: what.into(),
        });
    }

    /// Skips whitespace and comments (`//`, `/* */`), which JSON has not.
    fn skip_ws(&mut self) {
        loop {
            while self.peek().is_some_and(char::is_whitespace) {
                self.i += 1;
            }
            let next = self.s.get(self.i + 1).copied();
            match (self.peek(), next) {
                (Some('/'), Some('/')) => {
                    let line = self.line();
                    while self.peek().is_some_and(|c| c != '\n') {
                        self.i += 1;
                    }
                    self.repair(line, "removed comment");
                }
                (Some('/'), Some('*')) => {
                    let line = self.line();
                    self.i += 2;
                    while self.i < self.s.len()
                        && !(self.peek() == Some('*') && self.s.get(self.i + 1) == Some(&'/'))
                    {
                        self.i += 1;
                    }
                    self.i = (self.i + 2).min(self.s.len());
                    self.repair(line, "removed comment");
                }
                _ => return,
            }
        }
    }

    fn value(&mut self) -> Result<Value, String> {
        self.skip_ws();
        match self.peek() {
            None => Err(format!("the JSON ends early at line {}", self.line())),
            Some('{') => self.object(),
            Some('[') => self.array(),
            Some('"') => self.string('"', true).map(Value::String),
            Some('\'') => {
                let line = self.line();
                self.repair(line, "replaced single quotes with double quotes");
                self.string('\'', true).map(Value::String)
            }
            Some(c) if c == '-' || c.is_ascii_digit() => Ok(self.number()),
            Some(c) if matches!(c, ',' | ':' | '}' | ']') => {
                Err(format!("unexpected `{c}` at line {}", self.line()))
            }
            Some(_) => Ok(self.bare_word()),
        }
    }

    fn enter(&mut self, bracket: char) -> Result<(), String> {
        self.open.push(bracket);
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(format!("nested more than {MAX_NESTING} deep"));
        }
        Ok(())
    }

    /// True when a container of `bracket` is open around the current one.
    fn outer_open(&self, bracket: char) -> bool {
        self.open[..self.open.len().saturating_sub(1)].contains(&bracket)
    }

    fn object(&mut self) -> Result<Value, String> {
        self.enter('{')?;
        let open_line = self.line();
        self.i += 1;
        let mut map = Map::new();
        let mut comma: Option<usize> = None; // the line of a comma not yet followed by a key
        let mut after_value: Option<usize> = None; // the line where the last value ended
        loop {
            self.skip_ws();
            match self.peek() {
                None => {
                    let line = self.line_at(self.s.len().saturating_sub(1));
                    self.repair(
                        line,
                        format!(
                            "added missing closing brace of the object opened at line {open_line}"
                        ),
                    );
                    break;
                }
                Some('}') => {
                    self.i += 1;
                    if let Some(line) = comma {
                        self.repair(line, "removed trailing comma");
                    }
                    break;
                }
                Some(']') if !self.outer_open('[') => {
                    // No array to close: a typo for `}`.
                    let line = self.line();
                    self.i += 1;
                    self.repair(line, "replaced `]` with `}`");
                    break;
                }
                Some(']') => {
                    let line = self.line();
                    self.repair(
                        line,
                        format!(
                            "added missing closing brace of the object opened at line {open_line}"
                        ),
                    );
                    break;
                }
                Some(',') => {
                    let line = self.line();
                    self.i += 1;
                    if comma.is_some() || after_value.is_none() {
                        self.repair(line, "removed extra comma");
                    }
                    comma = Some(line);
                    after_value = None;
                    continue;
                }
                Some(_) => {}
            }
            if let Some(line) = after_value {
                self.missing_comma(&mut map, line);
            }
            let (key, colon_done) = self.key()?;
            if !colon_done {
                self.skip_ws();
                if self.peek() == Some(':') {
                    self.i += 1;
                } else {
                    let line = self.line();
                    self.repair(line, format!("added missing colon after key `{key}`"));
                }
            }
            let value = self.value()?;
            if map.contains_key(&key) {
                let line = self.line();
                self.repair(line, format!("dropped the first of two `{key}` keys"));
                map.shift_remove(&key);
            }
            map.insert(key, value);
            comma = None;
            after_value = Some(self.line());
        }
        self.depth -= 1;
        self.open.pop();
        Ok(Value::Object(map))
    }

    /// Two members with no comma between them. When the previous string value ends with a
    /// comma (`"wx0afc...XXXX,"`), the comma slipped inside the quotes.
    fn missing_comma(&mut self, map: &mut Map<String, Value>, line: usize) {
        if let Some((_, Value::String(s))) = map.iter_mut().next_back() {
            if s.trim_end().ends_with(',') {
                s.truncate(s.trim_end().len() - 1);
                self.repair(line, "moved a comma out of the string before it");
                return;
            }
        }
        self.repair(line, "added missing comma");
    }

    /// A key, and whether its colon was read with it (`"err_msg:"ok"`: the quote closing the
    /// key is missing, and the colon ends it).
    fn key(&mut self) -> Result<(String, bool), String> {
        let line = self.line();
        match self.peek() {
            Some('"') => {
                let start = self.i + 1;
                let line_end = self.s[start..]
                    .iter()
                    .position(|&c| c == '\n')
                    .map_or(self.s.len(), |p| p + start);
                let close = self.s[start..line_end]
                    .iter()
                    .position(|&c| c == '"')
                    .map(|p| p + start);
                let content: String = self.s[start..close.unwrap_or(line_end)].iter().collect();
                if let Some((name, _)) = content.split_once(':') {
                    let name = name.trim_end();
                    if crate::lines::is_identifier(name) {
                        self.i = start
                            + content
                                .find(':')
                                .map_or(0, |b| content[..b].chars().count())
                            + 1;
                        self.repair(line, format!("closed the quote of key `{name}`"));
                        return Ok((name.to_owned(), true));
                    }
                }
                match close {
                    Some(_) => self.string('"', false).map(|k| (k, false)),
                    None => Err(format!("unterminated key at line {line}")),
                }
            }
            Some('\'') => {
                self.repair(line, "replaced single quotes with double quotes");
                self.string('\'', false).map(|k| (k, false))
            }
            Some(c) if c.is_ascii_alphabetic() || c == '_' => {
                let start = self.i;
                while self
                    .peek()
                    .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
                {
                    self.i += 1;
                }
                let name: String = self.s[start..self.i].iter().collect();
                self.repair(line, format!("quoted key `{name}`"));
                Ok((name, false))
            }
            Some(c) => Err(format!("expected a key at line {line}, found `{c}`")),
            None => Err(format!("the JSON ends early at line {line}")),
        }
    }

    /// A string in `quote`s. A value string broken across lines is joined, unless the next
    /// line starts a new member (then the quote was left open and is closed at the line end).
    fn string(&mut self, quote: char, value: bool) -> Result<String, String> {
        let line = self.line();
        self.i += 1;
        let mut out = String::new();
        let mut joined = false;
        loop {
            let Some(c) = self.peek() else {
                self.repair(line, "closed an unterminated string");
                return Ok(out);
            };
            self.i += 1;
            match c {
                c if c == quote => break,
                '\\' => match self.peek() {
                    Some(e) => {
                        self.i += 1;
                        out.push(match e {
                            'n' => '\n',
                            't' => '\t',
                            'r' => '\r',
                            'b' => '\u{8}',
                            'f' => '\u{c}',
                            'u' => self.unicode_escape(),
                            other => other,
                        });
                    }
                    None => out.push('\\'),
                },
                '\n' => {
                    if !value || self.next_line_starts_member() {
                        self.i -= 1;
                        self.repair(line, "closed an unterminated string");
                        return Ok(out.trim_end().to_owned());
                    }
                    joined = true;
                    out.push('\n');
                }
                other => out.push(other),
            }
        }
        if joined {
            self.repair(line, "joined a string broken across lines");
        }
        Ok(out)
    }

    fn unicode_escape(&mut self) -> char {
        let hex: String = self.s[self.i..(self.i + 4).min(self.s.len())]
            .iter()
            .collect();
        match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
            Some(c) if hex.len() == 4 => {
                self.i += 4;
                c
            }
            _ => 'u',
        }
    }

    fn next_line_starts_member(&self) -> bool {
        let rest: String = self.s[self.i..].iter().take(200).collect();
        let t = rest.trim_start();
        t.starts_with('}') || t.starts_with(']') || {
            let after = t.strip_prefix('"').unwrap_or("");
            let name: String = after
                .chars()
                .take_while(|&c| c != '"' && c != '\n')
                .collect();
            let rest = after[name.len()..].trim_start_matches('"').trim_start();
            crate::lines::is_identifier(name.trim_end_matches(':').trim())
                && (rest.starts_with(':') || name.contains(':'))
        }
    }

    fn number(&mut self) -> Value {
        let start = self.i;
        let line = self.line();
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e' | 'E'))
        {
            self.i += 1;
        }
        let text: String = self.s[start..self.i].iter().collect();
        match serde_json::from_str::<Number>(&text) {
            Ok(n) => Value::Number(n),
            Err(_) => {
                self.repair(line, format!("quoted `{text}`, which is no JSON number"));
                Value::String(text)
            }
        }
    }

    /// `true`, `false`, `null`, or an unquoted word (kept as a string, and named).
    fn bare_word(&mut self) -> Value {
        let start = self.i;
        let line = self.line();
        while self
            .peek()
            .is_some_and(|c| !matches!(c, ',' | '}' | ']' | '\n'))
        {
            self.i += 1;
        }
        let word: String = self.s[start..self.i]
            .iter()
            .collect::<String>()
            .trim()
            .to_owned();
        match word.as_str() {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            "null" => Value::Null,
            _ => {
                self.repair(line, format!("quoted bare value `{word}`"));
                Value::String(word)
            }
        }
    }

    fn array(&mut self) -> Result<Value, String> {
        self.enter('[')?;
        let open_line = self.line();
        self.i += 1;
        let mut items = Vec::new();
        let mut comma: Option<usize> = None;
        let mut after_value: Option<usize> = None;
        loop {
            self.skip_ws();
            match self.peek() {
                None => {
                    let line = self.line_at(self.s.len().saturating_sub(1));
                    self.repair(
                        line,
                        format!(
                            "added missing closing bracket of the array opened at line {open_line}"
                        ),
                    );
                    break;
                }
                Some(']') => {
                    self.i += 1;
                    if let Some(line) = comma {
                        self.repair(line, "removed trailing comma");
                    }
                    break;
                }
                Some('}') if !self.outer_open('{') => {
                    // No object to close: a typo for `]`.
                    let line = self.line();
                    self.i += 1;
                    self.repair(line, "replaced `}` with `]`");
                    break;
                }
                Some('}') => {
                    let line = self.line();
                    self.repair(
                        line,
                        format!(
                            "added missing closing bracket of the array opened at line {open_line}"
                        ),
                    );
                    break;
                }
                Some(',') => {
                    let line = self.line();
                    self.i += 1;
                    if comma.is_some() || after_value.is_none() {
                        self.repair(line, "removed extra comma");
                    }
                    comma = Some(line);
                    after_value = None;
                    continue;
                }
                Some(_) => {}
            }
            if let Some(line) = after_value {
                self.repair(line, "added missing comma");
            }
            items.push(self.value()?);
            comma = None;
            after_value = Some(self.line());
        }
        self.depth -= 1;
        self.open.pop();
        Ok(Value::Array(items))
    }
}

#[cfg(test)]
mod tests {
    use super::read_json;
    use serde_json::json;

    fn repairs(text: &str) -> (serde_json::Value, Vec<String>) {
        let (value, repairs) = read_json(text, 1).expect("readable");
        (value, repairs.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn valid_json_needs_no_repair_and_keeps_key_order() {
        let (value, fixes) = repairs("{\"b\": 1, \"a\": [true, null, \"x\\ny\"]}");
        assert!(fixes.is_empty());
        assert_eq!(value, json!({"b": 1, "a": [true, null, "x\ny"]}));
        let keys: Vec<_> = value.as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys, ["b", "a"]);
    }

    #[test]
    fn each_kind_of_break_is_named_with_its_line() {
        let text = "{\n\"a\": 1\n\"b\":\"x,\" \n\"c: 2,\n'd': bare,\nunq: [1 2,],\n// note\n\"e\": {\"f\": 1]\n}";
        let (value, fixes) = repairs(text);
        assert_eq!(
            fixes,
            [
                "added missing comma at line 2",
                "moved a comma out of the string before it at line 3",
                "closed the quote of key `c` at line 4",
                "replaced single quotes with double quotes at line 5",
                "quoted bare value `bare` at line 5",
                "quoted key `unq` at line 6",
                "added missing comma at line 6",
                "removed trailing comma at line 6",
                "removed comment at line 7",
                "replaced `]` with `}` at line 8",
            ]
        );
        assert_eq!(value["b"], "x");
        assert_eq!(value["c"], 2);
        assert_eq!(value["unq"], json!([1, 2]));
        assert_eq!(value["e"], json!({"f": 1}));
        // Inside an array, a `]` closes the array: the object before it lacked its `}`.
        let (value, fixes) = repairs("{\"list\": [\n{\"a\": 1\n]\n}");
        assert_eq!(value, json!({"list": [{"a": 1}]}));
        assert_eq!(
            fixes,
            ["added missing closing brace of the object opened at line 2 at line 3"]
        );
    }

    #[test]
    fn unreadable_text_and_deep_nesting_are_errors() {
        assert!(read_json("{\"a\": }", 1).is_err());
        assert!(read_json(&"[".repeat(1000), 1)
            .unwrap_err()
            .contains("nested"));
    }
}
