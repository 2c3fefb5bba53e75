//! The JSON path of a decode error, found from the error's position in the text.
//!
//! Decoding again with the path tracked (`serde_path_to_error`) would compile a second decoder
//! for every type, in every crate that decodes one: a third of a domain crate's monomorphised
//! code. Walking the text up to where serde_json stopped is done once, here, and only for a
//! body that failed.

/// The path of `err` in `text`: `list[3].count`, or `.` for the top level. `err` must come from
/// decoding `text` with serde_json; its line and column say where decoding stopped.
pub fn error_path(text: &[u8], err: &serde_json::Error) -> String {
    let stop = offset(text, err.line(), err.column());
    // A data error (a wrong type, a missing field) is about the value just read; a syntax
    // error after a value is about what should follow it, in the container.
    let data = err.classify() == serde_json::error::Category::Data;
    // An object or array refused for its type is reported before its bracket is read.
    let refused = data
        && matches!(
            text[stop..].iter().find(|b| !b.is_ascii_whitespace()),
            Some(b'{' | b'[')
        );
    render(&walk(&text[..stop]), data, refused)
}

/// The byte offset of a serde_json position: `line` counts from 1, `column` is bytes into it.
fn offset(text: &[u8], line: usize, column: usize) -> usize {
    let start = match line {
        0 | 1 => 0,
        _ => text
            .iter()
            .enumerate()
            .filter(|(_, b)| **b == b'\n')
            .nth(line - 2)
            .map_or(text.len(), |(i, _)| i + 1),
    };
    start.saturating_add(column).min(text.len())
}

/// Where the walk is within a container.
#[derive(Clone, Copy, PartialEq, Debug)]
enum State {
    /// Before a key (an object) or an element (an array), or at the container's end.
    Start,
    /// After an object key, before its colon.
    Key,
    /// After the colon, before the value.
    Colon,
    /// Within a value (a container's value, or one cut off where decoding stopped).
    Value,
    /// Just after a value.
    Done,
}

/// An open container: an object with its current key, or an array with its current index.
#[derive(Debug)]
enum Frame {
    Object { key: Option<String>, state: State },
    Array { index: usize, state: State },
}

impl Frame {
    fn state(&self) -> State {
        match self {
            Frame::Object { state, .. } | Frame::Array { state, .. } => *state,
        }
    }

    fn set(&mut self, to: State) {
        match self {
            Frame::Object { state, .. } | Frame::Array { state, .. } => *state = to,
        }
    }
}

/// The containers open at the end of `text`, outermost first. The text is a prefix of JSON
/// that serde_json read without a syntax error up to here, so the walk need not validate.
fn walk(text: &[u8]) -> Vec<Frame> {
    let mut frames: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < text.len() {
        match text[i] {
            b'{' | b'[' => {
                if let Some(top) = frames.last_mut() {
                    top.set(State::Value);
                }
                let state = State::Start;
                frames.push(if text[i] == b'{' {
                    Frame::Object { key: None, state }
                } else {
                    Frame::Array { index: 0, state }
                });
                i += 1;
            }
            b'}' | b']' => {
                frames.pop();
                if let Some(top) = frames.last_mut() {
                    top.set(State::Done);
                }
                i += 1;
            }
            b',' => {
                match frames.last_mut() {
                    Some(Frame::Object { key, state }) => (*key, *state) = (None, State::Start),
                    Some(Frame::Array { index, state }) => {
                        (*index, *state) = (*index + 1, State::Start)
                    }
                    None => {}
                }
                i += 1;
            }
            b':' => {
                if let Some(top) = frames.last_mut() {
                    top.set(State::Colon);
                }
                i += 1;
            }
            b'"' => {
                let (end, closed) = string_end(text, i);
                match frames.last_mut() {
                    Some(Frame::Object { key, state }) if *state == State::Start => {
                        *key = Some(unquote(&text[i..end]));
                        *state = State::Key;
                    }
                    Some(top) if closed => top.set(State::Done),
                    Some(top) => top.set(State::Value),
                    None => {}
                }
                i = end;
            }
            b if b.is_ascii_whitespace() => i += 1,
            _ => {
                // A number or a literal, to the next delimiter; cut off if none follows.
                while i < text.len()
                    && !matches!(text[i], b',' | b'}' | b']' | b':')
                    && !text[i].is_ascii_whitespace()
                {
                    i += 1;
                }
                if let Some(top) = frames.last_mut() {
                    top.set(if i < text.len() {
                        State::Done
                    } else {
                        State::Value
                    });
                }
            }
        }
    }
    frames
}

/// The index just past the string starting at `start` (its opening quote), and whether it is
/// closed there; a string cut off ends with the text.
fn string_end(text: &[u8], start: usize) -> (usize, bool) {
    let mut i = start + 1;
    while i < text.len() {
        match text[i] {
            b'\\' => i += 2,
            b'"' => return (i + 1, true),
            _ => i += 1,
        }
    }
    (text.len(), false)
}

/// A key's text, escapes decoded; a key cut off or malformed is kept as written.
fn unquote(quoted: &[u8]) -> String {
    serde_json::from_slice(quoted).unwrap_or_else(|_| {
        let inner = quoted.strip_prefix(b"\"").unwrap_or(quoted);
        String::from_utf8_lossy(inner.strip_suffix(b"\"").unwrap_or(inner)).into_owned()
    })
}

/// The path through `frames`, in serde_path_to_error's notation. The innermost container
/// names its current key or index when the walk is at or in that value, or just after it for
/// a data error: serde_json reports a value's error once it has read the value (a
/// container's, such as a missing field, once it has read the closing bracket), except an
/// object or array `refused` for its type, reported at its opening bracket.
fn render(frames: &[Frame], data: bool, refused: bool) -> String {
    let mut path = String::new();
    for (depth, frame) in frames.iter().enumerate() {
        let at_value = match frame.state() {
            State::Start => refused && matches!(frame, Frame::Array { .. }),
            State::Key => false,
            State::Colon | State::Value => true,
            State::Done => data,
        };
        if depth + 1 == frames.len() && !at_value {
            break;
        }
        match frame {
            Frame::Object { key: Some(key), .. } => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Frame::Object { key: None, .. } => {}
            Frame::Array { index, .. } => path.push_str(&format!("[{index}]")),
        }
    }
    if path.is_empty() {
        path.push('.');
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use std::collections::BTreeMap;

    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    struct Row {
        count: i64,
        name: Option<String>,
    }

    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    struct Page {
        total: Option<i64>,
        list: Vec<Row>,
        tags: Option<BTreeMap<String, Vec<u8>>>,
    }

    /// The path this module finds, and the one serde_path_to_error finds by decoding again.
    fn both(text: &str) -> (String, String) {
        let err = serde_json::from_str::<Page>(text).expect_err(text);
        let mine = error_path(text.as_bytes(), &err);
        let mut de = serde_json::Deserializer::from_str(text);
        let theirs = match serde_path_to_error::deserialize::<_, Page>(&mut de) {
            Err(err) => err.path().to_string(),
            Ok(_) => ".".to_owned(),
        };
        (mine, theirs)
    }

    #[test]
    fn paths_agree_with_decoding_again_with_the_path_tracked() {
        let cases = [
            r#"{"list":[{"count":1},{"count":"x"}]}"#,
            r#"{"list":[{"count":1},{"count":2,"name":7}]}"#,
            r#"{"list": [ {"count": 1} , {"count" : "x" } ] }"#,
            "{\n  \"total\": 3,\n  \"list\": [\n    {\"count\": true}\n  ]\n}",
            r#"{"list":[{"name":"a"}]}"#,
            r#"{"list":[{"count":1,"name":"a"}],"tags":{"a\"b":[1,2,300]}}"#,
            r#"{"total":"3","list":[]}"#,
            r#"{"list":[{"count":1}],"total":1.5}"#,
            r#"{"list":{"count":1}}"#,
            r#"{"list":[{"count":1}"#,
            r#"{"total":1}"#,
            r#"[1]"#,
            r#"{"list":[],"tags":{"k":"v"}}"#,
            r#"{"list":[{"count":18446744073709551616}]}"#,
        ];
        for text in cases {
            let (mine, theirs) = both(text);
            assert_eq!(mine, theirs, "{text}");
        }
    }

    /// Every cut and many one-byte changes of documents that decode: wherever both fail, the
    /// two paths are the same.
    #[test]
    fn paths_agree_on_cut_and_altered_documents() {
        let documents = [
            r#"{"total": 2, "list": [{"count": 1, "name": "a,b"}, {"count": -3}], "tags": {"x\"y": [1, 2]}}"#,
            "{\n \"list\" : [ {\"name\":null,\"count\":7} ]\n}",
        ];
        let bytes = [
            b'"', b'{', b'}', b'[', b']', b',', b':', b'1', b'x', b' ', b'\\', b'n',
        ];
        let mut compared = 0;
        for document in documents {
            assert!(serde_json::from_str::<Page>(document).is_ok(), "{document}");
            let mut variants: Vec<Vec<u8>> = (0..document.len())
                .map(|cut| document.as_bytes()[..cut].to_vec())
                .collect();
            for at in 0..document.len() {
                for byte in bytes {
                    let mut changed = document.as_bytes().to_vec();
                    changed[at] = byte;
                    variants.push(changed);
                }
            }
            for text in variants {
                let Ok(text) = String::from_utf8(text) else {
                    continue;
                };
                // Syntax errors are left out: decoding again names an unread key `?`.
                match serde_json::from_str::<Page>(&text) {
                    Err(err) if err.classify() == serde_json::error::Category::Data => {}
                    _ => continue,
                }
                let (mine, theirs) = both(&text);
                assert_eq!(mine, theirs, "{text}");
                compared += 1;
            }
        }
        assert!(compared > 300, "{compared}");
    }

    #[test]
    fn known_paths() {
        assert_eq!(
            both(r#"{"list":[{"count":1},{"count":"x"}]}"#).0,
            "list[1].count"
        );
        assert_eq!(both(r#"{"list":[{"name":"a"}]}"#).0, "list[0]");
        assert_eq!(both(r#"{"total":1}"#).0, ".");
    }

    #[test]
    fn trailing_data_is_at_the_top_level() {
        let text = br#"{"a":1} x"#;
        let mut de = serde_json::Deserializer::from_slice(text);
        let value: serde_json::Value = Deserialize::deserialize(&mut de).unwrap();
        assert!(value.is_object());
        let err = de.end().unwrap_err();
        assert_eq!(error_path(text, &err), ".");
    }

    #[test]
    fn positions_past_the_text_do_not_panic() {
        for text in [&b""[..], b"{", b"\"", b"{\"a\\", b"[[[", b"\n\n"] {
            let err = serde_json::from_slice::<Page>(text).unwrap_err();
            let _ = error_path(text, &err);
            assert_eq!(offset(text, 99, 99), text.len());
        }
    }
}
