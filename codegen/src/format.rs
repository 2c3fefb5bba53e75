//! Formatting generated Rust with rustfmt, so that committed files are exactly what
//! `cargo fmt` keeps: prettyplease alone differs from rustfmt in places, and generated crate
//! roots cannot opt out of `cargo fmt`.
//!
//! All files go through one rustfmt process (one per pass), not one per file: process start-up
//! was most of the generator's time.

use std::path::{Component, Path, PathBuf};
use std::process::Command;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::Files;

/// Formats every `.rs` file of `files` in place.
pub fn rustfmt_all(files: &mut Files) -> Result<(), String> {
    let scratch = std::env::temp_dir().join(format!(
        "wechat-codegen-{}-{}",
        std::process::id(),
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos())
    ));
    let result = format_in(&scratch, files);
    let _ = std::fs::remove_dir_all(&scratch);
    result
}

/// `path` below `scratch`, keeping its layout so that rustfmt finds `mod` files.
fn scratch_path(scratch: &Path, path: &Path) -> PathBuf {
    let relative: PathBuf = path
        .components()
        .filter(|c| matches!(c, Component::Normal(_)))
        .collect();
    scratch.join(relative)
}

fn format_in(scratch: &Path, files: &mut Files) -> Result<(), String> {
    let rust: Vec<PathBuf> = files
        .keys()
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .cloned()
        .collect();
    let mut paths = Vec::new();
    for path in &rust {
        let copy = scratch_path(scratch, path);
        if let Some(parent) = copy.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        std::fs::write(&copy, &files[path]).map_err(|e| format!("{}: {e}", copy.display()))?;
        paths.push(copy);
    }
    // rustfmt is not idempotent on prettyplease's output (a second pass breaks some chains
    // the first left whole): format until nothing changes.
    for _ in 0..3 {
        let program = std::env::var_os("RUSTFMT").unwrap_or_else(|| "rustfmt".into());
        let output = Command::new(program)
            .args(["--edition", "2021", "--quiet"])
            .args(&paths)
            .output()
            .map_err(|err| {
                format!(
                    "cannot run rustfmt ({err}); install it with `rustup component add rustfmt`"
                )
            })?;
        if !output.status.success() {
            return Err(format!(
                "rustfmt: {}",
                String::from_utf8_lossy(&output.stderr)
            ));
        }
        let mut changed = false;
        for (path, copy) in rust.iter().zip(&paths) {
            let text =
                std::fs::read_to_string(copy).map_err(|e| format!("{}: {e}", copy.display()))?;
            if let Some(old) = files.get_mut(path) {
                if *old != text {
                    *old = text;
                    changed = true;
                }
            }
        }
        if !changed {
            return Ok(());
        }
    }
    Err("rustfmt did not settle after 3 passes".to_owned())
}
