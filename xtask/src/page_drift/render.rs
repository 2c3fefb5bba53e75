//! A drift report as Markdown (for a pull request) or JSON (for tools).

use std::fmt::Write;

use super::{Kind, Report};

fn kind(kind: Kind) -> &'static str {
    match kind {
        Kind::Added => "added",
        Kind::Removed => "removed",
        Kind::Changed => "changed",
        Kind::StaleQuirk => "stale quirk",
    }
}

/// The report as Markdown: findings by endpoint, then the lines no reader step placed.
pub fn markdown(report: &Report) -> String {
    let mut out = format!("## Doc drift of `{}`\n\n", report.domain);
    if report.findings.is_empty() {
        out.push_str("The pages and the spec agree.\n");
    }
    let mut endpoints: Vec<&str> = report
        .findings
        .iter()
        .map(|f| f.endpoint.as_str())
        .collect();
    endpoints.dedup();
    let mut shown = std::collections::BTreeSet::new();
    for endpoint in endpoints {
        if !shown.insert(endpoint) {
            continue;
        }
        let _ = writeln!(out, "### `{endpoint}`\n");
        for f in report.findings.iter().filter(|f| f.endpoint == endpoint) {
            let at = f
                .line
                .map_or_else(|| f.page.clone(), |l| format!("{}:{l}", f.page));
            let _ = writeln!(
                out,
                "- **{}** {}: {} ({at})",
                kind(f.kind),
                f.item,
                f.detail
            );
        }
        out.push('\n');
    }
    if !report.unplaced.is_empty() {
        let _ = writeln!(out, "### Lines the reader could not place\n");
        for u in &report.unplaced {
            let _ = writeln!(
                out,
                "- {}:{}: {} — `{}`",
                u.page,
                u.line,
                u.why,
                u.text.trim()
            );
        }
    }
    out
}

/// The report as pretty JSON.
pub fn json(report: &Report) -> String {
    let mut text = serde_json::to_string_pretty(report).unwrap_or_default();
    text.push('\n');
    text
}
