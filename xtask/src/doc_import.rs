//! `cargo xtask doc-import --domain <name> <page>...`: drafts the spec of every endpoint on the
//! pages that `spec/<name>.yaml` lacks, appending to it (or creating it); a second run on the
//! same pages drafts nothing. Exit 2 on bad input.

use std::path::Path;
use std::process::ExitCode;

use xtask::page_import::import;
use xtask::pages::{domain_spec, read_pages, Args};

const USAGE: &str = "usage: cargo xtask doc-import --domain <name> <page>...";

pub fn main(root: &Path, args: &[&str]) -> ExitCode {
    let Some(args) = Args::parse(args) else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let run = || -> Result<String, String> {
        let pages = read_pages(&args.pages)?;
        let dir = root.join("spec");
        let (spec, index) = domain_spec(&dir, Path::new("spec"), &args.domain)?;
        let path = match index {
            Some(i) => root.join(&spec.domains[i].spec_path),
            None => dir.join(format!("{}.yaml", args.domain)),
        };
        let existing = match index {
            Some(_) => Some(
                std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?,
            ),
            None if path.exists() => {
                return Err(format!("{} exists but has another domain", path.display()))
            }
            None => None,
        };
        let imported = import(&spec, &args.domain, existing.as_deref(), &pages);
        if imported.endpoints.is_empty() {
            return Ok(format!(
                "spec/{}.yaml already has every endpoint of the pages: nothing drafted",
                args.domain
            ));
        }
        std::fs::write(&path, &imported.text).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(format!(
            "drafted into {}: {} endpoints ({}), {} types, {} error codes; {} lines marked `# REVIEW:`.\nreview them, then `cargo xtask codegen` and `cargo xtask doc-drift --domain {} <pages>`",
            path.strip_prefix(root).unwrap_or(&path).display(),
            imported.endpoints.len(),
            imported.endpoints.join(", "),
            imported.types,
            imported.errors,
            imported.reviews,
            args.domain,
        ))
    };
    match run() {
        Ok(message) => {
            eprintln!("{message}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("doc-import: {message}");
            ExitCode::from(2)
        }
    }
}
