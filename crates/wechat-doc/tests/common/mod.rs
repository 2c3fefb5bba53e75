//! Helpers shared by the tests.
#![allow(dead_code)] // each test crate uses a part

use wechat_doc::{Field, Page};

/// Reads a fixture page, which must read.
pub fn read(text: &str) -> Page {
    wechat_doc::read_page(text).expect("the fixture reads")
}

/// The field at a dotted path (`plants.leaves.size`) in `list`.
pub fn field<'a>(list: &'a [Field], path: &str) -> &'a Field {
    let mut current = list;
    let mut found = None;
    for name in path.split('.') {
        let f = current
            .iter()
            .find(|f| f.name == name)
            .unwrap_or_else(|| panic!("no field `{name}` of `{path}` in {:?}", names(current)));
        current = &f.children;
        found = Some(f);
    }
    found.expect("a non-empty path")
}

/// The names of a field list.
pub fn names(list: &[Field]) -> Vec<&str> {
    list.iter().map(|f| f.name.as_str()).collect()
}

/// The unplaced lines as (line, reason) pairs.
pub fn unplaced(page: &Page) -> Vec<(usize, wechat_doc::Why)> {
    page.unplaced.iter().map(|u| (u.line, u.why)).collect()
}
