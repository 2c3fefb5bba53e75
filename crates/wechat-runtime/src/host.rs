//! WeChat's API hosts, and switching to the next one when a host cannot be reached.

use std::sync::atomic::{AtomicUsize, Ordering};

/// WeChat's API hosts. Every host serves every API; WeChat documents the regional ones for
/// callers near them and as fallbacks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ApiHost {
    /// `api.weixin.qq.com`, the general host (the default).
    #[default]
    General,
    /// `api2.weixin.qq.com`, the general backup.
    Backup,
    /// `sh.api.weixin.qq.com`, Shanghai.
    Shanghai,
    /// `sz.api.weixin.qq.com`, Shenzhen.
    Shenzhen,
    /// `hk.api.weixin.qq.com`, Hong Kong.
    HongKong,
}

impl ApiHost {
    /// Every host, in the order failover tries them.
    pub const ALL: [ApiHost; 5] = [
        ApiHost::General,
        ApiHost::Backup,
        ApiHost::Shanghai,
        ApiHost::Shenzhen,
        ApiHost::HongKong,
    ];

    /// The host's base URL.
    pub fn base_url(self) -> &'static str {
        match self {
            ApiHost::General => "https://api.weixin.qq.com",
            ApiHost::Backup => "https://api2.weixin.qq.com",
            ApiHost::Shanghai => "https://sh.api.weixin.qq.com",
            ApiHost::Shenzhen => "https://sz.api.weixin.qq.com",
            ApiHost::HongKong => "https://hk.api.weixin.qq.com",
        }
    }

    /// Every host, starting with `self` and going on in [`ApiHost::ALL`] order.
    pub(crate) fn rotation(self) -> Vec<String> {
        let start = ApiHost::ALL.iter().position(|h| *h == self).unwrap_or(0);
        (0..ApiHost::ALL.len())
            .map(|i| {
                ApiHost::ALL[(start + i) % ApiHost::ALL.len()]
                    .base_url()
                    .to_owned()
            })
            .collect()
    }
}

/// The base URLs a client uses, the one in use now, and whether to move on when it fails.
#[derive(Debug)]
pub(crate) struct Hosts {
    urls: Vec<String>,
    current: AtomicUsize,
    failover: bool,
}

impl Hosts {
    /// `urls` must not be empty; the first is used until it fails (with `failover`).
    pub fn new(urls: Vec<String>, failover: bool) -> Self {
        debug_assert!(!urls.is_empty());
        Hosts {
            urls,
            current: AtomicUsize::new(0),
            failover,
        }
    }

    /// The index and base URL in use now.
    pub fn current(&self) -> (usize, &str) {
        let index = self.current.load(Ordering::Relaxed) % self.urls.len();
        (index, &self.urls[index])
    }

    /// The host at `index` could not be reached: with failover, move every later call to the
    /// next host (unless another call already moved on). Returns whether a next host is in use.
    pub fn unreachable(&self, index: usize) -> bool {
        if !self.failover || self.urls.len() < 2 {
            return false;
        }
        let next = (index + 1) % self.urls.len();
        let _ = self
            .current
            .compare_exchange(index, next, Ordering::Relaxed, Ordering::Relaxed);
        tracing::warn!(
            from = %self.urls[index],
            to = %self.urls[next],
            "WeChat host unreachable; switching"
        );
        true
    }
}
