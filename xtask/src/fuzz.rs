//! `cargo xtask fuzz --minutes N [--debug]`: the seeded fuzz tests (every generated crate's
//! `tests/properties.rs` and the workspace's `hostile_input`) run in rounds until the time is
//! up, each round with the next seed and, up to a limit, twice the cases of the last. It
//! builds the tests once, in release mode unless `--debug` (ten times the inputs a second,
//! for a first build of a few minutes that is not counted in N), runs their binaries itself (so that it can stop them at the
//! deadline), prints each round's inputs tried and failures, and keeps every round's output
//! under `target/fuzz/`. Exits 1 if any round failed.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// The seed of the first round; each round takes the next (CI's fixed seed is another).
const FIRST_SEED: u64 = 1;

/// Mutations per doc example in the first round (what CI runs).
const FIRST_CASES: u64 = 200;

/// Rounds stop doubling their cases here, so that one round stays a few minutes at most.
const MAX_CASES: u64 = 12_800;

const USAGE: &str = "usage: cargo xtask fuzz --minutes <N> [--debug]";

/// A test binary to run, with the directory cargo would run it in.
struct TestBinary {
    name: String,
    path: PathBuf,
    dir: PathBuf,
}

/// What one run of a test binary did.
#[derive(Default)]
struct Outcome {
    tried: u64,
    accepted: u64,
    failed_tests: Vec<String>,
    stopped: bool,
    /// How the binary failed other than by failing tests (a crash).
    error: Option<String>,
    /// Why it could not run at all: fuzzing stops rather than spin through empty rounds.
    fatal: Option<String>,
}

pub fn main(root: &Path, args: &[&str]) -> ExitCode {
    let (minutes, release) = match parse_args(args) {
        Ok(parsed) => parsed,
        Err(message) => {
            eprintln!("{message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let binaries = match build(root, release) {
        Ok(binaries) => binaries,
        Err(message) => {
            eprintln!("cannot build the fuzz tests: {message}");
            return ExitCode::FAILURE;
        }
    };
    let log_dir = root.join("target").join("fuzz");
    if let Err(err) = std::fs::create_dir_all(&log_dir) {
        eprintln!("{}: {err}", log_dir.display());
        return ExitCode::FAILURE;
    }
    let deadline = Instant::now() + Duration::from_secs_f64(minutes * 60.0);
    println!(
        "fuzzing for {minutes} minutes ({} build): {}",
        if release { "release" } else { "debug" },
        binaries
            .iter()
            .map(|b| b.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );
    let (mut tried, mut accepted, mut failures, mut round) = (0, 0, Vec::new(), 0u32);
    while Instant::now() < deadline {
        let seed = FIRST_SEED + u64::from(round);
        let cases = FIRST_CASES
            .saturating_mul(1 << round.min(16))
            .min(MAX_CASES);
        let started = Instant::now();
        let (mut round_tried, mut round_accepted, mut round_failures) = (0, 0, Vec::new());
        let mut stopped = false;
        for binary in &binaries {
            let log = log_dir.join(format!("round{round}-{}", binary.name.replace('/', "-")));
            let outcome = run(binary, seed, cases, &log, deadline);
            if let Some(fatal) = outcome.fatal {
                eprintln!("{}: {fatal}", binary.name);
                return ExitCode::FAILURE;
            }
            round_tried += outcome.tried;
            round_accepted += outcome.accepted;
            for test in &outcome.failed_tests {
                round_failures.push(format!(
                    "{} {test} (WECHAT_FUZZ_SEED={seed} WECHAT_FUZZ_CASES={cases}; output in {}.out and .err)",
                    binary.name,
                    log.display()
                ));
            }
            if let Some(error) = outcome.error {
                round_failures.push(format!("{}: {error}", binary.name));
            }
            if outcome.stopped {
                stopped = true;
                break;
            }
        }
        println!(
            "round {round}: seed {seed}, {cases} cases per example: {round_tried} inputs tried ({round_accepted} decoded, loaded or read), {} failures, {:.1} s{}",
            round_failures.len(),
            started.elapsed().as_secs_f64(),
            if stopped { ", stopped at the deadline" } else { "" }
        );
        for failure in &round_failures {
            println!("  FAILED: {failure}");
        }
        tried += round_tried;
        accepted += round_accepted;
        failures.extend(round_failures);
        round += 1;
    }
    println!(
        "fuzzing done: {round} rounds, {tried} inputs tried ({accepted} decoded, loaded or read), {} failures",
        failures.len()
    );
    if failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn parse_args(args: &[&str]) -> Result<(f64, bool), String> {
    let (mut minutes, mut release) = (None, true);
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match *arg {
            "--minutes" => {
                let value = args.next().ok_or("--minutes needs a number")?;
                let parsed: f64 = value
                    .parse()
                    .map_err(|_| format!("bad minutes `{value}`"))?;
                if !(parsed > 0.0 && parsed <= 24.0 * 60.0) {
                    return Err(format!(
                        "minutes must be above 0 and at most a day: `{value}`"
                    ));
                }
                minutes = Some(parsed);
            }
            "--debug" => release = false,
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok((minutes.ok_or("--minutes is required")?, release))
}

/// The packages with a generated `tests/properties.rs`, by directory name (the package's).
fn property_packages(root: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for parent in ["crates", "tests/fixtures/crates"] {
        let Ok(entries) = std::fs::read_dir(root.join(parent)) else {
            continue;
        };
        for entry in entries.flatten() {
            if entry.path().join("tests/properties.rs").is_file() {
                found.push(entry.file_name().to_string_lossy().into_owned());
            }
        }
    }
    found.sort();
    found
}

/// Builds the fuzz tests and returns their binaries.
fn build(root: &Path, release: bool) -> Result<Vec<TestBinary>, String> {
    let packages = property_packages(root);
    if packages.is_empty() {
        return Err("no generated crate has tests/properties.rs".to_owned());
    }
    let mut groups: Vec<(Vec<String>, &str)> = vec![(packages, "properties")];
    groups.push((vec!["wechat-workspace-tests".to_owned()], "hostile_input"));
    let mut binaries = Vec::new();
    for (packages, test) in groups {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
        let mut command = Command::new(cargo);
        command.current_dir(root).args([
            "test",
            "--no-run",
            "--message-format=json",
            "--test",
            test,
        ]);
        if release {
            command.arg("--release");
        }
        for package in &packages {
            command.args(["-p", package]);
        }
        let output = command
            .stderr(Stdio::inherit())
            .output()
            .map_err(|e| format!("cannot run cargo: {e}"))?;
        if !output.status.success() {
            return Err(format!("cargo test --no-run failed ({})", output.status));
        }
        let stdout = String::from_utf8_lossy(&output.stdout);
        binaries.extend(stdout.lines().filter_map(test_binary));
    }
    Ok(binaries)
}

/// The test binary a line of cargo's JSON messages announces, if it announces one.
fn test_binary(line: &str) -> Option<TestBinary> {
    let message: Value = serde_json::from_str(line).ok()?;
    if message["reason"] != "compiler-artifact" || !message["profile"]["test"].as_bool()? {
        return None;
    }
    let path = PathBuf::from(message["executable"].as_str()?);
    let dir = Path::new(message["manifest_path"].as_str()?)
        .parent()?
        .to_owned();
    let package = dir.file_name()?.to_string_lossy().into_owned();
    let test = message["target"]["name"].as_str()?;
    Some(TestBinary {
        name: format!("{package}/{test}"),
        path,
        dir,
    })
}

/// Runs `binary` with the round's seed and cases, its output going to `log` (`.out`, `.err`),
/// killing it at `deadline`.
fn run(binary: &TestBinary, seed: u64, cases: u64, log: &Path, deadline: Instant) -> Outcome {
    let mut outcome = Outcome::default();
    let (out_path, err_path) = (log.with_extension("out"), log.with_extension("err"));
    let files = File::create(&out_path).and_then(|out| Ok((out, File::create(&err_path)?)));
    let (out, err) = match files {
        Ok(files) => files,
        Err(e) => {
            outcome.fatal = Some(format!("cannot write {}: {e}", log.display()));
            return outcome;
        }
    };
    let child = Command::new(&binary.path)
        .current_dir(&binary.dir)
        .args(["--nocapture", "--test-threads", "2"])
        .env("WECHAT_FUZZ_SEED", seed.to_string())
        .env("WECHAT_FUZZ_CASES", cases.to_string())
        .env("RUST_BACKTRACE", "0")
        .stdout(out)
        .stderr(err)
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(e) => {
            outcome.fatal = Some(format!("cannot run {}: {e}", binary.path.display()));
            return outcome;
        }
    };
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if Instant::now() >= deadline => {
                // Our own child, by its id: the round is cut short, not failed.
                let _ = child.kill();
                let _ = child.wait();
                outcome.stopped = true;
                break None;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(100)),
            Err(e) => {
                outcome.fatal = Some(format!("lost {}: {e}", binary.path.display()));
                break None;
            }
        }
    };
    let stdout = std::fs::read_to_string(&out_path).unwrap_or_default();
    for line in stdout.lines() {
        if let Some((tried, accepted)) = report_counts(line) {
            outcome.tried += tried;
            outcome.accepted += accepted;
        }
        if let Some(test) = line
            .strip_prefix("test ")
            .and_then(|l| l.strip_suffix(" ... FAILED"))
        {
            outcome.failed_tests.push(test.to_owned());
        }
    }
    if let Some(status) = status.filter(|s| !s.success()) {
        if outcome.failed_tests.is_empty() {
            // A crash (a stack overflow aborts) names no test: say how it ended.
            outcome.error = Some(format!(
                "exited with {status}; output in {} and {}",
                out_path.display(),
                err_path.display()
            ));
        }
    }
    outcome
}

/// The counts of a `wechat-fuzz: <kind> <name>: tried N, accepted M` line.
fn report_counts(line: &str) -> Option<(u64, u64)> {
    let rest = line.strip_prefix("wechat-fuzz: ")?;
    let (_, counts) = rest.rsplit_once(": tried ")?;
    let (tried, accepted) = counts.split_once(", accepted ")?;
    Some((tried.trim().parse().ok()?, accepted.trim().parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_lines_are_counted() {
        let line = "wechat-fuzz: round-trip get_card_discount: tried 200, accepted 84";
        assert_eq!(report_counts(line), Some((200, 84)));
        let name_with_colon = "wechat-fuzz: spec-loader spec/a: b.yaml: tried 40, accepted 1";
        assert_eq!(report_counts(name_with_colon), Some((40, 1)));
        assert_eq!(report_counts("test x ... ok"), None);
    }

    #[test]
    fn arguments_need_positive_minutes() {
        assert_eq!(parse_args(&["--minutes", "3"]), Ok((3.0, true)));
        assert_eq!(
            parse_args(&["--debug", "--minutes", "0.5"]),
            Ok((0.5, false))
        );
        assert!(parse_args(&["--minutes", "0"]).is_err());
        assert!(parse_args(&["--minutes", "NaN"]).is_err());
        assert!(parse_args(&[]).is_err());
        assert!(parse_args(&["--minutes", "1", "--fast"]).is_err());
    }
}
