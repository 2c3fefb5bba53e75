//! Embeds every spec file of the workspace's `spec/` directory (the global error codes too), so that the server needs no files
//! at run time.

use std::fmt::Write;
use std::path::PathBuf;

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("manifest dir"));
    let spec_dir = manifest.join("../../spec");
    println!("cargo:rerun-if-changed={}", spec_dir.display());
    let mut files: Vec<PathBuf> = std::fs::read_dir(&spec_dir)
        .expect("the workspace's spec/ directory")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .collect();
    files.sort();
    let mut out = String::from("/// Every spec file, by its path in the workspace.\n");
    out.push_str("pub const SPEC_FILES: &[(&str, &str)] = &[\n");
    for path in files {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = path.file_name().expect("file name").to_string_lossy();
        let absolute = path.canonicalize().expect("spec file");
        writeln!(
            out,
            "    (\"spec/{name}\", include_str!({:?})),",
            absolute.display()
        )
        .expect("write to a string");
    }
    out.push_str("];\n");
    let global = spec_dir.join("global/errors.yaml");
    println!("cargo:rerun-if-changed={}", global.display());
    out.push_str("/// WeChat's global error codes, when the spec has them.\n");
    match global.canonicalize() {
        Ok(absolute) => writeln!(
            out,
            "pub const GLOBAL_ERRORS_FILE: Option<(&str, &str)> = Some((\"spec/global/errors.yaml\", include_str!({:?})));",
            absolute.display()
        ),
        Err(_) => writeln!(out, "pub const GLOBAL_ERRORS_FILE: Option<(&str, &str)> = None;"),
    }
    .expect("write to a string");
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    std::fs::write(out_dir.join("spec_files.rs"), out).expect("write spec_files.rs");
}
