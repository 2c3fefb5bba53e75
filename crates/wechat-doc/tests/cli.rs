//! `wechat-doc read`: JSON on stdout, a summary on stderr, exit 2 on bad input.

use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_wechat-doc"))
}

#[test]
fn read_prints_the_model_as_json_and_a_summary() {
    let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/current_zh.md");
    let out = bin().args(["read", fixture]).output().expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(json["endpoints"][0]["path"], "/wxa/garden/get");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("1 unplaced line(s)"), "{stderr}");
    assert!(stderr.contains("unplaced line 38"), "{stderr}");
}

#[test]
fn bad_input_exits_2_with_a_clear_message() {
    let dir = std::env::temp_dir().join(format!("wechat-doc-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let binary = dir.join("page.bin");
    std::fs::write(&binary, [b'#', b' ', 0xff, 0xfe]).expect("write");
    let out = bin().arg("read").arg(&binary).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("not UTF-8 text (invalid byte at offset 2)")
    );

    let prose = dir.join("prose.md");
    std::fs::write(&prose, "# Nothing\n\nNo address here.\n").expect("write");
    let out = bin().arg("read").arg(&prose).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("names no endpoint"));

    let out = bin()
        .arg("read")
        .arg(dir.join("missing.md"))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let out = bin().output().expect("runs");
    assert_eq!(out.status.code(), Some(2), "no arguments: usage");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn several_pages_give_an_array_of_page_and_model() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/");
    let pages = ["current_en.md", "seed_spaces.txt"].map(|p| format!("{dir}{p}"));
    let out = bin().arg("read").args(&pages).output().expect("runs");
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let paths: Vec<_> = json
        .as_array()
        .expect("an array")
        .iter()
        .map(|p| {
            p["model"]["endpoints"][0]["path"]
                .as_str()
                .unwrap_or_default()
        })
        .collect();
    assert_eq!(paths, ["/sns/garden_login", "/garden/plant"]);
    assert_eq!(json[1]["page"], pages[1].as_str());
}
