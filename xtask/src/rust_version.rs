//! `cargo xtask rust-version`: fails when a locked package needs a newer Rust than the
//! workspace declares, so that the declared `rust-version` stays true for the lockfile.

use std::path::Path;
use std::process::{Command, ExitCode};

use serde_json::Value;

/// A `major.minor[.patch]` version, compared numerically (`1.88` is `1.88.0`).
fn parse(version: &str) -> Option<[u64; 3]> {
    let mut parts = [0; 3];
    let mut count = 0;
    for (slot, part) in parts.iter_mut().zip(version.split('.')) {
        *slot = part.parse().ok()?;
        count += 1;
    }
    (count >= 2 && version.split('.').count() == count).then_some(parts)
}

/// The packages of `metadata` whose `rust-version` is newer than `declared`.
pub fn too_new(metadata: &Value, declared: &str) -> Result<Vec<String>, String> {
    let limit = parse(declared).ok_or_else(|| format!("bad rust-version `{declared}`"))?;
    let packages = metadata["packages"]
        .as_array()
        .ok_or("cargo metadata has no packages")?;
    let mut found: Vec<String> = packages
        .iter()
        .filter_map(|p| {
            let needs = p["rust_version"].as_str()?;
            let (name, version) = (p["name"].as_str()?, p["version"].as_str()?);
            let newer = parse(needs).is_some_and(|v| v > limit);
            newer.then(|| format!("{name} {version} needs Rust {needs}"))
        })
        .collect();
    found.sort();
    Ok(found)
}

pub fn main(root: &Path) -> ExitCode {
    let run = || -> Result<(String, Vec<String>), String> {
        let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .current_dir(root)
            .args(["metadata", "--format-version", "1", "--locked"])
            .output()
            .map_err(|err| format!("cannot run cargo metadata: {err}"))?;
        if !output.status.success() {
            return Err(String::from_utf8_lossy(&output.stderr).into_owned());
        }
        let metadata: Value = serde_json::from_slice(&output.stdout)
            .map_err(|err| format!("cargo metadata: {err}"))?;
        // Every member inherits the workspace's rust-version; read it from the members.
        let members = metadata["workspace_members"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let declared = metadata["packages"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|p| members.contains(&p["id"]))
            .filter_map(|p| p["rust_version"].as_str())
            .min_by_key(|v| parse(v))
            .ok_or("no workspace member declares a rust-version")?
            .to_owned();
        Ok((declared.clone(), too_new(&metadata, &declared)?))
    };
    match run() {
        Ok((declared, newer)) if newer.is_empty() => {
            eprintln!("every locked package builds with the declared Rust {declared}");
            ExitCode::SUCCESS
        }
        Ok((declared, newer)) => {
            eprintln!("the workspace declares Rust {declared}, but:");
            for line in newer {
                eprintln!("  {line}");
            }
            eprintln!("raise rust-version in Cargo.toml, or `cargo update` to versions that fit");
            ExitCode::FAILURE
        }
        Err(message) => {
            eprintln!("rust-version: {message}");
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_package_newer_than_declared_is_named() {
        let metadata = serde_json::json!({"packages": [
            {"name": "old", "version": "1.0.0", "rust_version": "1.70"},
            {"name": "new", "version": "2.0.0", "rust_version": "1.88.0"},
            {"name": "none", "version": "0.1.0", "rust_version": null},
        ]});
        assert_eq!(
            too_new(&metadata, "1.80").unwrap(),
            ["new 2.0.0 needs Rust 1.88.0"]
        );
        assert!(too_new(&metadata, "1.88").unwrap().is_empty());
        assert!(too_new(&metadata, "1.88.0").unwrap().is_empty());
        assert!(too_new(&metadata, "1.9x").is_err());
    }
}
