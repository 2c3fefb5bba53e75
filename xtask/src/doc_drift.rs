//! `cargo xtask doc-drift <doc file> --domain <name>`: what a doc page mentions that the spec
//! of `<name>` lacks (exit 1 if anything), and what the spec has that the page does not mention.

use std::path::Path;
use std::process::ExitCode;

use wechat_spec::load::{parse, parse_global, spec_files, GLOBAL_ERRORS};
use xtask::doc_mentions::{drift, render};

const USAGE: &str = "usage: cargo xtask doc-drift <doc file> --domain <name>";

pub fn main(root: &Path, args: &[&str]) -> ExitCode {
    let (page, domain) = match args {
        [page, "--domain", domain] | ["--domain", domain, page] => (*page, *domain),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let run = || -> Result<(String, bool), String> {
        let text = std::fs::read_to_string(page).map_err(|err| format!("{page}: {err}"))?;
        let dir = root.join("spec");
        let paths = spec_files(&dir).map_err(|err| format!("{}: {err}", dir.display()))?;
        for path in paths {
            let shown = Path::new("spec").join(path.file_name().unwrap_or_default());
            let yaml =
                std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let loaded = parse(&shown, &yaml).map_err(|err| err.to_string())?;
            if loaded.spec.domain == domain {
                let global = dir.join(GLOBAL_ERRORS);
                let codes: Vec<i64> = match std::fs::read_to_string(&global) {
                    Ok(text) => parse_global(&Path::new("spec").join(GLOBAL_ERRORS), &text)
                        .map_err(|err| err.to_string())?
                        .spec
                        .errors
                        .iter()
                        .map(|e| e.code)
                        .collect(),
                    Err(_) => Vec::new(),
                };
                let report = drift(&loaded.spec, &text, &codes);
                let clean = report.missing.is_empty();
                return Ok((render(&report, page, &shown.display().to_string()), clean));
            }
        }
        Err(format!("no spec file under spec/ has domain `{domain}`"))
    };
    match run() {
        Ok((text, clean)) => {
            print!("{text}");
            if clean {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(message) => {
            eprintln!("doc-drift: {message}");
            ExitCode::from(2)
        }
    }
}
