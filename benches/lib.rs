//! Shared helpers of the benchmarks in `benches/`: timing statistics and the doc examples.

use std::path::{Path, PathBuf};
use std::time::Duration;

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from(".."), Path::to_owned)
}

/// Median and 99th percentile of `samples`.
pub fn median_p99(samples: &mut [Duration]) -> (Duration, Duration) {
    samples.sort();
    if samples.is_empty() {
        return (Duration::ZERO, Duration::ZERO);
    }
    let at = |q: f64| samples[((samples.len() - 1) as f64 * q).round() as usize];
    (at(0.5), at(0.99))
}

/// The example of `endpoint` in `spec/<file>` named `label`, or its first response example
/// when `label` is `"response"`.
pub fn spec_example(file: &str, endpoint: &str, label: &str) -> String {
    let path = workspace_root().join("spec").join(file);
    let text = std::fs::read_to_string(&path).expect("spec file");
    let loaded = wechat_spec::load::parse(Path::new(file), &text).expect("valid spec");
    let e = loaded
        .spec
        .endpoints
        .iter()
        .find(|e| e.name == endpoint)
        .expect("endpoint");
    e.examples
        .iter()
        .find(|x| match label {
            "response" => x.of == wechat_spec::model::ExampleOf::Response,
            name => x.name.as_deref() == Some(name),
        })
        .map(|x| x.json.clone())
        .expect("example")
}

/// A page of `n` copies of the example's first `list` item, so that decoding dominates.
pub fn page(example: &str, list: &str, n: usize) -> String {
    let mut value: serde_json::Value = serde_json::from_str(example).expect("example");
    let item = value[list][0].clone();
    value[list] = serde_json::Value::Array(vec![item; n]);
    value.to_string()
}
