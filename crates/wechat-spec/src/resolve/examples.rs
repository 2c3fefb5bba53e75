//! Doc examples: parsed strictly, checked against their types and limits, repairs accounted
//! for.

use std::collections::BTreeMap;

use serde_json::Value;

use super::Cx;
use crate::conformance::{fits, sent_secret, undocumented, within_limits};
use crate::ir::{Example, ExampleOf, Signature, Type, TypeId, TypeRef};
use crate::json::parse_strict;
use crate::locate::YamlPath;
use crate::model::{self, EndpointSpec, ExampleSpec};
use crate::names::is_snake;

/// The types an endpoint's examples decode into, and its signature, whose parameters a
/// request example may show.
pub(super) struct Targets<'a> {
    pub request: Option<TypeId>,
    pub response: Option<TypeId>,
    pub event: Option<TypeId>,
    pub signature: Option<&'a Signature>,
}

impl Cx<'_> {
    pub(super) fn examples(
        &mut self,
        e: &EndpointSpec,
        path: &YamlPath,
        types: &[Type],
        targets: &Targets<'_>,
        types_sound: bool,
    ) -> Vec<Example> {
        let mut out: Vec<Example> = Vec::new();
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for (i, x) in e.examples.iter().enumerate() {
            let xpath = path.key("examples").index(i);
            let of = match x.of {
                model::ExampleOf::Request => ExampleOf::Request,
                model::ExampleOf::Response => ExampleOf::Response,
                model::ExampleOf::Error => ExampleOf::Error,
                model::ExampleOf::Event => ExampleOf::Event,
            };
            let of_name = match of {
                ExampleOf::Request => "request",
                ExampleOf::Response => "response",
                ExampleOf::Error => "error",
                ExampleOf::Event => "event",
            };
            let n = counts.entry(of_name).or_default();
            *n += 1;
            let label = x.name.clone().unwrap_or_else(|| format!("{of_name}_{n}"));
            if !is_snake(&label) || out.iter().any(|o| o.label == label) {
                self.err(
                    &xpath,
                    format!("example label `{label}` is not snake_case or is taken"),
                );
            }
            self.check_repairs(x, &xpath);
            if x.violates.is_some() && of != ExampleOf::Request {
                self.err(
                    &xpath.key("violates"),
                    "`violates` applies to request examples",
                );
            }
            let value = match parse_strict(&x.json) {
                Ok(value) => value,
                Err(problem) => {
                    self.err_in_scalar(
                        &xpath.key("json"),
                        problem.at,
                        format!("example is not valid JSON: {}", problem.message),
                    );
                    continue;
                }
            };
            let target = match of {
                ExampleOf::Request => targets.request,
                ExampleOf::Response => targets.response,
                ExampleOf::Event => targets.event,
                ExampleOf::Error => None,
            };
            let checked = match (of, targets.signature) {
                (ExampleOf::Request, Some(s)) => self.unsigned(&value, s, &xpath),
                _ => value.clone(),
            };
            match (of, target) {
                (ExampleOf::Request, None) => {
                    self.err(&xpath.key("of"), "the endpoint has no request type")
                }
                (ExampleOf::Response, None) => self.err(
                    &xpath.key("of"),
                    "the endpoint answers bytes (`returns: binary`): only error examples are JSON",
                ),
                (ExampleOf::Event, None) => {
                    self.err(&xpath.key("of"), "the endpoint has no `event` type")
                }
                (of, Some(id)) if types_sound => self.check_fit(types, &checked, of, id, x, &xpath),
                (_, Some(_)) => {}
                (_, None) => {
                    if error_code_of(&value).is_none() {
                        self.err(
                            &xpath.key("json"),
                            "an error example has a non-zero `errcode` or `base_resp.ret`",
                        );
                    }
                }
            }
            out.push(Example {
                of,
                label,
                text: x.json.trim_end().to_owned(),
                value,
                violates: x.violates.clone(),
            });
        }
        out
    }

    /// A signed request example as its type sees it: the signature's parameters (which the
    /// client adds) taken out, the method checked.
    fn unsigned(&mut self, value: &Value, s: &Signature, xpath: &YamlPath) -> Value {
        let mut value = value.clone();
        if let Value::Object(object) = &mut value {
            object.remove(&s.param);
            if let Some(method) = object.remove(&s.method_param) {
                if method.as_str() != Some(s.method.as_str()) {
                    let message = format!(
                        "`{}` is {method} here; the signature's method is `{}`",
                        s.method_param, s.method
                    );
                    self.err(&xpath.key("json"), message);
                }
            }
        }
        value
    }

    /// A repair is recorded with the doc's text, which must still be broken.
    fn check_repairs(&mut self, x: &ExampleSpec, xpath: &YamlPath) {
        match (&x.doc_original, x.repairs.is_empty()) {
            (None, false) => self.err(
                &xpath.key("repairs"),
                "repairs need the doc's text in `doc_original`",
            ),
            (Some(_), true) => self.err(
                &xpath.key("doc_original"),
                "`doc_original` without `repairs`: say what was repaired",
            ),
            (Some(original), false) => {
                if parse_strict(original).is_ok() {
                    self.err(
                        &xpath.key("doc_original"),
                        "the doc's text is valid JSON now: the recorded repairs are no longer needed",
                    );
                }
            }
            (None, true) => {}
        }
    }

    /// The example decodes into its type; a request example breaks no limit unless it says
    /// which one under `violates`.
    fn check_fit(
        &mut self,
        types: &[Type],
        value: &Value,
        of: ExampleOf,
        id: TypeId,
        x: &ExampleSpec,
        xpath: &YamlPath,
    ) {
        let target = TypeRef::Named(id);
        let name = &types[id.0].name;
        let sent = match of {
            ExampleOf::Request => sent_secret(types, value, &target).map_or(Ok(()), Err),
            _ => Ok(()),
        };
        if let Err(problem) = sent.and_then(|()| fits(types, value, &target, false, "")) {
            self.err(
                &xpath.key("json"),
                format!("example does not decode into `{name}`: {problem}"),
            );
            return;
        }
        self.check_documented(types, value, &target, x, xpath);
        if of == ExampleOf::Request {
            match (within_limits(types, value, &target, "", None), &x.violates) {
                (Err(problem), None) => self.err(
                    &xpath.key("json"),
                    format!(
                        "example breaks a documented limit ({problem}); record why under `violates`"
                    ),
                ),
                (Ok(()), Some(_)) => self.err(
                    &xpath.key("violates"),
                    "the example breaks no documented limit now: remove `violates`",
                ),
                _ => {}
            }
        }
    }
}

impl Cx<'_> {
    /// Strict examples: everything an example shows is documented by its type, or recorded
    /// under `undocumented`; a record the example no longer needs is an error too.
    fn check_documented(
        &mut self,
        types: &[Type],
        value: &Value,
        target: &TypeRef,
        x: &ExampleSpec,
        xpath: &YamlPath,
    ) {
        let mut found = Vec::new();
        undocumented(types, value, target, "", &mut found);
        for item in &found {
            if !x.undocumented.iter().any(|u| u.path == *item) {
                self.err(
                    &xpath.key("json"),
                    format!(
                        "the example shows `{item}`, which its type does not document: add it to the spec (`example_only: true` for a field the tables lack) or record it under `undocumented` with a note"
                    ),
                );
            }
        }
        for (i, u) in x.undocumented.iter().enumerate() {
            if !found.contains(&u.path) {
                self.err(
                    &xpath.key("undocumented").index(i),
                    format!(
                        "`{}` is documented now, or no longer in the example: remove the record",
                        u.path
                    ),
                );
            }
        }
    }
}

/// The error code an error example carries.
pub fn error_code_of(value: &Value) -> Option<i64> {
    let code = value
        .get("errcode")
        .and_then(Value::as_i64)
        .filter(|&c| c != 0)
        .or_else(|| value.pointer("/base_resp/ret").and_then(Value::as_i64));
    code.filter(|&c| c != 0)
}
