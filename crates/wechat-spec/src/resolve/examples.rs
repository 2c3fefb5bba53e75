//! Doc examples: parsed strictly, checked against their types and limits, repairs accounted
//! for.

use std::collections::BTreeMap;

use serde_json::Value;

use super::Cx;
use crate::conformance::{fits, undocumented, within_limits};
use crate::ir::{Example, ExampleOf, Type, TypeId, TypeRef};
use crate::json::parse_strict;
use crate::locate::YamlPath;
use crate::model::{self, EndpointSpec, ExampleSpec};
use crate::names::is_snake;

impl Cx<'_> {
    pub(super) fn examples(
        &mut self,
        e: &EndpointSpec,
        path: &YamlPath,
        types: &[Type],
        request: Option<TypeId>,
        response: TypeId,
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
            };
            let of_name = match of {
                ExampleOf::Request => "request",
                ExampleOf::Response => "response",
                ExampleOf::Error => "error",
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
                ExampleOf::Request => request,
                ExampleOf::Response => Some(response),
                ExampleOf::Error => None,
            };
            match (of, target) {
                (ExampleOf::Request, None) => {
                    self.err(&xpath.key("of"), "the endpoint has no request type")
                }
                (of, Some(id)) if types_sound => self.check_fit(types, &value, of, id, x, &xpath),
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
        if let Err(problem) = fits(types, value, &target, false, "") {
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
