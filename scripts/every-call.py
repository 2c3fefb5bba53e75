#!/usr/bin/env python3
"""Writes the lib.rs of an application crate that calls every endpoint of a generated crate.

Usage: every-call.py <crate name> <crate src dir> <out lib.rs>

The calls are what an application compiles for the crate: the async client's futures (boxed,
so that their code is compiled here) and, with the `blocking` feature, the blocking client's
calls; item streams and iterators are collected. scripts/build-times.sh times its build.
"""
import re
import sys

crate, src, out = sys.argv[1], sys.argv[2], sys.argv[3]
rust = crate.replace("-", "_")
# A client method that calls WeChat (it returns a `Result`, an item stream or an iterator): its
# name and, if it takes one, its request (by reference, or by value for streams and iterators).
CALL = re.compile(
    r"pub (?:async )?fn (\w+)\(\s*&self,?\s*(?:request: (&?)crate::types::(\w+),?\s*)?\)"
    r"\s*->\s*(?:Result|rt::Item)"
)


def function(name, client, path, blocking):
    """A function taking the client and each call's request, making every call."""
    params, lines = [f"client: &{rust}::{client}"], []
    for i, (method, by_ref, request) in enumerate(CALL.findall(open(path).read())):
        if not request:
            call = f"client.{method}()"
        else:
            params.append(f"r{i}: {by_ref}{rust}::types::{request}")
            call = f"client.{method}(r{i})" + ("" if by_ref else ".try_collect()")
        lines.append(f"    let _ = {call};" if blocking else f"    let _ = boxed({call});")
    return [f"pub fn {name}({', '.join(params)}) {{", *lines, "}"]


text = [
    "//! Calls every endpoint of the crate: what an application compiles for it.",
    "use std::future::Future;",
    "use std::pin::Pin;",
    "",
    "fn boxed<'a, F: Future + 'a>(f: F) -> Pin<Box<dyn Future<Output = F::Output> + 'a>> {",
    "    Box::pin(f)",
    "}",
    "",
    *function("every_call", "Client", f"{src}/client.rs", False),
    "",
    '#[cfg(feature = "blocking")]',
    *function("every_blocking_call", "blocking::Client", f"{src}/blocking.rs", True),
]
open(out, "w").write("\n".join(text) + "\n")
