//! Paging: each field a paging style names must exist with the type its role needs.

use super::Cx;
use crate::ir::{Field, FieldRef, Paging, PagingStyle, Type, TypeBody, TypeId, TypeRef};
use crate::locate::YamlPath;
use crate::model::{self, PagingSpec};

fn fields_of(types: &[Type], id: Option<TypeId>) -> &[Field] {
    match id.map(|id| &types[id.0].body) {
        Some(TypeBody::Struct(fields)) => fields,
        _ => &[],
    }
}

/// What a paging field must be.
struct Want<'a> {
    key: &'a str,
    wire: Option<&'a String>,
    types: &'a [TypeRef],
    required: bool,
}

impl Cx<'_> {
    pub(super) fn paging(
        &mut self,
        p: &PagingSpec,
        path: &YamlPath,
        types: &[Type],
        request: Option<TypeId>,
        response: TypeId,
    ) -> Option<Paging> {
        let request = fields_of(types, request);
        let response = fields_of(types, Some(response));
        let style = match p.style {
            model::PagingStyle::Page => PagingStyle::Page,
            model::PagingStyle::Offset => PagingStyle::Offset,
            model::PagingStyle::Cursor => PagingStyle::Cursor,
        };
        let before = self.errors.len();
        let items_field = response.iter().find(|f| f.wire == p.items);
        let item = match items_field.map(|f| &f.ty) {
            Some(TypeRef::List(inner)) => Some((**inner).clone()),
            _ => {
                self.err(
                    &path.key("items"),
                    format!("`{}` is not a list field of the response", p.items),
                );
                None
            }
        };
        let items = items_field.map(FieldRef::from);
        let (position, size, total) = match style {
            // Page numbers and offsets differ only in the position field and its integer type
            // (`page_size: u32` with `page: u32`; `count: i64` with `offset: i64`).
            PagingStyle::Page | PagingStyle::Offset => {
                let (key, wire, int) = if style == PagingStyle::Page {
                    ("page", p.page.as_ref(), TypeRef::U32)
                } else {
                    ("offset", p.offset.as_ref(), TypeRef::I64)
                };
                let ints = std::slice::from_ref(&int);
                let position = self.pick(
                    request,
                    path,
                    style,
                    Want {
                        key,
                        wire,
                        types: ints,
                        required: true,
                    },
                );
                let size = Want {
                    key: "size",
                    wire: p.size.as_ref(),
                    types: ints,
                    required: true,
                };
                let size = self.pick(request, path, style, size);
                let total = Want {
                    key: "total",
                    wire: p.total.as_ref(),
                    types: &[TypeRef::I64],
                    required: false,
                };
                (position, size, self.pick(response, path, style, total))
            }
            PagingStyle::Cursor => {
                let want = || Want {
                    key: "cursor",
                    wire: p.cursor.as_ref(),
                    types: &[TypeRef::String],
                    required: false,
                };
                let cursor = self.pick(request, path, style, want());
                let returned = self.pick(response, path, style, want());
                if p.page_size.is_none() {
                    self.err(path, "cursor paging needs `page_size`");
                }
                (cursor, None, returned)
            }
        };
        if self.errors.len() > before {
            return None;
        }
        Some(Paging {
            style,
            items: items?,
            item: item?,
            position: position?,
            size,
            total,
            page_size: p.page_size.unwrap_or_default(),
        })
    }

    /// The field of `fields` that `want` names, if it has the type and `required` wanted.
    fn pick(
        &mut self,
        fields: &[Field],
        path: &YamlPath,
        style: PagingStyle,
        want: Want<'_>,
    ) -> Option<FieldRef> {
        let Some(wire) = want.wire else {
            self.err(
                path,
                format!("`{style:?}` paging needs `{}`", want.key).to_lowercase(),
            );
            return None;
        };
        match fields.iter().find(|f| &f.wire == wire) {
            Some(f) if want.types.contains(&f.ty) && want.required == f.required => {
                Some(FieldRef::from(f))
            }
            _ => {
                let req = if want.required {
                    "a required "
                } else {
                    "an optional "
                };
                let kinds: Vec<&str> = want
                    .types
                    .iter()
                    .filter_map(TypeRef::primitive_name)
                    .collect();
                self.err(
                    &path.key(want.key),
                    format!(
                        "`{}` names {req}{} field, `{wire}` is not",
                        want.key,
                        kinds.join(" or ")
                    ),
                );
                None
            }
        }
    }
}
