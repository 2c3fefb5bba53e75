//! A separate process for the Redis token test: makes one call with app credentials and a
//! Redis token store, so that two of them share (or fight over) one token.
//!
//! Usage: `token-client <base URL> <redis URL>`; exits non-zero on failure.

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [base, redis] = args.as_slice() else {
        eprintln!("usage: token-client <base URL> <redis URL>");
        return ExitCode::from(2);
    };
    let run = || -> Result<(), wechat_runtime::Error> {
        let runtime = wechat_runtime::Client::builder()
            .base_url(base)
            .credentials("wx-shared-app", "shared-app-secret")
            .token_store(wechat_runtime::RedisStore::open(redis)?)
            .build_blocking()?;
        wechat_union::blocking::Client::new(runtime)
            .apply_status(&wechat_union::ApplyStatusRequest::new("plan"))?;
        Ok(())
    };
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("token-client: {err}");
            ExitCode::FAILURE
        }
    }
}
