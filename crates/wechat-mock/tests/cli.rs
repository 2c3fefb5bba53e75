//! The command: `wechat-mock --port 0` serves the embedded spec and prints where.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};

fn get(url: &str, target: &str, header: &str) -> String {
    let address = url.trim_start_matches("http://");
    let mut stream = TcpStream::connect(address).expect("connect");
    write!(
        stream,
        "GET {target} HTTP/1.1\r\nHost: {address}\r\n{header}Connection: close\r\n\r\n"
    )
    .expect("send");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("read");
    answer
}

#[test]
fn the_command_serves_the_spec_with_faults() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_wechat-mock"))
        .args(["--port", "0", "--token-expiry-calls", "5"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("start wechat-mock");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("first line");
    let url = line
        .split_whitespace()
        .find(|word| word.starts_with("http://"))
        .unwrap_or_else(|| panic!("no URL in {line:?}"))
        .to_owned();
    let path = "/union/promoter/target/apply_status?planId=1&access_token=mock-access-token";
    let ok = get(&url, path, "");
    let busy = get(&url, path, "x-wechat-mock-fault: busy\r\n");
    let unknown = get(&url, "/nowhere", "");
    let bad_fault = get(&url, path, "x-wechat-mock-fault: meteor\r\n");
    let _ = child.kill();
    let _ = child.wait();
    assert!(ok.starts_with("HTTP/1.1 200"), "{ok}");
    assert!(ok.contains(r#""errcode":0"#), "{ok}");
    assert!(busy.contains(r#""errcode":-1"#), "{busy}");
    assert!(unknown.starts_with("HTTP/1.1 404"), "{unknown}");
    assert!(
        bad_fault.starts_with("HTTP/1.1 400") && bad_fault.contains("meteor"),
        "{bad_fault}"
    );
}

#[test]
fn bad_arguments_are_refused_with_usage() {
    let output = Command::new(env!("CARGO_BIN_EXE_wechat-mock"))
        .args(["--fault", "meteor"])
        .output()
        .expect("run wechat-mock");
    assert_eq!(output.status.code(), Some(2));
    let text = String::from_utf8_lossy(&output.stderr);
    assert!(
        text.contains("unknown fault `meteor`") && text.contains("usage"),
        "{text}"
    );
}
