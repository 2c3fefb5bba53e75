//! What the doc tools share: their arguments, reading pages into the doc model, and finding a
//! domain in the spec.

use std::path::Path;

use wechat_doc::Page;
use wechat_spec::Spec;

/// `--domain <name> [--format json] <page>...`, in any order.
#[derive(Debug, Default)]
pub struct Args {
    /// The domain.
    pub domain: String,
    /// Pages, as given.
    pub pages: Vec<String>,
    /// JSON output instead of Markdown.
    pub json: bool,
}

impl Args {
    /// Parses the arguments; `None` when they do not fit.
    pub fn parse(args: &[&str]) -> Option<Args> {
        let mut out = Args::default();
        let mut it = args.iter();
        while let Some(arg) = it.next() {
            match *arg {
                "--domain" => out.domain = (*it.next()?).to_owned(),
                "--format" => match *it.next()? {
                    "json" => out.json = true,
                    "markdown" => out.json = false,
                    _ => return None,
                },
                flag if flag.starts_with("--") => return None,
                page => out.pages.push(page.to_owned()),
            }
        }
        (!out.domain.is_empty() && !out.pages.is_empty()).then_some(out)
    }
}

/// Reads each page into the doc model; a page that cannot be read (missing, not UTF-8, too
/// large, no endpoint) is an error naming it.
pub fn read_pages(paths: &[String]) -> Result<Vec<(String, Page)>, String> {
    paths
        .iter()
        .map(|path| {
            let bytes = std::fs::read(path).map_err(|err| format!("{path}: {err}"))?;
            let page = wechat_doc::read_bytes(&bytes).map_err(|err| format!("{path}: {err}"))?;
            Ok((path.clone(), page))
        })
        .collect()
}

/// The resolved spec of `dir` and the index of `domain` in it, if it has that domain.
pub fn domain_spec(
    dir: &Path,
    display: &Path,
    domain: &str,
) -> Result<(Spec, Option<usize>), String> {
    let spec = wechat_spec::resolve_dir(dir, display).map_err(|err| err.to_string())?;
    let index = spec.domains.iter().position(|d| d.name == domain);
    Ok((spec, index))
}
