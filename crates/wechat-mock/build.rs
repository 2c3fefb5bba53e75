//! Embeds the spec files the generator copies into `spec/` of this crate (the domains the mock
//! serves and WeChat's global error codes), so that the server needs no files at run time and
//! the published crate builds without the workspace.

use std::fmt::Write;
use std::path::{Path, PathBuf};

fn embed(out: &mut String, path: &Path, shown: &str) {
    println!("cargo:rerun-if-changed={}", path.display());
    let absolute = path.canonicalize().expect("spec file");
    write!(out, "(\"{shown}\", include_str!({:?}))", absolute.display())
        .expect("write to a string");
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("manifest dir"));
    let spec_dir = manifest.join("spec");
    println!("cargo:rerun-if-changed={}", spec_dir.display());
    let mut files: Vec<PathBuf> = std::fs::read_dir(&spec_dir)
        .expect("the mock's spec/ directory (cargo xtask codegen writes it)")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .collect();
    files.sort();
    let mut out = String::from("/// Every spec file, by its path in the workspace.\n");
    out.push_str("pub const SPEC_FILES: &[(&str, &str)] = &[\n");
    for path in files {
        let name = path.file_name().expect("file name").to_string_lossy();
        out.push_str("    ");
        embed(&mut out, &path, &format!("spec/{name}"));
        out.push_str(",\n");
    }
    out.push_str("];\n");
    out.push_str("/// WeChat's global error codes, when the spec has them.\n");
    out.push_str("pub const GLOBAL_ERRORS_FILE: Option<(&str, &str)> = ");
    let global = spec_dir.join("global/errors.yaml");
    if global.exists() {
        out.push_str("Some(");
        embed(&mut out, &global, "spec/global/errors.yaml");
        out.push_str(");\n");
    } else {
        out.push_str("None;\n");
    }
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    std::fs::write(out_dir.join("spec_files.rs"), out).expect("write spec_files.rs");
}
