//! The mock under hostile HTTP (issue 18): slow headers, huge and broken bodies, more
//! connections than it serves at once, and the file-descriptor limit. It must keep its memory
//! and its connections bounded, answer what it refuses with a clear status, and keep answering.
//! Every wait here is a hang guard, not a timing expectation.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use wechat_mock::{Config, Limits, Server, ACCESS_TOKEN};

const GUARD: Duration = Duration::from_secs(20);

fn start(limits: Limits) -> Server {
    let config = Config {
        limits,
        ..Config::default()
    };
    Server::start_with(config, "127.0.0.1:0".parse().expect("addr")).expect("mock")
}

fn connect(addr: SocketAddr) -> TcpStream {
    let stream = TcpStream::connect(addr).expect("connect");
    stream.set_read_timeout(Some(GUARD)).expect("timeout");
    stream
}

/// Everything the server sends until it closes the connection (or resets it).
fn read_all(stream: &mut TcpStream) -> String {
    let mut answer = Vec::new();
    let mut buf = [0; 4096];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => answer.extend_from_slice(&buf[..n]),
            Err(err) if err.kind() == std::io::ErrorKind::ConnectionReset => break,
            Err(err) => panic!("the server neither answered nor closed: {err}"),
        }
    }
    String::from_utf8_lossy(&answer).into_owned()
}

/// A good request, answered in full.
fn good_request(addr: SocketAddr) -> String {
    let mut stream = connect(addr);
    write!(
        stream,
        "GET /union/promoter/target/apply_status?planId=1&access_token={ACCESS_TOKEN} HTTP/1.1\r\n\
         Host: {addr}\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    read_all(&mut stream)
}

fn post_head(addr: SocketAddr, length: Option<usize>) -> String {
    let length = match length {
        Some(n) => format!("Content-Length: {n}\r\n"),
        None => "Transfer-Encoding: chunked\r\n".to_owned(),
    };
    format!(
        "POST /card/get?access_token={ACCESS_TOKEN} HTTP/1.1\r\nHost: {addr}\r\n\
         Content-Type: application/json\r\n{length}\r\n"
    )
}

/// This process's resident memory, in bytes (Linux).
fn resident() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

#[test]
fn slow_headers_are_cut_off_and_open_connections_stay_bounded() {
    let server = start(
        Limits::default()
            .header_timeout(Duration::from_millis(300))
            .max_connections(32),
    );
    let addr = server.addr();
    let mut slow: Vec<TcpStream> = (0..80)
        .map(|_| {
            let mut stream = connect(addr);
            // Headers that never end.
            stream
                .write_all(b"GET /cgi-bin/token HTTP/1.1\r\nHost: slow\r\n")
                .expect("send");
            stream
        })
        .collect();
    for _ in 0..10 {
        assert!(server.open_connections() <= 32, "bounded connections");
        std::thread::sleep(Duration::from_millis(20));
    }
    let answer = good_request(addr);
    assert!(
        answer.starts_with("HTTP/1.1 200"),
        "still answering: {answer}"
    );
    for stream in &mut slow {
        let rest = read_all(stream);
        assert!(!rest.contains("200 OK"), "{rest}");
    }
    // The server closes its side just after the clients see EOF: wait for the count to settle
    // (bounded, so a leak still fails).
    let settled = (0..100).any(|_| {
        std::thread::sleep(Duration::from_millis(20));
        server.open_connections() <= 1
    });
    assert!(
        settled,
        "{} connections left open",
        server.open_connections()
    );
}

#[test]
fn a_body_over_the_limit_is_answered_413_and_memory_stays_bounded() {
    let server = start(Limits::default().max_body_bytes(64 * 1024));
    let addr = server.addr();

    // Announced: refused at once, nothing read.
    let mut stream = connect(addr);
    stream
        .write_all(post_head(addr, Some(100 << 20)).as_bytes())
        .expect("send");
    let answer = read_all(&mut stream);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("request body too large"), "{answer}");

    // Not announced: cut off once over the limit. Four 100 MB bodies at once.
    let before = resident();
    let senders: Vec<_> = (0..4)
        .map(|_| {
            std::thread::spawn(move || {
                let mut stream = connect(addr);
                let mut reader = stream.try_clone().expect("clone");
                let answer = std::thread::spawn(move || read_all(&mut reader));
                stream
                    .write_all(post_head(addr, None).as_bytes())
                    .expect("send");
                let chunk = format!("{:x}\r\n{}\r\n", 64 * 1024, "x".repeat(64 * 1024));
                let mut sent = 0usize;
                while sent < 100 << 20 {
                    if stream.write_all(chunk.as_bytes()).is_err() {
                        break;
                    }
                    sent += 64 * 1024;
                }
                let _ = stream.shutdown(std::net::Shutdown::Write);
                (sent, answer.join().expect("reader"))
            })
        })
        .collect();
    for sender in senders {
        let (sent, answer) = sender.join().expect("sender");
        assert!(sent < 100 << 20, "the server read all {sent} bytes");
        assert!(
            answer.is_empty() || answer.starts_with("HTTP/1.1 413"),
            "{answer}"
        );
    }
    if let (Some(before), Some(after)) = (before, resident()) {
        let grown = after.saturating_sub(before);
        assert!(grown < 64 << 20, "memory grew by {grown} bytes");
    }
    let answer = good_request(addr);
    assert!(
        answer.starts_with("HTTP/1.1 200"),
        "still answering: {answer}"
    );
}

#[test]
fn a_body_that_breaks_off_is_a_400_not_an_empty_body() {
    let server = start(Limits::default());
    let addr = server.addr();
    let mut stream = connect(addr);
    stream
        .write_all(post_head(addr, Some(1000)).as_bytes())
        .expect("send");
    stream.write_all(br#"{"card_id":"#).expect("send");
    stream
        .shutdown(std::net::Shutdown::Write)
        .expect("half-close");
    let answer = read_all(&mut stream);
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    assert!(answer.contains("cannot read the request body"), "{answer}");
}

#[test]
fn a_body_that_trickles_is_a_408() {
    let server = start(Limits::default().body_timeout(Duration::from_millis(300)));
    let addr = server.addr();
    let mut stream = connect(addr);
    stream
        .write_all(post_head(addr, Some(1000)).as_bytes())
        .expect("send");
    stream.write_all(b"{").expect("send");
    let answer = read_all(&mut stream);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
}

/// User and system CPU time of process `pid`, in clock ticks (Linux).
fn cpu_ticks(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the command name, which is in parentheses and may hold spaces.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    Some(fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?)
}

#[test]
fn at_the_descriptor_limit_the_server_backs_off_and_recovers() {
    if !std::path::Path::new("/proc/self/stat").exists() {
        return;
    }
    // The binary with few file descriptors, so that accepting fails with EMFILE.
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -n 40 && exec {} --port 0",
            env!("CARGO_BIN_EXE_wechat-mock")
        ))
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
        .unwrap_or_else(|| panic!("no URL in {line:?}"));
    let addr: SocketAddr = url.trim_start_matches("http://").parse().expect("address");
    // More connections than descriptors: the server holds what it can, the rest wait.
    let held: Vec<TcpStream> = (0..60).map(|_| connect(addr)).collect();
    std::thread::sleep(Duration::from_millis(200));
    let start = cpu_ticks(child.id());
    let window = Instant::now();
    std::thread::sleep(Duration::from_secs(1));
    let spent = cpu_ticks(child.id()).zip(start).map(|(b, a)| b - a);
    let elapsed = window.elapsed();
    drop(held);
    let answer = good_request(addr);
    let _ = child.kill();
    let _ = child.wait();
    // A spinning accept loop burns a whole core: about 100 ticks a second.
    if let Some(spent) = spent {
        assert!(
            spent < 50,
            "{spent} ticks of CPU in {elapsed:?} at the descriptor limit"
        );
    }
    assert!(answer.starts_with("HTTP/1.1 200"), "recovered: {answer}");
}
