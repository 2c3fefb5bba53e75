//! Named types: their names and indices, enums, unions and date spans.

use std::collections::BTreeSet;

use super::{doc_with_notes, root, Cx};
use crate::ir::{DateSpan, EnumValue, FieldRef, Period, Type, TypeBody, TypeId, TypeRef, Variant};
use crate::locate::YamlPath;
use crate::model::{EnvelopeSpec, PeriodSpec, SpecFile, TypeKind, TypeSpec};
use crate::names::{camel, is_camel};

use super::endpoints::{base_resp_type, BASE_RESP};

/// Names a type cannot take: the generated crate's own items, and the prelude's names that
/// generated code uses unqualified.
const RESERVED_TYPE_NAMES: &[&str] = &[
    "Client",
    "ErrorCode",
    "Error",
    "Self",
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "Vec",
    "String",
    "Box",
    "Default",
    "Clone",
    "Debug",
    "PartialEq",
    "Eq",
    "Copy",
    "Send",
    "Sync",
    "Sized",
    "From",
    "Into",
    "Iterator",
    "ToString",
    "Drop",
    // Re-exported from the runtime by every crate, for signed and binary endpoints.
    "Secret",
    "Binary",
];

impl Cx<'_> {
    /// Every named type, indexed first so that fields can refer to any of them.
    pub(super) fn types(&mut self, spec: &SpecFile) -> Vec<Type> {
        for (i, t) in spec.types.iter().enumerate() {
            let path = root().key("types").index(i);
            if !is_camel(&t.name) {
                self.err(&path.key("name"), "type names are UpperCamelCase");
            }
            let taken = self.type_ids.contains_key(&t.name)
                || RESERVED_TYPE_NAMES.contains(&t.name.as_str())
                || (t.name == BASE_RESP && spec.envelope == EnvelopeSpec::BaseResp);
            if taken {
                self.err(
                    &path.key("name"),
                    format!("type name `{}` is taken", t.name),
                );
            } else {
                self.type_ids.insert(t.name.clone(), TypeId(i));
            }
        }
        if spec.envelope == EnvelopeSpec::BaseResp {
            self.type_ids
                .insert(BASE_RESP.to_owned(), TypeId(spec.types.len()));
        }
        let mut out: Vec<Type> = Vec::new();
        for (i, t) in spec.types.iter().enumerate() {
            let path = root().key("types").index(i);
            let body = self.type_body(t, &path);
            let date_spans = self.date_spans(t, &body, &path);
            out.push(Type {
                name: t.name.clone(),
                doc: doc_with_notes(&t.doc, &t.notes),
                body,
                date_spans,
            });
        }
        if spec.envelope == EnvelopeSpec::BaseResp {
            out.push(base_resp_type());
        }
        out
    }

    /// The index of the type called `name`, reporting an unknown one at `path`.
    pub(super) fn type_id(&mut self, name: &str, path: &YamlPath) -> Option<TypeId> {
        let id = self.type_ids.get(name).copied();
        if id.is_none() {
            self.err(path, format!("unknown type `{name}`"));
        }
        id
    }

    fn unexpected(&mut self, t: &TypeSpec, path: &YamlPath) {
        let kind = t.kind;
        if kind != TypeKind::Struct && !t.fields.is_empty() {
            self.err(&path.key("fields"), "only a struct has fields");
        }
        if !matches!(kind, TypeKind::StringEnum | TypeKind::IntEnum) && !t.values.is_empty() {
            self.err(&path.key("values"), "only an enum has values");
        }
        let union = matches!(kind, TypeKind::TaggedUnion | TypeKind::KeyedUnion);
        if !union && !t.variants.is_empty() {
            self.err(&path.key("variants"), "only a union has variants");
        }
        if kind != TypeKind::TaggedUnion && t.tag.is_some() {
            self.err(&path.key("tag"), "only a tagged_union has a tag");
        }
    }

    fn type_body(&mut self, t: &TypeSpec, path: &YamlPath) -> TypeBody {
        self.unexpected(t, path);
        match t.kind {
            TypeKind::Struct => TypeBody::Struct(self.fields(&t.fields, &path.key("fields"))),
            TypeKind::StringEnum => TypeBody::StringEnum(self.enum_values(t, path, |v| {
                v.as_str()
                    .map(|s| (s.to_owned(), camel(s)))
                    .ok_or("a string_enum value is a string")
            })),
            TypeKind::IntEnum => TypeBody::IntEnum(self.enum_values(t, path, |v| {
                // An int_enum value has no name to derive; `name` is required.
                v.as_i64()
                    .map(|n| (n, String::new()))
                    .ok_or("an int_enum value is an integer")
            })),
            TypeKind::TaggedUnion | TypeKind::KeyedUnion => self.union(t, path),
        }
    }

    /// The values of an enum; `parse` gives a value and its default variant name (empty when
    /// the spec must name it).
    fn enum_values<T: PartialEq + std::fmt::Debug>(
        &mut self,
        t: &TypeSpec,
        path: &YamlPath,
        parse: impl Fn(&serde_json::Value) -> Result<(T, String), &'static str>,
    ) -> Vec<EnumValue<T>> {
        let mut values: Vec<EnumValue<T>> = Vec::new();
        for (i, v) in t.values.iter().enumerate() {
            let vpath = path.key("values").index(i);
            let (value, default_name) = match parse(&v.value) {
                Ok(parsed) => parsed,
                Err(message) => {
                    self.err(&vpath.key("value"), message);
                    continue;
                }
            };
            let variant = match (&v.name, default_name.is_empty()) {
                (Some(name), _) => name.clone(),
                (None, false) => default_name,
                (None, true) => {
                    self.err(&vpath, "an int_enum value needs a `name`");
                    continue;
                }
            };
            if values.iter().any(|o| o.value == value) {
                self.err(
                    &vpath.key("value"),
                    format!("value {value:?} is listed twice"),
                );
            }
            self.variant_name(&variant, values.iter().map(|o| &o.variant), &vpath);
            values.push(EnumValue {
                value,
                variant,
                doc: doc_with_notes(&v.doc, &v.notes),
                doc_names: v.doc_names.clone(),
                example_only: v.example_only,
            });
        }
        if values.is_empty() {
            self.err(&path.key("values"), "an enum needs at least one value");
        }
        values
    }

    fn union(&mut self, t: &TypeSpec, path: &YamlPath) -> TypeBody {
        let tag = t.tag.clone();
        if t.kind == TypeKind::TaggedUnion && tag.as_deref().unwrap_or_default().is_empty() {
            self.err(&path.key("kind"), "a tagged_union needs a `tag`");
        }
        let mut variants: Vec<Variant> = Vec::new();
        for (i, v) in t.variants.iter().enumerate() {
            let vpath = path.key("variants").index(i);
            let variant = v.name.clone().unwrap_or_else(|| camel(&v.key));
            match (&tag, &v.tag) {
                (Some(_), None) => self.err(&vpath, "a variant of a tagged_union needs a `tag`"),
                (None, Some(_)) => self.err(&vpath.key("tag"), "a keyed_union has no tags"),
                (Some(_), Some(value))
                    if variants.iter().any(|o| o.tag.as_ref() == Some(value)) =>
                {
                    self.err(&vpath.key("tag"), format!("tag `{value}` is listed twice"))
                }
                _ => {}
            }
            if variants.iter().any(|o| o.key == v.key) || Some(&v.key) == tag.as_ref() {
                self.err(&vpath.key("key"), format!("key `{}` is taken", v.key));
            }
            self.variant_name(&variant, variants.iter().map(|o| &o.variant), &vpath);
            let Some(ty) = self.type_id(&v.ty, &vpath.key("type")) else {
                continue;
            };
            variants.push(Variant {
                tag: v.tag.clone(),
                key: v.key.clone(),
                ty,
                variant,
                doc: doc_with_notes(&v.doc, &[]),
            });
        }
        if t.variants.is_empty() {
            self.err(&path.key("variants"), "a union needs variants");
        }
        TypeBody::Union { tag, variants }
    }

    fn variant_name<'n>(
        &mut self,
        variant: &str,
        mut taken: impl Iterator<Item = &'n String>,
        path: &YamlPath,
    ) {
        if !is_camel(variant) || variant == "Self" {
            self.err(
                path,
                format!("variant name `{variant}` is not UpperCamelCase"),
            );
        } else if variant == "Unknown" || taken.any(|t| t == variant) {
            self.err(path, format!("variant name `{variant}` is taken"));
        }
    }

    fn date_spans(&mut self, t: &TypeSpec, body: &TypeBody, path: &YamlPath) -> Vec<DateSpan> {
        let mut out = Vec::new();
        for (i, span) in t.date_spans.iter().enumerate() {
            let spath = path.key("date_spans").index(i);
            let TypeBody::Struct(fields) = body else {
                self.err(&spath, "only a struct has date spans");
                continue;
            };
            let mut find = |wire: &str, key: &str| -> Option<FieldRef> {
                match fields.iter().find(|f| f.wire == wire) {
                    Some(f) if f.ty == TypeRef::Date => Some(FieldRef::from(f)),
                    _ => {
                        self.err(
                            &spath.key(key),
                            format!("`{wire}` is not a date field of this struct"),
                        );
                        None
                    }
                }
            };
            let found = (find(&span.start, "start"), find(&span.end, "end"));
            if span.max_days.is_none() && span.days.is_empty() && span.period.is_none() {
                self.err(&spath, "a date span needs `max_days`, `days` or `period`");
            }
            let period = span.period.map(|p| match p {
                PeriodSpec::Day => Period::Day,
                PeriodSpec::Week => Period::Week,
                PeriodSpec::Month => Period::Month,
            });
            if let Some(bad) = span
                .days
                .iter()
                .find(|&&d| span.max_days.is_some_and(|m| d > m))
            {
                self.err(
                    &spath.key("days"),
                    format!("{bad} days is over `max_days`: no range could pass"),
                );
            }
            let fixed = match period {
                Some(Period::Day) => Some(0),
                Some(Period::Week) => Some(6),
                _ => None,
            };
            if let (Some(n), false) = (fixed, span.days.is_empty()) {
                if !span.days.contains(&n) {
                    self.err(
                        &spath.key("days"),
                        format!("`period` needs a span of {n} days, which `days` does not allow"),
                    );
                }
            }
            if let (Some(start), Some(end)) = found {
                out.push(DateSpan {
                    start,
                    end,
                    max_days: span.max_days,
                    days: span.days.clone(),
                    period,
                });
            }
        }
        out
    }
}

/// Types that contain themselves through fields and union variants without a list between:
/// they would have infinite size. Each cycle is reported once, by its first type.
pub(super) fn containment_cycles(types: &[Type]) -> Vec<(TypeId, Vec<String>)> {
    let direct = |id: TypeId| -> Vec<TypeId> {
        match &types[id.0].body {
            TypeBody::Struct(fields) => fields
                .iter()
                .filter_map(|f| match &f.ty {
                    TypeRef::Named(target) => Some(*target),
                    _ => None,
                })
                .collect(),
            TypeBody::Union { variants, .. } => variants.iter().map(|v| v.ty).collect(),
            _ => Vec::new(),
        }
    };
    let mut reported: BTreeSet<TypeId> = BTreeSet::new();
    let mut cycles = Vec::new();
    for start in (0..types.len()).map(TypeId) {
        if reported.contains(&start) {
            continue;
        }
        // Depth-first search for a path back to `start`.
        let mut stack = vec![(start, vec![start])];
        let mut seen = BTreeSet::new();
        while let Some((at, trail)) = stack.pop() {
            for next in direct(at) {
                if next == start {
                    reported.extend(trail.iter().copied());
                    let names = trail.iter().map(|id| types[id.0].name.clone()).collect();
                    cycles.push((start, names));
                    stack.clear();
                    break;
                }
                if seen.insert(next) {
                    let mut longer = trail.clone();
                    longer.push(next);
                    stack.push((next, longer));
                }
            }
        }
    }
    cycles
}
