//! WeChat's limits on forced token refreshes, and the record that enforces them.
//!
//! `stable_token` with `force_refresh` is allowed 20 times a day, 30 s apart; beyond that a
//! client that keeps refreshing a token WeChat keeps rejecting burns the day's budget in seconds
//! (silenceper/wechat PR #762). The record lives in the token store, so that every instance of
//! an app counts against one budget.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::error::{RefreshLimit, RefreshLimited};

const DAY_MS: u64 = 86_400_000;
/// WeChat's day starts at midnight in China (UTC+8).
const CHINA_OFFSET_MS: u64 = 8 * 3_600_000;

/// How often a rejected token may be replaced by a forced refresh. The defaults are WeChat's
/// documented limits of `stable_token`'s `force_refresh`: one every 30 s, 20 a day. They apply
/// to the classic `cgi-bin/token` call too, where every call issues a new token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RefreshLimits {
    /// The least time between two forced refreshes.
    pub min_interval: Duration,
    /// The most forced refreshes in one day, China time.
    pub per_day: u32,
}

impl Default for RefreshLimits {
    fn default() -> Self {
        RefreshLimits {
            min_interval: Duration::from_secs(30),
            per_day: 20,
        }
    }
}

impl RefreshLimits {
    /// Limits of `per_day` forced refreshes a day, `min_interval` apart.
    pub fn new(min_interval: Duration, per_day: u32) -> Self {
        RefreshLimits {
            min_interval,
            per_day,
        }
    }
}

/// The forced refreshes of one app's token so far, as a [`TokenStore`](super::TokenStore) keeps
/// them for every instance of the app.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForcedRefreshes {
    /// When the last one was made, in Unix milliseconds (0 if never).
    pub last_ms: u64,
    /// The China-time day of `count`, in days since the Unix epoch.
    pub day: u64,
    /// Forced refreshes made on `day`.
    pub count: u32,
}

fn china_day(now_ms: u64) -> u64 {
    now_ms.saturating_add(CHINA_OFFSET_MS) / DAY_MS
}

impl ForcedRefreshes {
    /// Whether a forced refresh is allowed at `now_ms`, and if not, which limit says no.
    pub fn check(&self, limits: &RefreshLimits, now_ms: u64) -> Result<(), RefreshLimited> {
        let interval_ms = u64::try_from(limits.min_interval.as_millis()).unwrap_or(u64::MAX);
        let since = now_ms.saturating_sub(self.last_ms);
        if self.last_ms != 0 && since < interval_ms {
            return Err(RefreshLimited {
                limit: RefreshLimit::Interval(limits.min_interval),
                retry_after: Duration::from_millis(interval_ms - since),
            });
        }
        let today = china_day(now_ms);
        if self.day == today && self.count >= limits.per_day {
            let next_day_ms = (today + 1) * DAY_MS - CHINA_OFFSET_MS;
            return Err(RefreshLimited {
                limit: RefreshLimit::Daily(limits.per_day),
                retry_after: Duration::from_millis(next_day_ms.saturating_sub(now_ms)),
            });
        }
        Ok(())
    }

    /// Counts a forced refresh made at `now_ms`.
    pub fn record(&mut self, now_ms: u64) {
        let today = china_day(now_ms);
        if self.day != today {
            self.day = today;
            self.count = 0;
        }
        self.count = self.count.saturating_add(1);
        self.last_ms = self.last_ms.max(now_ms);
    }

    /// What two records (the store's and this process's) say together: the later refresh, and
    /// the larger count of the later day.
    pub fn merge(self, other: ForcedRefreshes) -> ForcedRefreshes {
        let (day, count) = match self.day.cmp(&other.day) {
            std::cmp::Ordering::Less => (other.day, other.count),
            std::cmp::Ordering::Greater => (self.day, self.count),
            std::cmp::Ordering::Equal => (self.day, self.count.max(other.count)),
        };
        ForcedRefreshes {
            last_ms: self.last_ms.max(other.last_ms),
            day,
            count,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOON_CHINA: u64 =
        1_700_000_000_000 - (1_700_000_000_000 + CHINA_OFFSET_MS) % DAY_MS + DAY_MS / 2;

    #[test]
    fn forced_refreshes_are_30_s_apart_and_20_a_day() {
        let limits = RefreshLimits::default();
        let mut record = ForcedRefreshes::default();
        let mut now = NOON_CHINA;
        assert!(record.check(&limits, now).is_ok());
        record.record(now);
        let err = record.check(&limits, now + 10_000).unwrap_err();
        assert_eq!(err.limit, RefreshLimit::Interval(Duration::from_secs(30)));
        assert_eq!(err.retry_after, Duration::from_secs(20));
        for _ in 1..20 {
            now += 30_000;
            assert!(record.check(&limits, now).is_ok());
            record.record(now);
        }
        now += 30_000;
        let err = record.check(&limits, now).unwrap_err();
        assert_eq!(err.limit, RefreshLimit::Daily(20));
        assert!(err.retry_after <= Duration::from_secs(12 * 3600));
        assert!(err.to_string().contains("all 20 forced refreshes"), "{err}");
        // A new day in China, a new budget.
        assert!(record.check(&limits, NOON_CHINA + DAY_MS / 2).is_ok());
    }

    #[test]
    fn records_merge_to_the_stricter() {
        let a = ForcedRefreshes {
            last_ms: 5,
            day: 3,
            count: 2,
        };
        let b = ForcedRefreshes {
            last_ms: 9,
            day: 3,
            count: 1,
        };
        let c = ForcedRefreshes {
            last_ms: 1,
            day: 2,
            count: 20,
        };
        assert_eq!(
            a.merge(b),
            ForcedRefreshes {
                last_ms: 9,
                day: 3,
                count: 2
            }
        );
        assert_eq!(a.merge(c), a);
    }
}
