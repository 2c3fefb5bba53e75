//! Mutations of text files (spec YAML, doc pages) at the byte and line level.

use super::{known_defects_tried, KnownDefect, Rng};

/// Snippets that mean something to YAML or Markdown parsers.
const SPECIALS: &[&str] = &[
    "&a ",
    "*a",
    "!!binary ",
    "!tag ",
    "? ",
    "- ",
    ": ",
    ":",
    "|",
    ">-",
    "---",
    "...",
    "%YAML 1.2",
    "'",
    "\"",
    "# ",
    "{",
    "}",
    "[",
    "]",
    "\t",
    ",",
    "~",
    "null",
    "<<: *a",
    "```",
    "```json",
    "| --- | --- |",
    "POST https://api.weixin.qq.com/x?access_token=A",
    "\\",
    "\r",
    "\u{feff}",
    "😀",
    "\u{0}",
];

/// Bytes that are not UTF-8 on their own: a lone continuation byte, a truncated sequence, an
/// encoded surrogate, an overlong encoding.
const NOT_UTF8: &[&[u8]] = &[
    b"\xff",
    b"\x80",
    b"\xc3",
    b"\xe4\xb8",
    b"\xed\xa0\x80",
    b"\xc0\xaf",
];

/// What a huge line repeats: plain text, keys, table cells, brackets, wide characters.
const HUGE_LINE_UNITS: &[&[u8]] = &[b"x", b"a: ", b"| x ", b"[", "中".as_bytes()];

/// Applies one to three random mutations to `bytes`: byte flips, truncation, deleted,
/// duplicated or swapped lines, indentation changes, deep nesting, huge lines, bytes that are
/// not UTF-8, and snippets parsers treat specially. Mutations that hit the known defects in
/// `skip` are left out (unless [`super::KNOWN_DEFECTS_VAR`] is set).
pub fn mutate_text(bytes: &[u8], rng: &mut Rng, skip: &[KnownDefect]) -> Vec<u8> {
    let mut lines: Vec<Vec<u8>> = bytes.split(|b| *b == b'\n').map(<[u8]>::to_vec).collect();
    let deep = !skip.contains(&KnownDefect::DeepBlockNesting) || known_defects_tried();
    for _ in 0..1 + rng.below(3) {
        mutate_lines(&mut lines, rng, deep);
    }
    lines.join(&b'\n')
}

fn mutate_lines(lines: &mut Vec<Vec<u8>>, rng: &mut Rng, deep: bool) {
    let len = lines.len();
    let i = rng.below(len);
    match rng.below(12) {
        0 => {
            let line = &mut lines[i];
            if !line.is_empty() {
                let at = rng.below(line.len());
                line[at] ^= 1 << rng.below(8);
            }
        }
        1 => {
            // Truncation: the file ends inside this line.
            let cut = rng.below(lines[i].len() + 1);
            lines[i].truncate(cut);
            lines.truncate(i + 1);
        }
        2 => {
            let end = (i + 1 + rng.below(5)).min(len);
            lines.drain(i..end);
        }
        3 => {
            let end = (i + 1 + rng.below(5)).min(len);
            let copy: Vec<Vec<u8>> = lines[i..end].to_vec();
            let at = rng.below(lines.len() + 1);
            lines.splice(at..at, copy);
        }
        4 => lines.swap(i, rng.below(len)),
        5 => {
            // Indentation: lines shifted in or out, or a tab in the indent.
            let end = (i + 1 + rng.below(8)).min(len);
            let shift = rng.below(4) + 1;
            let mode = rng.below(3);
            for line in &mut lines[i..end] {
                match mode {
                    0 => line
                        .splice(0..0, std::iter::repeat_n(b' ', shift))
                        .for_each(drop),
                    1 => {
                        let spaces = line.iter().take_while(|b| **b == b' ').count().min(shift);
                        line.drain(..spaces);
                    }
                    _ => line.insert(0, b'\t'),
                }
            }
        }
        6 => lines.insert(i, deep_nesting(rng, deep)),
        7 => {
            let size = [1_000, 20_000, 200_000][rng.below(3)];
            let unit = *rng.pick(HUGE_LINE_UNITS);
            lines.insert(i, unit.repeat(size / unit.len()));
        }
        8 => {
            let line = &mut lines[i];
            let at = rng.below(line.len() + 1);
            line.splice(at..at, rng.pick(NOT_UTF8).iter().copied())
                .for_each(drop);
        }
        9 => {
            let line = &mut lines[i];
            let at = rng.below(line.len() + 1);
            line.splice(at..at, rng.pick(SPECIALS).bytes())
                .for_each(drop);
        }
        10 => {
            let copy = lines[rng.below(len)].clone();
            lines.insert(i, copy);
        }
        _ => {
            let line = &mut lines[i];
            if !line.is_empty() {
                let at = rng.below(line.len());
                line.remove(at);
            }
        }
    }
    if lines.is_empty() {
        lines.push(Vec::new());
    }
}

/// A line of deeply nested brackets, or lines of deeply nested block mappings or lists; with
/// `deep`, at times thousands of levels.
fn deep_nesting(rng: &mut Rng, deep: bool) -> Vec<u8> {
    let depths: &[usize] = if deep {
        &[10, 65, 300, 3_000]
    } else {
        &[10, 65, 300]
    };
    let depth = *rng.pick(depths);
    match rng.below(3) {
        0 => {
            let (open, close) = if rng.one_in(2) {
                ("[", "]")
            } else {
                ("{a: ", "}")
            };
            format!("{}{}", open.repeat(depth), close.repeat(depth)).into_bytes()
        }
        1 => (0..depth)
            .map(|d| format!("{}a:", " ".repeat(d)))
            .collect::<Vec<_>>()
            .join("\n")
            .into_bytes(),
        _ => (0..depth)
            .map(|d| format!("{}-", " ".repeat(2 * d)))
            .collect::<Vec<_>>()
            .join("\n")
            .into_bytes(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_mutations_are_deterministic_and_varied() {
        let text = b"a: 1\nb:\n  - x\n  - y\nc: {d: [1, 2]}\n";
        let run = |seed| {
            let mut rng = Rng::new(seed);
            (0..100)
                .map(|_| mutate_text(text, &mut rng, &[]))
                .collect::<Vec<_>>()
        };
        let first = run(5);
        assert_eq!(first, run(5));
        assert!(
            first.iter().any(|t| std::str::from_utf8(t).is_err()),
            "some are not UTF-8"
        );
        assert!(
            first.iter().any(|t| t.len() > 10_000),
            "some have huge lines"
        );
        assert!(
            first.iter().any(|t| t.len() < text.len()),
            "some are shorter"
        );
    }
}
