//! `wechat-doc read <page>...`: prints each page's doc model as JSON and a summary of the lines
//! the reader could not place. Exit 2 when a page cannot be read.

use std::process::ExitCode;

fn usage() -> ExitCode {
    eprintln!(
        "usage: wechat-doc read <page>...\n\nPrints the doc model of one page as JSON (of several, a JSON array of\n{{\"page\", \"model\"}}), and on stderr a summary with the lines the reader could not place.\nExit 2 when a page cannot be read."
    );
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((command, pages)) = args.split_first() else {
        return usage();
    };
    if command != "read" || pages.is_empty() {
        return usage();
    }
    let mut failed = false;
    let mut models = Vec::new();
    for path in pages {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("wechat-doc: {path}: {e}");
                failed = true;
                continue;
            }
        };
        match wechat_doc::read_bytes(&bytes) {
            Ok(page) => {
                eprintln!("{}", summary(path, &page));
                let model = serde_json::to_value(&page).expect("the model serializes");
                models.push(serde_json::json!({ "page": path, "model": model }));
            }
            Err(e) => {
                eprintln!("wechat-doc: {path}: {e}");
                failed = true;
            }
        }
    }
    let out = match &mut models[..] {
        [] => None,
        [only] => Some(only["model"].take()),
        _ => Some(serde_json::Value::Array(models)),
    };
    if let Some(json) = out {
        println!("{}", serde_json::to_string_pretty(&json).expect("JSON"));
    }
    if failed {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}

/// One line per endpoint and one per unplaced line.
fn summary(path: &str, page: &wechat_doc::Page) -> String {
    let mut out = format!(
        "{path}: {} endpoint(s), {:?} format, language {:?}, {} unplaced line(s)\n",
        page.endpoints.len(),
        page.format,
        page.language,
        page.unplaced.len()
    );
    for ep in &page.endpoints {
        out.push_str(&format!(
            "  {:?} {} ({:?}): {} query, {} body, {} response fields, {} errors, {} examples\n",
            ep.method,
            ep.path,
            ep.auth,
            ep.query.len(),
            ep.body.len(),
            ep.response.len(),
            ep.errors.len(),
            ep.examples.len()
        ));
    }
    for u in &page.unplaced {
        out.push_str(&format!(
            "  unplaced line {}: {} ({})\n",
            u.line,
            u.text,
            u.why.describe()
        ));
    }
    out.trim_end().to_owned()
}
