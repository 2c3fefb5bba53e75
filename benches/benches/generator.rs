//! Generator cost: load, check and emit the whole spec, and synthetic specs 10 and 100 times its
//! size (copies of every domain under new names), each timed in the same run.
//!
//! Emission here stops at prettyplease: rustfmt, which `cargo xtask codegen` runs after it, is
//! an external process, timed once on its own at the end.
//!
//! Run: `cargo bench -p wechat-benches --bench generator`.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use wechat_benches::{median_p99, workspace_root};
use wechat_codegen::{generate_texts, Format};

/// The repository's spec, read as the generator reads it (the domains and the global codes).
fn real_spec() -> wechat_spec::Texts {
    wechat_spec::read_dir(&workspace_root().join("spec"), Path::new("spec"))
        .expect("the spec reads")
}

/// `copies` copies of every spec file, each a domain of its own.
fn scaled(spec: &[(PathBuf, String)], copies: usize) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    for n in 0..copies {
        for (path, text) in spec {
            let text = text
                .lines()
                .map(|line| {
                    if let Some(domain) = line.strip_prefix("domain: ") {
                        format!("domain: {domain}_copy{n}")
                    } else if let Some(name) = line.strip_prefix("crate: ") {
                        format!("crate: {name}-copy{n}")
                    } else {
                        line.to_owned()
                    }
                })
                .collect::<Vec<_>>()
                .join("\n");
            out.push((path.with_extension(format!("{n}.yaml")), text));
        }
    }
    out
}

/// `texts` with its domains replaced by `domains`, the global codes kept.
fn with_domains(texts: &wechat_spec::Texts, domains: Vec<(PathBuf, String)>) -> wechat_spec::Texts {
    wechat_spec::Texts {
        domains,
        global: texts.global.clone(),
    }
}

fn time(texts: &wechat_spec::Texts, format: Format, runs: usize) -> (Duration, usize) {
    let mut samples = Vec::new();
    let mut files = 0;
    for _ in 0..runs {
        let start = Instant::now();
        let out = generate_texts(texts, Path::new("out"), format).expect("the spec generates");
        samples.push(start.elapsed());
        files = out.len();
    }
    (median_p99(&mut samples).0, files)
}

fn main() {
    let spec = real_spec();
    let lines: usize = spec.domains.iter().map(|(_, t)| t.lines().count()).sum();
    println!("spec: {} domain files, {lines} lines", spec.domains.len());
    let (base, files) = time(&spec, Format::PrettyPlease, 15);
    println!(
        "1x    {:>10.1?} median  ({files} files)  ratio 1.00  per copy 1.00",
        base
    );
    for (copies, runs) in [(10, 5), (100, 2)] {
        let big = with_domains(&spec, scaled(&spec.domains, copies));
        let (t, files) = time(&big, Format::PrettyPlease, runs);
        let ratio = t.as_secs_f64() / base.as_secs_f64();
        println!(
            "{copies:<4}x {t:>10.1?} median  ({files} files)  ratio {ratio:.2}  per copy {:.2}",
            ratio / copies as f64
        );
    }
    let (formatted, _) = time(&spec, Format::Committed, 1);
    println!(
        "1x with rustfmt (what `cargo xtask codegen` does): {formatted:.1?}, {:.1}x the generator alone",
        formatted.as_secs_f64() / base.as_secs_f64()
    );
}
