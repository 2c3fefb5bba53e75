//! `cargo xtask doc-drift --domain <name> [--format json] <page>...`: the pages against the
//! spec of `<name>`, per endpoint and type; exit 1 on any finding, 2 on bad input.

use std::path::Path;
use std::process::ExitCode;

use xtask::page_drift::{drift, json, markdown, NamedPage};
use xtask::pages::{domain_spec, read_pages, Args};

const USAGE: &str = "usage: cargo xtask doc-drift --domain <name> [--format json] <page>...";

pub fn main(root: &Path, args: &[&str]) -> ExitCode {
    let Some(args) = Args::parse(args) else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let run = || -> Result<(String, bool), String> {
        let pages = read_pages(&args.pages)?;
        let (spec, domain) = domain_spec(&root.join("spec"), Path::new("spec"), &args.domain)?;
        let domain = domain.ok_or_else(|| {
            format!(
                "no spec file under spec/ has domain `{}`: `cargo xtask doc-import` drafts one",
                args.domain
            )
        })?;
        let named: Vec<NamedPage<'_>> = pages
            .iter()
            .map(|(name, page)| NamedPage { name, page })
            .collect();
        let report = drift(&spec.domains[domain], &spec.global_errors, &named);
        let text = if args.json {
            json(&report)
        } else {
            markdown(&report)
        };
        Ok((text, report.findings.is_empty()))
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
