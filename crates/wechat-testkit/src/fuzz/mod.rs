//! Seeded, bounded mutation testing: a small deterministic PRNG, mutations of JSON documents
//! ([`JsonMutator`]) and of text files ([`mutate_text`]), and the round-trip property the
//! generated `tests/properties.rs` check on every doc example ([`assert_mutations_round_trip`]).
//!
//! Every run is reproducible: the seed is fixed ([`DEFAULT_SEED`]) unless [`SEED_VAR`] sets
//! another, and each input mixes its own name into it. CI runs [`DEFAULT_CASES`] mutations per
//! doc example; [`CASES_VAR`] raises that for longer runs (`cargo xtask fuzz`), and every other
//! fuzz test scales its own count by the same factor.

mod json;
mod property;
mod text;

use std::path::PathBuf;

pub use json::JsonMutator;
pub use property::{assert_mutations_round_trip, assert_mutations_round_trip_with, panic_message};
pub use text::mutate_text;

/// The seed of every fuzz test unless [`SEED_VAR`] names another.
pub const DEFAULT_SEED: u64 = 0x5eed_0018;

/// Mutations per doc example in CI.
pub const DEFAULT_CASES: usize = 200;

/// The environment variable that sets the mutations per doc example (default [`DEFAULT_CASES`]).
pub const CASES_VAR: &str = "WECHAT_FUZZ_CASES";

/// The environment variable that sets the seed (decimal or `0x` hex; default [`DEFAULT_SEED`]).
pub const SEED_VAR: &str = "WECHAT_FUZZ_SEED";

/// The environment variable that, set to `0`, leaves out the mutations that hit the defects
/// [`KnownDefect`] names. They are all fixed now and tried by default; the switch stays so that
/// a defect found later can be recorded, and left out, until it is fixed.
pub const KNOWN_DEFECTS_VAR: &str = "WECHAT_FUZZ_KNOWN_DEFECTS";

/// Whether the mutations that hit known defects are tried (unless [`KNOWN_DEFECTS_VAR`] is `0`).
pub fn known_defects_tried() -> bool {
    std::env::var(KNOWN_DEFECTS_VAR).map_or(true, |v| v.trim() != "0")
}

/// The line prefix of the counts each fuzz test prints (`cargo xtask fuzz` adds them up).
pub const REPORT_PREFIX: &str = "wechat-fuzz:";

/// Mutations that hit a defect found by these tests, left out when [`KNOWN_DEFECTS_VAR`] is `0`.
/// All four below were found, then fixed (floats re-encode as written, a duplicated content key
/// and a tag after its content are decode errors or decode the same way, the spec loader bounds
/// nesting); they are tried by default.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KnownDefect {
    /// Issue 18, item 4: serde_json is built without `float_roundtrip`, so some doubles
    /// (`9007199254740993000000000`, and about one shortest-form double in ten) read back one
    /// unit in the last place off after a round trip. Left out of every test.
    FloatDrift,
    /// Issue 18, item 4: a tagged union (a card) whose content key appears twice decodes as
    /// its `Unknown` variant keeping only one copy; re-encoded, it decodes as a known variant
    /// or not at all. Left out of the tests of types that contain a tagged union.
    DuplicateUnionKey,
    /// A tagged union whose tag (the field named here) comes after its content decodes a
    /// content that does not fit the tag's type as its `Unknown` variant, but the same JSON
    /// with the tag first (as it re-encodes) is an error, or decodes to another value (a
    /// `null` field dropped). Left out by keeping the tag first.
    TagAfterContent(&'static str),
    /// Issue 18: the spec loader builds its YAML tree recursively, so block mappings or lists
    /// nested a thousand levels deep overflow a test thread's stack (an abort, not an error).
    /// Left out of the spec loader's tests by nesting at most 300 levels.
    DeepBlockNesting,
}

/// A small deterministic generator (SplitMix64): the same seed gives the same inputs on every
/// machine, so a failure reproduces from its seed alone.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator starting from `seed`.
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// The generator of the input called `name`: the run's [`seed`] mixed with the name, so that
    /// inputs do not share a sequence and adding one does not change the others'.
    pub fn for_input(name: &str) -> Self {
        // FNV-1a: stable across Rust versions, unlike the standard hasher.
        let hash = name.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
        Rng(seed() ^ hash)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        (self.next_u64() % n as u64) as usize
    }

    /// True one time in `n`.
    pub fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }

    /// One of `items` (which must not be empty).
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// The run's seed: [`SEED_VAR`] if set and valid, else [`DEFAULT_SEED`].
pub fn seed() -> u64 {
    let Ok(text) = std::env::var(SEED_VAR) else {
        return DEFAULT_SEED;
    };
    let text = text.trim();
    let parsed = match text.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16).ok(),
        None => text.parse().ok(),
    };
    parsed.unwrap_or(DEFAULT_SEED)
}

/// How many inputs a fuzz test whose CI count is `ci_default` tries: `ci_default`, scaled by
/// [`CASES_VAR`] relative to [`DEFAULT_CASES`] when it is set (at least 1).
pub fn cases(ci_default: usize) -> usize {
    let set = std::env::var(CASES_VAR)
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok());
    match set {
        Some(n) => (n.saturating_mul(ci_default) / DEFAULT_CASES).max(1),
        None => ci_default,
    }
}

/// Prints what a fuzz test tried, as one line `cargo xtask fuzz` reads (shown by `cargo test`
/// with `--nocapture`).
pub fn report(kind: &str, name: &str, tried: usize, accepted: usize) {
    println!("{REPORT_PREFIX} {kind} {name}: tried {tried}, accepted {accepted}");
}

/// Saves a failing input under the system's temporary directory and returns its path, so that
/// a failure message can name a file to reproduce it with.
pub fn save_input(name: &str, case: usize, bytes: &[u8]) -> PathBuf {
    write_input(
        &format!("{}-seed{:x}-case{case}", file_name(name), seed()),
        bytes,
    )
}

/// Writes the input `name` is about to try to `<tmp>/wechat-fuzz/<name>-current`, so that a
/// crash no test can catch (a stack overflow aborts the process) leaves its input behind.
pub fn save_current(name: &str, bytes: &[u8]) -> PathBuf {
    write_input(&format!("{}-current", file_name(name)), bytes)
}

fn file_name(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

fn write_input(file: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join("wechat-fuzz");
    let path = dir.join(file);
    // A failure is reported whether or not its input could be saved.
    let _ = std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&path, bytes));
    path
}

/// `text` cut to at most `max` bytes (on a character boundary), marked when cut.
pub(crate) fn shorten(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_owned();
    }
    let mut cut = max;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}... ({} bytes in all)", &text[..cut], text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generator_is_deterministic_and_spreads() {
        let mut a = Rng::new(1);
        let mut b = Rng::new(1);
        let first: Vec<u64> = (0..8).map(|_| a.next_u64()).collect();
        assert_eq!(first, (0..8).map(|_| b.next_u64()).collect::<Vec<_>>());
        let mut seen = [false; 10];
        for _ in 0..200 {
            seen[a.below(10)] = true;
        }
        assert!(seen.iter().all(|s| *s), "every value below 10 comes up");
        assert_eq!(a.below(0), 0);
    }

    #[test]
    fn shorten_cuts_on_a_character_boundary() {
        assert_eq!(shorten("abc", 5), "abc");
        assert_eq!(shorten("é€x", 3), "é... (6 bytes in all)");
    }
}
