//! The spec loader and the doc reader fed mutated and hostile input: every real spec file and
//! doc page, mutated (byte flips, truncation, deleted, duplicated or swapped lines, deep
//! nesting, huge lines, bytes that are not UTF-8, indentation changes), seeded and bounded
//! (`WECHAT_FUZZ_CASES` and `WECHAT_FUZZ_SEED`, see `wechat_testkit::fuzz`). The loader gives
//! success or errors located inside the file; the reader gives a page or an error; neither
//! panics. A failure names the input and a file that holds it; should the process abort (a
//! stack overflow cannot be caught), `<tmp>/wechat-fuzz/<input>-current` holds the input.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use wechat_spec::{load, SpecError, Texts};
use wechat_testkit::fuzz::{self, KnownDefect, Rng};
use wechat_workspace_tests::workspace_root;

/// Mutations per spec file in CI: resolving a file costs far more than decoding an example.
const SPEC_CASES: usize = 40;

/// Mutations per doc page in CI: a page costs the reader milliseconds in a debug build.
const PAGE_CASES: usize = 60;

/// The global error codes' file, shown as the generator shows it.
fn global_path() -> PathBuf {
    Path::new("spec").join(load::GLOBAL_ERRORS)
}

/// Every spec file: each domain file, then the global codes, with its display path and bytes.
fn spec_files() -> Vec<(PathBuf, Vec<u8>)> {
    let root = workspace_root();
    let mut files: Vec<(PathBuf, Vec<u8>)> = load::spec_files(&root.join("spec"))
        .expect("spec/ lists")
        .into_iter()
        .map(|path| {
            let shown = Path::new("spec").join(path.file_name().unwrap_or_default());
            (shown, std::fs::read(&path).expect("a spec file reads"))
        })
        .collect();
    let global = std::fs::read(root.join(global_path())).expect("the global codes read");
    files.push((global_path(), global));
    files
}

/// Every doc page the workspace keeps: seed pages, the reader's fixtures, imported docs.
fn pages() -> Vec<(String, Vec<u8>)> {
    let root = workspace_root();
    let mut pages = Vec::new();
    for dir in [
        "tests/data/seeds",
        "crates/wechat-doc/tests/fixtures",
        "tests/data/docs",
    ] {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(root.join(dir))
            .expect("a page directory lists")
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|path| path.file_name().is_some_and(|n| n != "SOURCE.md"))
            .collect();
        paths.sort();
        for path in paths {
            let name = format!(
                "{dir}/{}",
                path.file_name().unwrap_or_default().to_string_lossy()
            );
            pages.push((name, std::fs::read(&path).expect("a page reads")));
        }
    }
    pages
}

/// Why `error` is not located inside its file, if it is not: a line from 1 to one past the
/// file's last line, a column from 1. `lines` gives each file's line count.
fn misplaced(error: &SpecError, lines: &dyn Fn(&Path) -> Option<usize>) -> Option<String> {
    let Some(count) = lines(&error.file) else {
        return Some(format!("names a file that was not given: {error}"));
    };
    let (line, column) = (error.position.line, error.position.column);
    // KNOWN DEFECT, left out until the loader clamps it: an example whose text is empty is
    // reported at column 0 of its line (serde_json's column for an empty input).
    let empty_example = error
        .message
        .ends_with("EOF while parsing a value at line 1 column 0");
    let column_ok = column > 0 || (empty_example && !fuzz::known_defects_tried());
    (line == 0 || line > count + 1 || !column_ok)
        .then(|| format!("is located outside the file's {count} lines: {error}"))
}

fn line_count(bytes: &[u8]) -> usize {
    bytes.split(|b| *b == b'\n').count()
}

/// Loads `bytes` as the spec file `shown`, the other files as they are; a problem with where
/// the errors point, if there is one.
fn load_mutated(
    shown: &Path,
    bytes: Vec<u8>,
    files: &[(PathBuf, Vec<u8>)],
) -> Result<bool, String> {
    let count = line_count(&bytes);
    let text = match load::text_of(shown, bytes) {
        Ok(text) => text,
        Err(error) => {
            let only = |file: &Path| (file == shown).then_some(count);
            return misplaced(&error, &only).map_or(Ok(false), Err);
        }
    };
    let text_of = |bytes: &[u8]| String::from_utf8(bytes.to_vec()).expect("spec files are UTF-8");
    // A domain file loads with the global codes; the global codes with the smallest domain.
    let texts = if shown == global_path() {
        let smallest = files
            .iter()
            .filter(|(p, _)| *p != global_path())
            .min_by_key(|(_, b)| b.len());
        let (domain, domain_bytes) = smallest.expect("spec/ has a domain file");
        Texts {
            domains: vec![(domain.clone(), text_of(domain_bytes))],
            global: Some((shown.to_owned(), text)),
        }
    } else {
        let (global, global_bytes) = files.last().expect("the global codes come last");
        Texts {
            domains: vec![(shown.to_owned(), text)],
            global: Some((global.clone(), text_of(global_bytes))),
        }
    };
    let lines = |file: &Path| {
        let given = texts.domains.iter().chain(&texts.global);
        given
            .into_iter()
            .find(|(p, _)| p == file)
            .map(|(_, t)| line_count(t.as_bytes()))
    };
    match wechat_spec::resolve_texts(&texts) {
        Ok(_) => Ok(true),
        Err(wechat_spec::Error::Spec(errors)) => {
            let bad: Vec<String> = errors
                .0
                .iter()
                .filter_map(|e| misplaced(e, &lines))
                .collect();
            if errors.0.is_empty() {
                return Err("failed without saying why".to_owned());
            }
            if bad.is_empty() {
                Ok(false)
            } else {
                Err(bad.join("\n"))
            }
        }
        Err(other) => Err(format!("failed on texts in memory: {other}")),
    }
}

/// Runs `check` on `input`, turning a panic into a failure; every failure is saved to a file,
/// and the input under test to `<tmp>/wechat-fuzz/<name>-current` first, in case of an abort.
fn try_input(
    name: &str,
    case: usize,
    input: &[u8],
    check: impl FnOnce() -> Result<bool, String>,
    failures: &mut Vec<String>,
) -> bool {
    fuzz::save_current(name, input);
    let outcome = catch_unwind(AssertUnwindSafe(check))
        .unwrap_or_else(|panic| Err(format!("panicked: {}", fuzz::panic_message(&*panic))));
    outcome.unwrap_or_else(|why| {
        let saved = fuzz::save_input(name, case, input);
        failures.push(format!(
            "{name}, case {case} (input saved to {}): {why}",
            saved.display()
        ));
        false
    })
}

#[test]
fn mutated_spec_files_load_or_give_errors_located_in_them() {
    let files = spec_files();
    let mut failures = Vec::new();
    for (shown, bytes) in &files {
        let name = shown.display().to_string();
        // The file as it is loads, or the mutations would only test the first error.
        assert_eq!(
            load_mutated(shown, bytes.clone(), &files),
            Ok(true),
            "{name}"
        );
        let mut rng = Rng::for_input(&name);
        let (tried, mut loaded) = (fuzz::cases(SPEC_CASES), 0);
        for case in 0..tried {
            let input = fuzz::mutate_text(bytes, &mut rng, &[KnownDefect::DeepBlockNesting]);
            let check = || load_mutated(shown, input.clone(), &files);
            loaded += usize::from(try_input(&name, case, &input, check, &mut failures));
        }
        fuzz::report("spec-loader", &name, tried, loaded);
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn hostile_spec_files_give_located_errors() {
    let files = spec_files();
    let depth = 100_000;
    let cases: Vec<(&str, String)> = vec![
        ("empty", String::new()),
        ("a document marker only", "---\n".to_owned()),
        ("two documents", "domain: a\n---\ndomain: b\n".to_owned()),
        (
            "deep flow nesting",
            format!("domain: {}{}", "[".repeat(depth), "]".repeat(depth)),
        ),
        ("unclosed flow nesting", "x: [".repeat(10_000)),
        ("a huge line", format!("domain: {}", "x".repeat(4 << 20))),
        ("a tab indent", "domain: a\n\tcrate: b\n".to_owned()),
        ("an alias of nothing", "domain: *a\n".to_owned()),
        ("a self-referring merge", "a: &a {<<: *a}\n".to_owned()),
        ("a tagged scalar", "domain: !!binary aGk=\n".to_owned()),
        ("control characters", "domain: \u{1}\u{7f}\n".to_owned()),
    ];
    let mut failures = Vec::new();
    let shown = Path::new("spec").join("hostile.yaml");
    for (case, (name, text)) in cases.iter().enumerate() {
        let check = || load_mutated(&shown, text.clone().into_bytes(), &files);
        try_input(name, case, text.as_bytes(), check, &mut failures);
    }
    // KNOWN DEFECTS, left out until the loader bounds them (its owners fix them; add them here
    // then): block mappings nested 1,000 levels deep (`a:` lines, each indented one more
    // space) overflow a test thread's stack, see `KnownDefect::DeepBlockNesting`; and aliases
    // are expanded by copy, so anchors that repeat the previous one ten times grow tenfold a
    // level (`a1: &a1 [*a0, *a0, ...]`): 334 bytes over 6 levels take 0.4 s and a million
    // nodes, 9 levels exhaust memory.
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn mutated_doc_pages_read_or_give_an_error() {
    let pages = pages();
    assert!(pages.len() >= 10, "the pages are found: {}", pages.len());
    let mut failures = Vec::new();
    for (name, bytes) in &pages {
        let mut rng = Rng::for_input(name);
        let (tried, mut read) = (fuzz::cases(PAGE_CASES), 0);
        for case in 0..tried {
            let input = fuzz::mutate_text(bytes, &mut rng, &[]);
            let check = || Ok(wechat_doc::read_bytes(&input).is_ok());
            read += usize::from(try_input(name, case, &input, check, &mut failures));
        }
        fuzz::report("doc-reader", name, tried, read);
    }
    let hostile: Vec<Vec<u8>> = vec![
        Vec::new(),
        vec![0xff; 100],
        format!(
            "POST https://api.weixin.qq.com/a\n{}\n",
            "x".repeat(1 << 20)
        )
        .into_bytes(),
        format!(
            "POST https://api.weixin.qq.com/a\n{}\n",
            "| x ".repeat(1 << 18)
        )
        .into_bytes(),
        "|".repeat(1 << 20).into_bytes(),
        "#".repeat(100_000).into_bytes(),
        "```\n".repeat(50_000).into_bytes(),
        format!(
            "POST https://api.weixin.qq.com/a\n{}",
            "| a | b |\n".repeat(100_000)
        )
        .into_bytes(),
        format!(
            "POST https://api.weixin.qq.com/a\n```json\n{}",
            "[".repeat(200_000)
        )
        .into_bytes(),
        vec![b'a'; wechat_doc::MAX_PAGE_BYTES + 1],
    ];
    for (case, input) in hostile.iter().enumerate() {
        let check = || Ok(wechat_doc::read_bytes(input).is_ok());
        try_input("hostile page", case, input, check, &mut failures);
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
