//! The round-trip property of generated types under mutated doc examples.

use std::fmt::Debug;
use std::panic::{catch_unwind, AssertUnwindSafe};

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use wechat_runtime::codegen::wire;

use super::{cases, report, save_input, shorten, JsonMutator, KnownDefect, Rng, DEFAULT_CASES};

/// Asserts, for [`cases`]`(`[`DEFAULT_CASES`]`)` mutations of the doc example `json` (test
/// `name`), that decoding as `T` never panics, and that whatever decodes re-encodes to JSON
/// that decodes again to an equal value and encodes to the same text. An input that does not
/// decode is fine: a typed error is what the runtime reports. Failures name each input, its
/// type and a file holding it. Mutations that hit [`KnownDefect::FloatDrift`] are left out.
pub fn assert_mutations_round_trip<T>(name: &str, json: &str)
where
    T: Serialize + DeserializeOwned + PartialEq + Debug,
{
    assert_mutations_round_trip_with::<T>(name, json, &[KnownDefect::FloatDrift], |_| {});
}

/// [`assert_mutations_round_trip`], leaving out the mutations that hit the known defects in
/// `skip` (unless [`super::KNOWN_DEFECTS_VAR`] is set), and running `also` on every value that
/// decodes (a request's `validate`, which must not panic either).
pub fn assert_mutations_round_trip_with<T>(
    name: &str,
    json: &str,
    skip: &[KnownDefect],
    also: fn(&T),
) where
    T: Serialize + DeserializeOwned + PartialEq + Debug,
{
    let example: Value = serde_json::from_str(json).expect("a doc example is JSON");
    let mutator = JsonMutator::new(&example, skip);
    let mut rng = Rng::for_input(name);
    let ty = std::any::type_name::<T>();
    // The unmutated input must round-trip, or the mutations would test nothing.
    match round_trip::<T>(json, also) {
        Ok(true) => {}
        Ok(false) => panic!("{name} does not decode as {ty}: {json}"),
        Err(why) => panic!("{name} does not round-trip as {ty}: {why}"),
    }
    let (tried, mut accepted, mut failures) = (cases(DEFAULT_CASES), 0, Vec::new());
    for case in 0..tried {
        let input = mutator.mutate(&mut rng);
        let outcome = catch_unwind(AssertUnwindSafe(|| round_trip::<T>(&input, also)))
            .unwrap_or_else(|panic| Err(format!("panicked: {}", panic_message(&*panic))));
        match outcome {
            Ok(true) => accepted += 1,
            Ok(false) => {}
            Err(why) => {
                let saved = save_input(name, case, input.as_bytes());
                failures.push(format!(
                    "case {case} ({}): {why}\n  input: {}",
                    saved.display(),
                    shorten(&input, 600)
                ));
            }
        }
    }
    report("round-trip", name, tried, accepted);
    assert!(
        failures.is_empty(),
        "{} of {tried} mutations of {name} failed the round trip as {ty}:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Whether `input` decodes; an error says how a decoded value failed to round-trip.
fn round_trip<T>(input: &str, also: fn(&T)) -> Result<bool, String>
where
    T: Serialize + DeserializeOwned + PartialEq + Debug,
{
    // As the runtime decodes: plain serde_json, the path found from the error's position.
    let decode = |text: &str| serde_json::from_str::<T>(text);
    let Ok(first) = decode(input) else {
        return Ok(false);
    };
    also(&first);
    let encoded = serde_json::to_string(&first)
        .map_err(|e| format!("the decoded value does not encode: {e}"))?;
    let second = decode(&encoded).map_err(|e| {
        format!(
            "its encoding does not decode at {}: {}\n  encoded: {}",
            wire::error_path(encoded.as_bytes(), &e),
            e,
            shorten(&encoded, 600)
        )
    })?;
    if second != first {
        return Err(format!(
            "a round trip changed the value\n  encoded: {}\n  decoded: {}\n  decoded again: {}",
            shorten(&encoded, 600),
            shorten(&format!("{first:?}"), 600),
            shorten(&format!("{second:?}"), 600)
        ));
    }
    let again = serde_json::to_string(&second)
        .map_err(|e| format!("the value does not encode again: {e}"))?;
    if again != encoded {
        return Err(format!(
            "the encoding is not stable\n  first: {}\n  then:  {}",
            shorten(&encoded, 600),
            shorten(&again, 600)
        ));
    }
    Ok(true)
}

/// The message of a caught panic.
pub fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(not a string)".to_owned())
}
