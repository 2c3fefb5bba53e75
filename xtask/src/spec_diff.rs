//! `cargo xtask spec-diff [<git-rev>] [--fail-on-breaking]`: the spec at `<git-rev>` against
//! the working tree, as a Markdown changelog for a pull request.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use wechat_spec::load::GLOBAL_ERRORS;
use wechat_spec::{resolve_dir, resolve_texts, Texts};
use xtask::spec_changes::{diff, markdown};

const USAGE: &str = "usage: cargo xtask spec-diff [<git-rev>] [--fail-on-breaking]";

fn git(root: &Path, args: &[&str]) -> Result<String, String> {
    let output = Command::new("git")
        .current_dir(root)
        .args(args)
        .output()
        .map_err(|err| format!("cannot run git: {err}"))?;
    if !output.status.success() {
        return Err(format!(
            "git {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// The merge base of HEAD with `main` (or `origin/main`).
fn default_base(root: &Path) -> Result<String, String> {
    for branch in ["main", "origin/main"] {
        if let Ok(base) = git(root, &["merge-base", "HEAD", branch]) {
            return Ok(base.trim().to_owned());
        }
    }
    Err("no merge base with `main` or `origin/main`: name a revision".into())
}

/// The spec files of `spec/` at `rev`.
fn spec_at(root: &Path, rev: &str) -> Result<Texts, String> {
    let listing = git(root, &["ls-tree", "--name-only", &format!("{rev}:spec")])?;
    let mut texts = Texts::default();
    for name in listing.lines().filter(|n| n.ends_with(".yaml")) {
        let text = git(root, &["show", &format!("{rev}:spec/{name}")])?;
        texts.domains.push((PathBuf::from("spec").join(name), text));
    }
    // Older revisions may have no global codes' file.
    if let Ok(text) = git(root, &["show", &format!("{rev}:spec/{GLOBAL_ERRORS}")]) {
        texts.global = Some((PathBuf::from("spec").join(GLOBAL_ERRORS), text));
    }
    Ok(texts)
}

pub fn main(root: &Path, args: &[&str]) -> ExitCode {
    let fail_on_breaking = args.contains(&"--fail-on-breaking");
    let revs: Vec<&str> = args
        .iter()
        .copied()
        .filter(|a| !a.starts_with("--"))
        .collect();
    if revs.len() > 1
        || args
            .iter()
            .any(|a| a.starts_with("--") && *a != "--fail-on-breaking")
    {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    }
    let run = || -> Result<(String, usize), String> {
        let base = match revs.first() {
            Some(rev) => (*rev).to_owned(),
            None => default_base(root)?,
        };
        let old = resolve_texts(&spec_at(root, &base)?)
            .map_err(|err| format!("the spec at {base} does not resolve:\n{err}"))?;
        let new = resolve_dir(&root.join("spec"), Path::new("spec")).map_err(|e| e.to_string())?;
        let changes = diff(&old.domains, &new.domains);
        let short = base.get(..12).unwrap_or(&base).to_owned();
        Ok((
            markdown(&changes, &short),
            changes.iter().filter(|c| c.breaking).count(),
        ))
    };
    match run() {
        Ok((text, breaking)) => {
            print!("{text}");
            if fail_on_breaking && breaking > 0 {
                eprintln!("{breaking} breaking changes (--fail-on-breaking)");
                return ExitCode::FAILURE;
            }
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("spec-diff: {message}");
            ExitCode::from(2)
        }
    }
}
