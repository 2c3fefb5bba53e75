//! `wechat-doc read <page>...`: prints each page's doc model as JSON and a summary of the lines
//! the reader could not place. Exit 2 when a page cannot be read.

use std::process::ExitCode;

fn usage() -> ExitCode {
    eprintln!("usage: wechat-doc read <page>...");
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
                let json = serde_json::to_string_pretty(&page).expect("the model serializes");
                println!("{json}");
                eprintln!("{}", summary(path, &page));
            }
            Err(e) => {
                eprintln!("wechat-doc: {path}: {e}");
                failed = true;
            }
        }
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
