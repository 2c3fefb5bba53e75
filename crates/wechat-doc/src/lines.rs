//! Line-level helpers: Markdown clean-up, headings, language, and the tracker that makes sure
//! every non-blank line is either placed or reported.

use crate::page::{Language, Text, Unplaced, Why};

/// Removes Markdown from inline text: `[text](url)` gives `text`, images go, `\_` gives `_`,
/// `**bold**` and backticks lose their marks.
pub fn clean(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let chars: Vec<char> = raw.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' if i + 1 < chars.len() && chars[i + 1].is_ascii_punctuation() => {
                out.push(chars[i + 1]);
                i += 2;
                continue;
            }
            '!' if chars.get(i + 1) == Some(&'[') => {
                // An image: drop it with its alt text.
                if let Some(end) = link_end(&chars, i + 1) {
                    i = end;
                    continue;
                }
            }
            '[' => {
                if let Some(end) = link_end(&chars, i) {
                    let close = chars[i..end].iter().position(|&c| c == ']').unwrap_or(0) + i;
                    let inner: String = chars[i + 1..close].iter().collect();
                    out.push_str(&clean(&inner));
                    i = end;
                    continue;
                }
            }
            '*' if chars.get(i + 1) == Some(&'*') => {
                i += 2;
                continue;
            }
            '`' => {
                i += 1;
                continue;
            }
            _ => {}
        }
        out.push(c);
        i += 1;
    }
    out.trim().to_owned()
}

/// Where a `[text](target)` link starting at `open` ends (one past `)`).
/// The search is bounded, so that a line of many `[` stays linear.
fn link_end(chars: &[char], open: usize) -> Option<usize> {
    const MAX_TEXT: usize = 300;
    const MAX_TARGET: usize = 2_000;
    let text = &chars[open..chars.len().min(open + MAX_TEXT)];
    let close = text.iter().position(|&c| c == ']')? + open;
    if chars.get(close + 1) != Some(&'(') {
        return None;
    }
    let target = &chars[close + 1..chars.len().min(close + 1 + MAX_TARGET)];
    let end = target.iter().position(|&c| c == ')')? + close + 1;
    Some(end + 1)
}

/// A Markdown heading: its level, the anchor of a `[#](#anchor)` prefix, and its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heading {
    /// 1 for `#`.
    pub level: usize,
    /// The anchor the current format puts first (`[#](#Res-data-Object-Payload)`).
    pub anchor: Option<String>,
    /// The text, cleaned.
    pub text: String,
}

/// Reads a Markdown heading (`## [#](#x) Title`, `# Title`).
pub fn heading(raw: &str) -> Option<Heading> {
    let trimmed = raw.trim_start();
    let level = trimmed.chars().take_while(|&c| c == '#').count();
    if level == 0 || level > 6 {
        return None;
    }
    let rest = &trimmed[level..];
    if !(rest.is_empty() || rest.starts_with(' ')) {
        return None;
    }
    let rest = rest.trim();
    let (anchor, text) = match rest.strip_prefix("[#](#") {
        Some(after) => match after.split_once(')') {
            Some((anchor, text)) => (Some(anchor.to_owned()), text),
            None => (None, rest),
        },
        None => (None, rest),
    };
    Some(Heading {
        level,
        anchor,
        text: clean(text),
    })
}

/// Strips a section number (`1. `, `5.2 `, `I. `, `IV. `) from a heading's text.
pub fn strip_number(text: &str) -> &str {
    let t = text.trim();
    let first = t.split_whitespace().next().unwrap_or_default();
    let numeric = !first.is_empty()
        && first
            .trim_end_matches('.')
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.');
    let roman = first.ends_with('.')
        && first.len() > 1
        && first
            .trim_end_matches('.')
            .chars()
            .all(|c| "IVX".contains(c));
    if numeric || roman {
        t[first.len()..].trim_start()
    } else {
        t
    }
}

/// True for CJK ideographs and CJK punctuation.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303F | 0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0xFF00..=0xFFEF)
}

/// Detects the language from prose lines: CJK characters against English words.
pub fn language<'a>(lines: impl Iterator<Item = &'a str>) -> Language {
    let (mut cjk, mut words) = (0usize, 0usize);
    for line in lines {
        let text = clean(line);
        cjk += text.chars().filter(|&c| is_cjk(c)).count();
        // English words: letters only, so identifiers such as `access_token` do not count.
        words += text
            .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
            .filter(|w| w.len() > 1 && w.chars().all(|c| c.is_ascii_alphabetic()))
            .count();
    }
    // A Chinese word is about two characters.
    let zh = cjk / 2;
    if zh >= words * 2 {
        Language::Zh
    } else if words >= zh * 4 {
        Language::En
    } else {
        Language::Mixed
    }
}

/// Records which lines were placed; what was not is reported.
pub struct Tracker {
    placed: Vec<bool>,
    unplaced: Vec<Unplaced>,
}

impl Tracker {
    /// A tracker for a page of `count` lines.
    pub fn new(count: usize) -> Self {
        Tracker {
            placed: vec![false; count + 1],
            unplaced: Vec::new(),
        }
    }

    /// Marks 1-based line `n` as placed.
    pub fn place(&mut self, n: usize) {
        if let Some(slot) = self.placed.get_mut(n) {
            *slot = true;
        }
    }

    /// Marks lines `from..=to` as placed.
    pub fn place_range(&mut self, from: usize, to: usize) {
        for n in from..=to {
            self.place(n);
        }
    }

    /// Reports line `n` (or part of it) as not placed.
    pub fn unplace(&mut self, n: usize, text: &str, why: Why) {
        self.place(n);
        self.unplaced.push(Unplaced {
            line: n,
            text: text.trim().to_owned(),
            why,
        });
    }

    /// The report: every non-blank line nobody placed is added as [`Why::NotRead`].
    pub fn finish(mut self, lines: &[&str]) -> Vec<Unplaced> {
        for (i, line) in lines.iter().enumerate() {
            if !line.trim().is_empty() && !self.placed[i + 1] {
                self.unplaced.push(Unplaced {
                    line: i + 1,
                    text: line.trim().to_owned(),
                    why: Why::NotRead,
                });
            }
        }
        self.unplaced.sort_by_key(|u| u.line);
        self.unplaced
    }
}

/// A [`Text`] for line `n`, cleaned.
pub fn text(n: usize, raw: &str) -> Text {
    Text {
        line: n,
        text: clean(raw),
    }
}

/// Site furniture that says nothing about the API.
pub fn is_boilerplate(raw: &str) -> bool {
    let t = clean(raw.trim_start_matches(['>', '-', ' ']));
    t == "调试诊断"
        || t == "Debugging diagnosis"
        || t == "Incorrect translation."
        || t.starts_with("接口应在服务器端调用")
        || t.starts_with("The interface should be called on the server side")
}

/// True when `word` is an identifier (`access_token`, `planId`).
pub fn is_identifier(word: &str) -> bool {
    let mut chars = word.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}
