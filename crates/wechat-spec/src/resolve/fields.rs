//! Fields of structs: names, type references, limits, and the checks that need every type.

use std::collections::BTreeSet;

use super::types::containment_cycles;
use super::{doc_with_notes, root, Cx};
use crate::conformance::parse_date;
use crate::ir::{DocQuirks, Field, Type, TypeBody, TypeRef};
use crate::locate::YamlPath;
use crate::model::{FieldSpec, SpecFile, WireForm};
use crate::names::{is_snake, snake};

/// The name of the field that keeps undocumented fields in every generated struct.
pub const EXTRA_FIELD: &str = "extra";

/// Identifiers Rust accepts in no form, not even raw (`r#self` is an error).
const NOT_EVEN_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

impl Cx<'_> {
    /// Parses the spec's type syntax: a primitive, `list<T>` or a type name.
    fn type_ref(&mut self, text: &str, path: &YamlPath) -> Option<TypeRef> {
        let text = text.trim();
        if let Some(primitive) = TypeRef::primitive(text) {
            return Some(primitive);
        }
        if let Some(inner) = text.strip_prefix("list<").and_then(|t| t.strip_suffix('>')) {
            return Some(TypeRef::List(Box::new(self.type_ref(inner, path)?)));
        }
        let is_name = text.starts_with(|c: char| c.is_ascii_uppercase())
            && text.chars().all(|c| c.is_ascii_alphanumeric());
        if !is_name {
            self.err(path, format!("unknown type syntax `{text}`"));
            return None;
        }
        self.type_id(text, path).map(TypeRef::Named)
    }

    pub(super) fn fields(&mut self, specs: &[FieldSpec], path: &YamlPath) -> Vec<Field> {
        let mut out: Vec<Field> = Vec::new();
        for (i, f) in specs.iter().enumerate() {
            let fpath = path.index(i);
            let rust = f.rust.clone().unwrap_or_else(|| snake(&f.name));
            if out.iter().any(|o| o.wire == f.name) {
                self.err(
                    &fpath.key("name"),
                    format!("field `{}` is listed twice", f.name),
                );
            }
            if !is_snake(&rust) {
                self.err(
                    &fpath.key("name"),
                    format!("Rust name `{rust}` is not snake_case; set `rust`"),
                );
            } else if NOT_EVEN_RAW.contains(&rust.as_str()) {
                self.err(
                    &fpath.key("name"),
                    format!("`{rust}` cannot be a Rust field name, not even raw; set `rust`"),
                );
            } else if rust == EXTRA_FIELD || out.iter().any(|o| o.rust == rust) {
                self.err(
                    &fpath.key("name"),
                    format!("Rust name `{rust}` is taken; set `rust`"),
                );
            }
            let Some(ty) = self.type_ref(&f.ty, &fpath.key("type")) else {
                continue;
            };
            self.check_limits(f, &ty, &fpath);
            let mut field_doc = doc_with_notes(&f.doc, &f.notes);
            if f.example_only {
                field_doc
                    .en
                    .push_str("\n\nSeen only in the doc's examples.");
            }
            out.push(Field {
                wire: f.name.clone(),
                rust,
                ty,
                required: f.required,
                as_string: f.wire == Some(WireForm::String),
                sensitive: f.sensitive,
                compact_date: f.wire == Some(WireForm::Yyyymmdd),
                max_len: f.max_len,
                min: f.min,
                max: f.max,
                min_date: f.min_date.clone(),
                before_today: f.before_today,
                doc: field_doc,
                envelope: false,
                flatten: f.flatten,
                doc_quirks: DocQuirks {
                    names: f.doc_names.clone(),
                    doc_type: f.doc_type.clone(),
                    example_only: f.example_only,
                    doc_required: f.doc_required,
                    doc_missing: f.doc_missing,
                },
            });
        }
        out
    }

    /// Each limit applies to the types it can limit.
    fn check_limits(&mut self, f: &FieldSpec, ty: &TypeRef, fpath: &YamlPath) {
        if matches!(ty, TypeRef::List(inner) if **inner == TypeRef::Date) {
            self.err(
                &fpath.key("type"),
                "a date field holds one date, not a list",
            );
        }
        if matches!(ty, TypeRef::List(inner) if **inner == TypeRef::Secret) {
            self.err(
                &fpath.key("type"),
                "a secret field holds one secret, not a list",
            );
        }
        if f.wire == Some(WireForm::String) && !ty.is_integer() {
            self.err(
                &fpath.key("wire"),
                "`wire: string` applies to integer fields",
            );
        }
        if f.sensitive && (*ty != TypeRef::String || f.max_len.is_some()) {
            self.err(
                &fpath.key("sensitive"),
                "`sensitive` applies to string fields without `max_len`",
            );
        }
        if f.wire == Some(WireForm::Yyyymmdd) && *ty != TypeRef::Date {
            self.err(
                &fpath.key("wire"),
                "`wire: yyyymmdd` applies to date fields",
            );
        }
        if f.max_len.is_some() && *ty != TypeRef::String {
            self.err(&fpath.key("max_len"), "`max_len` applies to string fields");
        }
        for (key, limit) in [("min", f.min), ("max", f.max)] {
            if limit.is_some() && !ty.is_integer() {
                self.err(
                    &fpath.key(key),
                    format!("`{key}` applies to integer fields"),
                );
            }
        }
        if let (Some(min), Some(max)) = (f.min, f.max) {
            if min > max {
                self.err(&fpath.key("min"), "`min` is greater than `max`");
            }
        }
        if f.before_today && *ty != TypeRef::Date {
            self.err(
                &fpath.key("before_today"),
                "`before_today` applies to date fields",
            );
        }
        if let Some(min_date) = &f.min_date {
            if *ty != TypeRef::Date {
                self.err(&fpath.key("min_date"), "`min_date` applies to date fields");
            } else if parse_date(min_date).is_none() {
                self.err(
                    &fpath.key("min_date"),
                    "`min_date` is a date written yyyy-mm-dd",
                );
            }
        }
    }

    /// Checks that need every type resolved: wire keys unique per struct (flattened unions
    /// included), flattening only keyed unions, union variants holding structs, and no type
    /// containing itself.
    pub(super) fn check_type_refs(&mut self, spec: &SpecFile, types: &[Type]) {
        for (i, t) in types.iter().enumerate() {
            let path = root().key("types").index(i);
            match &t.body {
                TypeBody::Struct(fields) => {
                    let mut keys = BTreeSet::new();
                    for (j, f) in fields.iter().enumerate() {
                        let fpath = field_path(spec, &path, i, &f.wire, j);
                        for key in f.wire_keys(types) {
                            if !keys.insert(key) {
                                self.err(
                                    &fpath,
                                    format!("wire key `{key}` is used twice in `{}`", t.name),
                                );
                            }
                        }
                        let keyed = matches!(&f.ty, TypeRef::Named(id)
                            if matches!(&types[id.0].body, TypeBody::Union { tag: None, .. }));
                        if f.flatten && !keyed {
                            self.err(
                                &fpath.key("flatten"),
                                "only a keyed_union field can be flattened",
                            );
                        }
                    }
                }
                TypeBody::Union { variants, .. } => {
                    for (j, v) in variants.iter().enumerate() {
                        if !matches!(types[v.ty.0].body, TypeBody::Struct(_)) {
                            let vpath = path.key("variants").index(j).key("type");
                            let name = &types[v.ty.0].name;
                            self.err(&vpath, format!("`{name}` is not a struct type"));
                        }
                    }
                }
                _ => {}
            }
        }
        for (id, names) in containment_cycles(types) {
            self.err(
                &root().key("types").index(id.0).key("name"),
                format!(
                    "`{}` contains itself ({} -> {}): hold one of them in a list",
                    names[0],
                    names.join(" -> "),
                    names[0]
                ),
            );
        }
    }
}

/// The spec path of field `wire` of type number `type_index`; envelope fields added by the
/// generator are not in the file, so their position falls back to the type.
fn field_path(
    spec: &SpecFile,
    type_path: &YamlPath,
    type_index: usize,
    wire: &str,
    index: usize,
) -> YamlPath {
    let in_spec = spec
        .types
        .get(type_index)
        .and_then(|t| t.fields.iter().position(|f| f.name == wire));
    type_path.key("fields").index(in_spec.unwrap_or(index))
}
