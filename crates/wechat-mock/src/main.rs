//! `cargo run -p wechat-mock -- --port 8080 [--fault <list>] [--token-expiry-calls N] [--any-token]
//! [--app APPID:SECRET]...`

use std::process::ExitCode;

const USAGE: &str = "usage: wechat-mock [--host ADDR] [--port N] [--fault LIST] \
[--token-expiry-calls N] [--any-token] [--app APPID:SECRET]...

  --host ADDR              address to listen on (default 127.0.0.1)
  --port N                 port (default 8080; 0 picks a free one)
  --fault LIST             faults for every request, comma-separated:
                           latency=<ms>, http500, busy, quota, expired-token, truncate
  --token-expiry-calls N   issued tokens expire (42001) after N calls each
  --any-token              accept any non-empty access_token
  --app APPID:SECRET       accept these app credentials (repeatable) instead of the
                           default pair; others get 40013 (AppID) or 40125 (secret)

Per request, the header `x-wechat-mock-fault: <list>` adds faults.";

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("wechat-mock: {message}\n\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<(), String> {
    let mut config = wechat_mock::Config::default();
    let (mut host, mut port) = ("127.0.0.1".to_owned(), 8080u16);
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--host" => host = value("--host")?,
            "--port" => {
                port = value("--port")?
                    .parse()
                    .map_err(|_| "--port wants a number".to_owned())?
            }
            "--fault" => config
                .faults
                .extend(wechat_mock::parse_faults(&value("--fault")?)?),
            "--token-expiry-calls" => {
                let n = value("--token-expiry-calls")?
                    .parse()
                    .map_err(|_| "--token-expiry-calls wants a number".to_owned())?;
                config.token_expiry_calls = Some(n);
            }
            "--any-token" => config.any_token = true,
            "--app" => {
                let pair = value("--app")?;
                let (appid, secret) = pair
                    .split_once(':')
                    .ok_or("--app wants APPID:SECRET".to_owned())?;
                config = config.with_app(appid, secret);
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    let addr = format!("{host}:{port}")
        .parse()
        .map_err(|err| format!("address {host}:{port}: {err}"))?;
    let apps: Vec<String> = config.apps.iter().map(|(id, _)| id.clone()).collect();
    let server = wechat_mock::Server::start_with(config, addr).map_err(|err| err.to_string())?;
    let apps = if apps.is_empty() {
        format!(
            "AppID {} / secret {}",
            wechat_mock::APPID,
            wechat_mock::APP_SECRET
        )
    } else {
        format!("AppIDs {}", apps.join(", "))
    };
    println!(
        "wechat-mock listening on {} ({} endpoints); {apps}, or access_token {}",
        server.url(),
        server.endpoints().len(),
        wechat_mock::ACCESS_TOKEN,
    );
    loop {
        std::thread::park();
    }
}
