//! Examples: what a code block or example block holds, read as JSON where it is JSON.

use serde::Serialize;
use serde_json::Value;

use crate::json_repair::{read_json, Repair};

/// What an example shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ExampleKind {
    /// A request (`请求示例`, `POST Data`, `Example Requests`).
    Request,
    /// A response (`返回示例`, `Response Data`, `Return data example`).
    Response,
    /// A push event the endpoint causes (`异步检测结果推送示例`).
    Event,
    /// Anything else (a template, client code in the notes).
    Other,
}

/// How an example is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ExampleFormat {
    /// JSON (perhaps repaired).
    Json,
    /// An HTTP request line (`GET https://api.weixin.qq.com/...`).
    HttpLine,
    /// Program code (the cloud-function examples, client snippets).
    Code,
    /// Plain text (`图片 Buffer`).
    Text,
}

/// One example.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Example {
    /// What it shows.
    pub kind: ExampleKind,
    /// How it is written.
    pub format: ExampleFormat,
    /// The heading or label it sits under (`5.2 云函数调用`, `When the coupon status is normal:`).
    pub title: Option<String>,
    /// 1-based line of its first line.
    pub line: usize,
    /// The original text.
    pub text: String,
    /// The JSON it holds, repaired if it had to be.
    pub json: Option<Value>,
    /// Each repair made to read it.
    pub repairs: Vec<Repair>,
    /// Why it is not JSON even after repairs, for text that looks like JSON.
    pub error: Option<String>,
}

/// Builds an example from a block of `text` starting at page line `line`.
pub fn example(kind: ExampleKind, title: Option<String>, line: usize, text: &str) -> Example {
    let trimmed = text.trim_start();
    let format = format_of(trimmed);
    let (json, repairs, error) = if format == ExampleFormat::Json {
        // Blank lines before the JSON shift its first line.
        let skipped = text[..text.len() - trimmed.len()].matches('\n').count();
        match read_json(trimmed, line + skipped) {
            Ok((value, repairs)) => (Some(value), repairs, None),
            Err(e) => (None, Vec::new(), Some(e)),
        }
    } else {
        (None, Vec::new(), None)
    };
    Example {
        kind,
        format,
        title,
        line,
        text: text.to_owned(),
        json,
        repairs,
        error,
    }
}

/// How `text` (trimmed at the start) is written.
pub fn format_of(text: &str) -> ExampleFormat {
    let first = text.lines().next().unwrap_or_default().trim();
    if first.starts_with('{') || first.starts_with('[') {
        ExampleFormat::Json
    } else if ["GET ", "POST ", "GET\t", "POST\t"]
        .iter()
        .any(|m| first.starts_with(m))
        && first.contains("http")
    {
        ExampleFormat::HttpLine
    } else if looks_like_code(text) {
        ExampleFormat::Code
    } else {
        ExampleFormat::Text
    }
}

fn looks_like_code(text: &str) -> bool {
    const MARKS: [&str; 10] = [
        "const ", "let ", "var ", "function", "require(", "exports.", "=>", "Page(", "wx.", "//",
    ];
    MARKS.iter().any(|m| text.contains(m)) || text.trim_end().ends_with(';')
}
