//! Faults the server injects: chosen at start-up for every request, queued for the next
//! requests, or named per request in the `x-wechat-mock-fault` header.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

/// The request header that names faults for one request, comma-separated, such as
/// `x-wechat-mock-fault: latency=200, busy`.
pub const FAULT_HEADER: &str = "x-wechat-mock-fault";

/// One fault.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fault {
    /// Answer after this long (`latency=<ms>`).
    Latency(Duration),
    /// HTTP 500 with an HTML body (`http500`).
    Http500,
    /// WeChat's "system busy", -1 (`busy`).
    Busy,
    /// WeChat's "over quota", 45009 (`quota`).
    Quota,
    /// Treat the access token as expired: 42001 (`expired-token`).
    ExpiredToken,
    /// Cut the success body short: the headers announce more than is sent (`truncate`).
    Truncate,
}

impl FromStr for Fault {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let text = text.trim();
        if let Some(ms) = text.strip_prefix("latency=") {
            let ms: u64 = ms
                .trim_end_matches("ms")
                .parse()
                .map_err(|_| format!("latency wants milliseconds, got `{ms}`"))?;
            return Ok(Fault::Latency(Duration::from_millis(ms)));
        }
        match text {
            "http500" => Ok(Fault::Http500),
            "busy" => Ok(Fault::Busy),
            "quota" => Ok(Fault::Quota),
            "expired-token" => Ok(Fault::ExpiredToken),
            "truncate" => Ok(Fault::Truncate),
            other => Err(format!(
                "unknown fault `{other}` (latency=<ms>, http500, busy, quota, expired-token, truncate)"
            )),
        }
    }
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Fault::Latency(d) => write!(f, "latency={}", d.as_millis()),
            Fault::Http500 => f.write_str("http500"),
            Fault::Busy => f.write_str("busy"),
            Fault::Quota => f.write_str("quota"),
            Fault::ExpiredToken => f.write_str("expired-token"),
            Fault::Truncate => f.write_str("truncate"),
        }
    }
}

/// Parses a comma-separated list of faults.
pub fn parse_list(text: &str) -> Result<Vec<Fault>, String> {
    text.split(',')
        .filter(|part| !part.trim().is_empty())
        .map(str::parse)
        .collect()
}
