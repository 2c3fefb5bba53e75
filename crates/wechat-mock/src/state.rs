//! What the server remembers: issued tokens, queued faults, and the calls it received.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};

use wechat_spec::ir::Domain;

use crate::fault::Fault;
use crate::{Config, ACCESS_TOKEN, APPID, APP_SECRET, SESSION_KEY};

/// Seconds an issued token is valid, as WeChat documents.
pub const EXPIRES_IN: u64 = 7200;

#[derive(Default)]
struct Tokens {
    /// Issued tokens and the calls made with each.
    uses: HashMap<String, u64>,
    /// The current stable token of each AppID.
    stable: HashMap<String, String>,
    issued: u64,
}

/// A token check's outcome.
pub enum TokenCheck {
    Valid,
    Missing,
    Invalid,
    Expired,
}

pub struct State {
    pub domains: Vec<Domain>,
    pub config: Config,
    /// One permit per connection that may be open at once.
    pub connections: Arc<tokio::sync::Semaphore>,
    tokens: Mutex<Tokens>,
    queued: Mutex<VecDeque<Vec<Fault>>>,
    calls: Mutex<HashMap<String, usize>>,
    /// Session keys issued by login endpoints, by subject (openid), and how many were issued.
    sessions: Mutex<(HashMap<String, String>, u64)>,
}

/// An app credentials check's outcome.
pub enum AppCheck {
    Valid,
    UnknownAppid,
    WrongSecret,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl State {
    pub fn new(domains: Vec<Domain>, config: Config) -> Self {
        State {
            domains,
            connections: Arc::new(tokio::sync::Semaphore::new(config.limits.max_connections)),
            config,
            tokens: Mutex::default(),
            queued: Mutex::default(),
            calls: Mutex::default(),
            sessions: Mutex::default(),
        }
    }

    /// Checks an AppID and its secret against the configured apps (the default pair unless
    /// any are configured).
    pub fn check_app(&self, appid: &str, secret: &str) -> AppCheck {
        let default = [(APPID.to_owned(), APP_SECRET.to_owned())];
        let apps = if self.config.apps.is_empty() {
            &default[..]
        } else {
            &self.config.apps[..]
        };
        match apps.iter().find(|(id, _)| id == appid) {
            None => AppCheck::UnknownAppid,
            Some((_, expected)) if expected != secret => AppCheck::WrongSecret,
            Some(_) => AppCheck::Valid,
        }
    }

    /// Issues a session: a new key for `subject` (or for a new subject), remembered.
    pub fn issue_session(&self, subject: Option<&str>) -> (String, String) {
        let mut sessions = lock(&self.sessions);
        sessions.1 += 1;
        let n = sessions.1;
        let subject = subject.map_or_else(|| format!("mock-openid-{n}"), str::to_owned);
        let key = format!("mock-session-{n}");
        sessions.0.insert(subject.clone(), key.clone());
        (subject, key)
    }

    /// The session key of `subject`: the one issued last, else [`SESSION_KEY`].
    pub fn session_key(&self, subject: &str) -> String {
        lock(&self.sessions)
            .0
            .get(subject)
            .cloned()
            .unwrap_or_else(|| SESSION_KEY.to_owned())
    }

    pub fn queue(&self, faults: Vec<Fault>) {
        lock(&self.queued).push_back(faults);
    }

    /// Faults for a request: start-up faults, the next queued ones, and the header's.
    pub fn faults_for(&self, header: Vec<Fault>) -> Vec<Fault> {
        let mut faults = self.config.faults.clone();
        faults.extend(lock(&self.queued).pop_front().unwrap_or_default());
        faults.extend(header);
        faults
    }

    pub fn record_call(&self, path: &str) {
        *lock(&self.calls).entry(path.to_owned()).or_default() += 1;
    }

    pub fn calls_to(&self, path: &str) -> usize {
        lock(&self.calls).get(path).copied().unwrap_or(0)
    }

    pub fn endpoint_names(&self) -> Vec<String> {
        self.domains
            .iter()
            .flat_map(|d| {
                d.endpoints
                    .iter()
                    .map(move |e| format!("{}/{}", d.name, e.name))
            })
            .collect()
    }

    /// Issues a token: a new one, or for `stable_token` without `force`, the app's current one
    /// while it has not expired.
    pub fn issue(&self, appid: &str, stable: bool, force: bool) -> String {
        let mut tokens = lock(&self.tokens);
        if stable && !force {
            // Like WeChat: the current token while it is valid, a new one once it expired.
            let limit = self.config.token_expiry_calls.unwrap_or(u64::MAX);
            if let Some(current) = tokens.stable.get(appid) {
                if tokens.uses.get(current).is_some_and(|&uses| uses < limit) {
                    return current.clone();
                }
            }
        }
        tokens.issued += 1;
        let token = format!("mock-token-{}-{}", tokens.issued, appid);
        if stable {
            if let Some(old) = tokens.stable.insert(appid.to_owned(), token.clone()) {
                tokens.uses.remove(&old);
            }
        }
        tokens.uses.insert(token.clone(), 0);
        token
    }

    /// Checks an access token and counts the call against it.
    pub fn use_token(&self, token: Option<&str>) -> TokenCheck {
        let token = match token {
            None | Some("") => return TokenCheck::Missing,
            Some(token) => token,
        };
        let mut tokens = lock(&self.tokens);
        match tokens.uses.get_mut(token) {
            Some(uses) => {
                *uses += 1;
                match self.config.token_expiry_calls {
                    Some(limit) if *uses > limit => TokenCheck::Expired,
                    _ => TokenCheck::Valid,
                }
            }
            None if token == ACCESS_TOKEN || self.config.any_token => TokenCheck::Valid,
            None => TokenCheck::Invalid,
        }
    }
}

impl State {
    /// Connections open now.
    pub fn open_connections(&self) -> usize {
        self.config
            .limits
            .max_connections
            .saturating_sub(self.connections.available_permits())
    }
}
