//! Bad input gives a clear error, and no input makes the reader panic.

use wechat_doc::{read_bytes, read_page, ReadError, MAX_PAGE_BYTES};

const FIXTURES: [&str; 6] = [
    include_str!("fixtures/current_zh.md"),
    include_str!("fixtures/current_en.md"),
    include_str!("fixtures/seed_spaces.txt"),
    include_str!("fixtures/seed_markdown.txt"),
    include_str!("fixtures/seed_flattened.txt"),
    include_str!("fixtures/seed_overview.txt"),
];

#[test]
fn not_utf8_names_the_offset() {
    let mut bytes = b"# Title\nPOST https://api.weixin.qq.com/a/b\n".to_vec();
    bytes.insert(10, 0xff);
    assert_eq!(read_bytes(&bytes), Err(ReadError::NotUtf8 { offset: 10 }));
    let message = ReadError::NotUtf8 { offset: 10 }.to_string();
    assert!(
        message.contains("not UTF-8") && message.contains("offset 10"),
        "{message}"
    );
}

#[test]
fn too_large_is_refused_before_reading() {
    let bytes = vec![b'a'; MAX_PAGE_BYTES + 1];
    assert_eq!(
        read_bytes(&bytes),
        Err(ReadError::TooLarge {
            size: MAX_PAGE_BYTES + 1,
            limit: MAX_PAGE_BYTES
        })
    );
}

#[test]
fn a_page_without_an_address_has_no_endpoint() {
    assert_eq!(read_page(""), Err(ReadError::NoEndpoint));
    assert_eq!(
        read_page("# Just prose\n\nNothing here.\n"),
        Err(ReadError::NoEndpoint)
    );
    let only_tables = "| a | b |\n| --- | --- |\n| x | y |\n";
    assert_eq!(read_page(only_tables), Err(ReadError::NoEndpoint));
    assert!(ReadError::NoEndpoint.to_string().contains("no endpoint"));
}

/// A small deterministic generator, so that failures reproduce.
fn lcg(seed: &mut u64) -> u64 {
    *seed = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    *seed >> 33
}

#[test]
fn garbage_and_truncated_pages_do_not_panic() {
    // Every prefix of every fixture (cut on a character boundary).
    for text in FIXTURES {
        for (cut, _) in text.char_indices().step_by(7) {
            let _ = read_page(&text[..cut]);
        }
    }
    // Random bytes, and random mixes of the pages' own lines.
    let mut seed = 7;
    let lines: Vec<&str> = FIXTURES.iter().flat_map(|t| t.lines()).collect();
    for _ in 0..300 {
        let bytes: Vec<u8> = (0..lcg(&mut seed) % 400)
            .map(|_| lcg(&mut seed) as u8)
            .collect();
        let _ = read_bytes(&bytes);
        let mixed: Vec<&str> = (0..lcg(&mut seed) % 60)
            .map(|_| lines[lcg(&mut seed) as usize % lines.len()])
            .collect();
        let _ = read_page(&mixed.join("\n"));
    }
}

#[test]
fn huge_lines_and_deep_nesting_do_not_panic() {
    let address = "POST https://api.weixin.qq.com/a/b?access_token=ACCESS_TOKEN\n";
    let cases = [
        "{".repeat(200_000),
        "[".repeat(200_000),
        format!("{address}```\n{}\n```\n", "[".repeat(100_000)),
        format!("{address}{}\n", "{\"a\":".repeat(50_000)),
        format!(
            "{address}parameter type Introductions\n{} string x\n",
            "a.".repeat(100_000)
        ),
        format!(
            "{address}{}\n",
            "Structure of a\n\nattribute type Introductions\na object x\n\n".repeat(2_000)
        ),
        format!("{address}{}\n", "x string(12) ".repeat(50_000)),
        format!("{address}| {} |\n| --- |\n", "a | ".repeat(50_000)),
        format!("{address}\"{}", "\\".repeat(10_000)),
        format!("{address}{{\n{}}}\n", "\"k\": 1\n".repeat(50_000)),
        format!("{address}{}", "[x](\n".repeat(50_000)),
    ];
    for case in &cases {
        let _ = read_page(case);
    }
}
