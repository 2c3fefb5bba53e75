//! What changed between two versions of the spec, for the users of the generated crates:
//! `cargo xtask spec-diff` prints it as Markdown for a pull request.
//!
//! Each change is classed as breaking or not. Breaking: anything removed or renamed, a changed
//! type or `required`, a new required request field, a tighter limit. Not breaking: additions
//! elsewhere (new response fields, enum values, variants and error codes decode as before,
//! thanks to `extra` and the unknown variants), looser limits, wire-only fixes.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

use wechat_spec::ir::{Domain, Endpoint, Field, Type, TypeBody, TypeId};

/// One change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// The domain.
    pub domain: String,
    /// The endpoint it concerns, or `None` for the domain as a whole (error codes, and types no
    /// endpoint uses).
    pub endpoint: Option<String>,
    /// What changed, in words, naming the item.
    pub what: String,
    /// Whether code using the generated crate may stop compiling or behave differently.
    pub breaking: bool,
}

/// Which side of the calls a type is used on.
#[derive(Clone, Copy, Default)]
struct Use {
    request: bool,
    response: bool,
}

/// The named types reachable from `root`.
fn reachable(domain: &Domain, root: TypeId, out: &mut BTreeSet<String>) {
    if !out.insert(domain.ty(root).name.clone()) {
        return;
    }
    match &domain.ty(root).body {
        TypeBody::Struct(fields) => fields
            .iter()
            .filter_map(|f| f.ty.named())
            .for_each(|id| reachable(domain, id, out)),
        TypeBody::Union { variants, .. } => {
            variants.iter().for_each(|v| reachable(domain, v.ty, out))
        }
        _ => {}
    }
}

/// For each type, the endpoints using it and on which side.
fn usage(domain: &Domain) -> BTreeMap<String, (Vec<String>, Use)> {
    let mut out: BTreeMap<String, (Vec<String>, Use)> = BTreeMap::new();
    for e in &domain.endpoints {
        for (root, request) in e
            .request
            .iter()
            .map(|r| (*r, true))
            .chain(e.response.map(|r| (r, false)))
        {
            let mut types = BTreeSet::new();
            reachable(domain, root, &mut types);
            for ty in types {
                let entry = out.entry(ty).or_default();
                if !entry.0.contains(&e.name) {
                    entry.0.push(e.name.clone());
                }
                if request {
                    entry.1.request = true;
                } else {
                    entry.1.response = true;
                }
            }
        }
    }
    out
}

/// Collects the changes of one domain.
struct Differ<'a> {
    domain: &'a str,
    changes: Vec<Change>,
}

impl Differ<'_> {
    fn push(&mut self, endpoint: Option<&str>, breaking: bool, what: String) {
        self.changes.push(Change {
            domain: self.domain.to_owned(),
            endpoint: endpoint.map(str::to_owned),
            what,
            breaking,
        });
    }

    fn endpoints(&mut self, old: &Domain, new: &Domain) {
        for e in &old.endpoints {
            if !new.endpoints.iter().any(|n| n.name == e.name) {
                self.push(
                    Some(&e.name),
                    true,
                    format!("endpoint `{}` removed", e.name),
                );
            }
        }
        for e in &new.endpoints {
            match old.endpoints.iter().find(|o| o.name == e.name) {
                None => self.push(
                    Some(&e.name),
                    false,
                    format!("endpoint `{}` added: `{} {}`", e.name, method(e), e.path),
                ),
                Some(o) => self.endpoint((old, o), (new, e)),
            }
        }
    }

    fn endpoint(&mut self, (old, o): (&Domain, &Endpoint), (new, e): (&Domain, &Endpoint)) {
        let at = Some(e.name.as_str());
        if (method(o), &o.path, &o.fixed_query) != (method(e), &e.path, &e.fixed_query) {
            self.push(
                at,
                false,
                format!(
                    "address changed from `{} {}{}` to `{} {}{}`",
                    method(o),
                    o.path,
                    query(o),
                    method(e),
                    e.path,
                    query(e)
                ),
            );
        }
        if o.idempotent != e.idempotent {
            let what = if e.idempotent {
                "now idempotent: retried after a timeout or a 5xx"
            } else {
                "no longer idempotent: not retried after a timeout or a 5xx"
            };
            self.push(at, false, what.to_owned());
        }
        if o.access_token != e.access_token {
            self.push(
                at,
                true,
                format!(
                    "access token {}",
                    if e.access_token {
                        "now sent"
                    } else {
                        "no longer sent"
                    }
                ),
            );
        }
        let (old_request, new_request) = (
            o.request.map(|id| old.ty(id).name.as_str()),
            e.request.map(|id| new.ty(id).name.as_str()),
        );
        if old_request != new_request {
            self.push(
                at,
                true,
                format!("request type changed from {old_request:?} to {new_request:?}"),
            );
        }
        let shown = |d: &Domain, r: Option<wechat_spec::ir::TypeId>| {
            r.map_or_else(|| "bytes".to_owned(), |id| d.ty(id).name.clone())
        };
        let (old_response, new_response) = (shown(old, o.response), shown(new, e.response));
        if old_response != new_response {
            self.push(
                at,
                true,
                format!("response type changed from `{old_response}` to `{new_response}`"),
            );
        }
        if o.app_credentials != e.app_credentials {
            let what = if e.app_credentials {
                "now sent"
            } else {
                "no longer sent"
            };
            self.push(at, true, format!("app credentials {what}"));
        }
        let signed = |s: &Option<wechat_spec::ir::Signature>| {
            s.as_ref()
                .map(|s| (s.key.wire.clone(), s.param.clone(), s.method.clone()))
        };
        if signed(&o.signature) != signed(&e.signature) {
            self.push(at, true, "signature changed".to_owned());
        }
        let event =
            |d: &Domain, id: Option<wechat_spec::ir::TypeId>| id.map(|id| d.ty(id).name.clone());
        if event(old, o.event) != event(new, e.event) {
            self.push(at, false, "push event changed".to_owned());
        }
        match (&o.paging, &e.paging) {
            (None, Some(_)) => self.push(at, false, format!("pager `{}_items` added", e.name)),
            (Some(_), None) => self.push(at, true, format!("pager `{}_items` removed", e.name)),
            (Some(a), Some(b))
                if (a.items.wire.as_str(), a.position.wire.as_str())
                    != (b.items.wire.as_str(), b.position.wire.as_str())
                    || a.style != b.style =>
            {
                self.push(at, false, "paging changed".to_owned())
            }
            _ => {}
        }
        for code in &e.errors {
            if !o.errors.contains(code) {
                self.push(at, false, format!("documents error code {code}"));
            }
        }
        for code in &o.errors {
            if !e.errors.contains(code) {
                self.push(at, false, format!("no longer documents error code {code}"));
            }
        }
    }

    fn errors(&mut self, old: &Domain, new: &Domain) {
        for o in &old.errors {
            match new.errors.iter().find(|n| n.code == o.code) {
                None => self.push(
                    None,
                    true,
                    format!(
                        "error code {} `{}` removed (`ErrorCode::{}`)",
                        o.code, o.name, o.variant
                    ),
                ),
                Some(n) if n.variant != o.variant => self.push(
                    None,
                    true,
                    format!(
                        "error code {} renamed from `ErrorCode::{}` to `ErrorCode::{}`",
                        o.code, o.variant, n.variant
                    ),
                ),
                Some(n) if n.retry != o.retry => self.push(
                    None,
                    false,
                    format!(
                        "error code {} is now retried as {:?} (was {:?})",
                        o.code, n.retry, o.retry
                    ),
                ),
                Some(_) => {}
            }
        }
        for n in &new.errors {
            if !old.errors.iter().any(|o| o.code == n.code) {
                self.push(
                    None,
                    false,
                    format!("error code {} `{}` added", n.code, n.name),
                );
            }
        }
    }

    /// Changes of the types both versions have, each reported under the endpoints using it.
    fn types(&mut self, old: &Domain, new: &Domain) {
        let (old_use, new_use) = (usage(old), usage(new));
        for o in &old.types {
            let Some(n) = new.type_named(&o.name) else {
                continue;
            };
            let (endpoints, side) = new_use
                .get(&o.name)
                .or_else(|| old_use.get(&o.name))
                .cloned()
                .unwrap_or_default();
            let mut found = Vec::new();
            type_changes((old, o), (new, n), side, &mut found);
            for (breaking, what) in found {
                if endpoints.is_empty() {
                    self.push(None, breaking, what.clone());
                }
                for e in &endpoints {
                    self.push(Some(e), breaking, what.clone());
                }
            }
        }
    }
}

fn method(e: &Endpoint) -> &'static str {
    match e.method {
        wechat_spec::ir::HttpMethod::Get => "GET",
        wechat_spec::ir::HttpMethod::Post => "POST",
    }
}

fn query(e: &Endpoint) -> String {
    e.fixed_query
        .iter()
        .enumerate()
        .map(|(i, (k, v))| format!("{}{k}={v}", if i == 0 { "?" } else { "&" }))
        .collect()
}

/// The limits of a field, in words, for comparison.
fn limits(f: &Field) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    if let Some(n) = f.max_len {
        out.push(("max_len", n.to_string()));
    }
    if let Some(n) = f.min {
        out.push(("min", n.to_string()));
    }
    if let Some(n) = f.max {
        out.push(("max", n.to_string()));
    }
    if let Some(d) = &f.min_date {
        out.push(("min_date", d.clone()));
    }
    if f.before_today {
        out.push(("before_today", "true".into()));
    }
    out
}

/// Whether limit `name` going from `old` to `new` lets fewer requests through.
fn tighter(name: &str, old: Option<&str>, new: Option<&str>) -> bool {
    match (old, new) {
        (None, Some(_)) => true,
        (Some(_), None) | (None, None) => false,
        (Some(a), Some(b)) => match name {
            "max_len" | "max" => b.parse::<i64>().ok() < a.parse::<i64>().ok(),
            "min" => b.parse::<i64>().ok() > a.parse::<i64>().ok(),
            "min_date" => b > a,
            _ => false,
        },
    }
}

fn type_changes(
    (old, o): (&Domain, &Type),
    (new, n): (&Domain, &Type),
    side: Use,
    out: &mut Vec<(bool, String)>,
) {
    let name = &o.name;
    match (&o.body, &n.body) {
        (TypeBody::Struct(of), TypeBody::Struct(nf)) => {
            for f in of.iter().filter(|f| !f.envelope) {
                match nf.iter().find(|g| g.wire == f.wire || g.rust == f.rust) {
                    None => out.push((true, format!("field `{name}.{}` removed", f.wire))),
                    Some(g) => field_changes(name, (old, f), (new, g), side, out),
                }
            }
            for g in nf.iter().filter(|g| !g.envelope) {
                if !of.iter().any(|f| f.wire == g.wire || f.rust == g.rust) {
                    let breaking = side.request && g.required;
                    let kind = match (side.request, g.required) {
                        (true, true) => "required request field",
                        (true, false) => "optional request field",
                        (false, _) => "response field",
                    };
                    out.push((
                        breaking,
                        format!("{kind} `{name}.{}` added ({})", g.wire, new.show(&g.ty)),
                    ));
                }
            }
            let spans = |t: &Type| {
                t.date_spans
                    .iter()
                    .map(|s| (s.start.wire.clone(), s.end.wire.clone(), span_rule(s)))
                    .collect::<Vec<_>>()
            };
            let (os, ns) = (spans(o), spans(n));
            for (start, end, rule) in &ns {
                match os.iter().find(|(a, b, _)| a == start && b == end) {
                    None => out.push((
                        side.request,
                        format!("`{name}`: `{start}` to `{end}` now limited to {}", rule.1),
                    )),
                    Some((_, _, old)) if old != rule => out.push((
                        // Only a larger `max_days` alone loosens a span.
                        side.request && !(old.0 < rule.0 && old.2 == rule.2),
                        format!(
                            "`{name}`: `{start}` to `{end}` limit changed from {} to {}",
                            old.1, rule.1
                        ),
                    )),
                    _ => {}
                }
            }
            for (start, end, _) in &os {
                if !ns.iter().any(|(a, b, _)| a == start && b == end) {
                    out.push((
                        false,
                        format!("`{name}`: `{start}` to `{end}` no longer limited"),
                    ));
                }
            }
        }
        (TypeBody::StringEnum(ov), TypeBody::StringEnum(nv)) => enum_changes(
            name,
            ov.iter().map(|v| (v.value.clone(), v.variant.clone())),
            nv.iter().map(|v| (v.value.clone(), v.variant.clone())),
            out,
        ),
        (TypeBody::IntEnum(ov), TypeBody::IntEnum(nv)) => enum_changes(
            name,
            ov.iter().map(|v| (v.value.to_string(), v.variant.clone())),
            nv.iter().map(|v| (v.value.to_string(), v.variant.clone())),
            out,
        ),
        (TypeBody::Union { variants: ov, .. }, TypeBody::Union { variants: nv, .. }) => {
            for v in ov {
                match nv.iter().find(|w| w.key == v.key) {
                    None => out.push((
                        true,
                        format!("variant `{name}::{}` (`{}`) removed", v.variant, v.key),
                    )),
                    Some(w)
                        if w.variant != v.variant
                            || new.ty(w.ty).name != old.ty(v.ty).name
                            || w.tag != v.tag =>
                    {
                        out.push((
                            true,
                            format!("variant `{name}::{}` (`{}`) changed", v.variant, v.key),
                        ))
                    }
                    Some(_) => {}
                }
            }
            for w in nv {
                if !ov.iter().any(|v| v.key == w.key) {
                    out.push((
                        false,
                        format!("variant `{name}::{}` (`{}`) added", w.variant, w.key),
                    ));
                }
            }
        }
        _ => out.push((true, format!("type `{name}` changed kind"))),
    }
}

fn enum_changes(
    name: &str,
    old: impl Iterator<Item = (String, String)>,
    new: impl Iterator<Item = (String, String)>,
    out: &mut Vec<(bool, String)>,
) {
    let (old, new): (BTreeMap<_, _>, BTreeMap<_, _>) = (old.collect(), new.collect());
    for (value, variant) in &old {
        match new.get(value) {
            None => out.push((
                true,
                format!("value `{value}` of `{name}` removed (`{name}::{variant}`)"),
            )),
            Some(v) if v != variant => out.push((
                true,
                format!("value `{value}` of `{name}` renamed from `{variant}` to `{v}`"),
            )),
            Some(_) => {}
        }
    }
    for (value, variant) in &new {
        if !old.contains_key(value) {
            out.push((
                false,
                format!("value `{value}` of `{name}` added (`{name}::{variant}`)"),
            ));
        }
    }
}

fn field_changes(
    ty: &str,
    (old, f): (&Domain, &Field),
    (new, g): (&Domain, &Field),
    side: Use,
    out: &mut Vec<(bool, String)>,
) {
    let at = format!("`{ty}.{}`", g.wire);
    if f.rust != g.rust {
        out.push((
            true,
            format!(
                "field {at} renamed in Rust from `{}` to `{}`",
                f.rust, g.rust
            ),
        ));
    }
    if f.wire != g.wire {
        out.push((
            false,
            format!("field {at} now sent as `{}` (was `{}`)", g.wire, f.wire),
        ));
    }
    if old.show(&f.ty) != new.show(&g.ty) {
        out.push((
            true,
            format!(
                "field {at} type changed from {} to {}",
                old.show(&f.ty),
                new.show(&g.ty)
            ),
        ));
    }
    if f.required != g.required {
        out.push((
            true,
            format!(
                "field {at} is {} required",
                if g.required { "now" } else { "no longer" }
            ),
        ));
    }
    if f.as_string != g.as_string {
        out.push((
            false,
            format!(
                "field {at} is {} sent as a string",
                if g.as_string { "now" } else { "no longer" }
            ),
        ));
    }
    let (ol, nl) = (limits(f), limits(g));
    let names: BTreeSet<&str> = ol.iter().chain(&nl).map(|(n, _)| *n).collect();
    for limit in names {
        let get =
            |l: &[(&str, String)]| l.iter().find(|(n, _)| *n == limit).map(|(_, v)| v.clone());
        let (a, b) = (get(&ol), get(&nl));
        if a == b {
            continue;
        }
        let breaking = side.request && tighter(limit, a.as_deref(), b.as_deref());
        let what = match (&a, &b) {
            (None, Some(b)) => format!("field {at}: `{limit}` {b} added"),
            (Some(a), None) => format!("field {at}: `{limit}` {a} removed"),
            (Some(a), Some(b)) => format!("field {at}: `{limit}` changed from {a} to {b}"),
            (None, None) => continue,
        };
        out.push((breaking, what));
    }
}

/// Every change from `old` to `new`, domain by domain in name order.
pub fn diff(old: &[Domain], new: &[Domain]) -> Vec<Change> {
    let mut changes = Vec::new();
    let names: BTreeSet<&str> = old.iter().chain(new).map(|d| d.name.as_str()).collect();
    for name in names {
        let mut differ = Differ {
            domain: name,
            changes: Vec::new(),
        };
        match (
            old.iter().find(|d| d.name == name),
            new.iter().find(|d| d.name == name),
        ) {
            (Some(_), None) => differ.push(None, true, format!("domain `{name}` removed")),
            (None, Some(d)) => differ.push(
                None,
                false,
                format!(
                    "domain `{name}` added (crate `{}`, {} endpoints)",
                    d.crate_name,
                    d.endpoints.len()
                ),
            ),
            (Some(o), Some(n)) => {
                differ.errors(o, n);
                differ.endpoints(o, n);
                differ.types(o, n);
            }
            (None, None) => {}
        }
        changes.extend(differ.changes);
    }
    changes
}

/// The changes as Markdown for a pull request comment: a summary line, then each domain and
/// endpoint with its changes, breaking ones first.
pub fn markdown(changes: &[Change], base: &str) -> String {
    let breaking = changes.iter().filter(|c| c.breaking).count();
    let mut out = String::new();
    let _ = writeln!(out, "## Spec changes since `{base}`\n");
    if changes.is_empty() {
        out.push_str("No changes for users of the generated crates.\n");
        return out;
    }
    let _ = writeln!(out, "{} changes, **{breaking} breaking**.", changes.len());
    let mut grouped: BTreeMap<&str, BTreeMap<Option<&str>, Vec<&Change>>> = BTreeMap::new();
    for c in changes {
        grouped
            .entry(&c.domain)
            .or_default()
            .entry(c.endpoint.as_deref())
            .or_default()
            .push(c);
    }
    for (domain, scopes) in grouped {
        let _ = writeln!(out, "\n### `{domain}`");
        for (endpoint, mut list) in scopes {
            match endpoint {
                None => out.push_str("\nDomain:\n"),
                Some(e) => {
                    let _ = writeln!(out, "\n`{e}`:");
                }
            }
            list.sort_by_key(|c| !c.breaking);
            for c in list {
                let tag = if c.breaking {
                    "**breaking**"
                } else {
                    "non-breaking"
                };
                let _ = writeln!(out, "- {tag}: {}", c.what);
            }
        }
    }
    out
}

/// A date span's rules: its `max_days` (unbounded when absent), how they read, and its other
/// rules (`days`, `period`).
fn span_rule(s: &wechat_spec::ir::DateSpan) -> (u32, String, String) {
    let mut other = String::new();
    if !s.days.is_empty() {
        let days: Vec<String> = s.days.iter().map(u32::to_string).collect();
        other.push_str(&format!("spans of {} days", days.join(", ")));
    }
    if let Some(period) = s.period {
        if !other.is_empty() {
            other.push_str(", ");
        }
        other.push_str(&format!("a whole {}", period.name()));
    }
    let shown = match (s.max_days, other.is_empty()) {
        (Some(max), true) => format!("{max} days"),
        (Some(max), false) => format!("{max} days, {other}"),
        (None, _) => other.clone(),
    };
    (s.max_days.unwrap_or(u32::MAX), shown, other)
}
