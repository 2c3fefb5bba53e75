#!/usr/bin/env python3
"""The build-cost baselines of scripts/build-times.sh, made from a generated crate's sources.

Usage: derive-mirror.py [--types-only] SRC_DIR OUT_DIR

By default, the crate's types as a hand-written SDK would write them, with
`#[derive(Serialize, Deserialize)]` instead of the runtime's `object!`: copies the crate's
sources from SRC_DIR to OUT_DIR and, in `types.rs`, turns every struct that `rt::object!`
describes into a serde derive: wire names as `#[serde(rename)]`, optional fields `default` and
skipped when unset, `extra` skipped, dates as strings (so the date checks of `validate` go).
Enums, unions, clients and everything else stay as generated.

With `--types-only`, the lower bound of any SDK offering the same types: OUT_DIR gets a
`types.rs` with the struct and enum definitions alone, with the standard derives they carry
(`Clone`, `Debug`, `PartialEq`, ...), and a `lib.rs` declaring it: no (de)serialization, no
constructors, no clients, no error codes.

Either result is for measuring compile time only; it does not keep unknown fields and is not
tested.
"""

import os
import re
import shutil
import sys


def object_fields(source):
    """Removes the `rt::object!(...)` invocations; returns the source and {struct: {field: wire}}."""
    objects, out, i = {}, [], 0
    while (start := source.find("rt::object!(", i)) >= 0:
        out.append(source[i:start])
        end, depth = start + len("rt::object!("), 1
        while depth:
            depth += {"(": 1, ")": -1}.get(source[end], 0)
            end += 1
        body = source[start + len("rt::object!(") : end - 1]
        name = body.strip().split(",")[0].strip()
        objects[name] = dict(re.findall(r'(?:req|opt)::<.*?>\((\w+), "([^"]+)"', body))
        i = end + 2  # `);` and the line break
    out.append(source[i:])
    return "".join(out), objects


def derive(match, objects):
    head, name, body = match.group(1), match.group(2), match.group(3)
    if name not in objects:
        return match.group(0)
    wires, lines = objects[name], []
    for line in body.split("\n"):
        field = re.match(r"(\s*)pub (\w+): (.*),$", line)
        if field:
            indent, rust, ty = field.groups()
            attrs = []
            if rust == "extra":
                attrs.append("skip")
            elif rust in wires:
                if wires[rust] != rust:
                    attrs.append(f'rename = "{wires[rust]}"')
                if ty.startswith("Option<"):
                    attrs.append('default, skip_serializing_if = "Option::is_none"')
            if attrs:
                lines.append(f"{indent}#[serde({', '.join(attrs)})]")
        lines.append(line)
    head = head.replace("#[derive(", "#[derive(serde::Serialize, serde::Deserialize, ")
    return f"{head}pub struct {name} {{" + "\n".join(lines) + "\n}"


def mirror(source):
    source, objects = object_fields(source)
    source = re.sub(
        r"(#\[derive\([^\]]*\)\]\n#\[non_exhaustive\]\n)pub struct (\w+) \{(.*?)\n\}",
        lambda m: derive(m, objects),
        source,
        flags=re.S,
    )
    # Dates as strings, as hand-written SDKs keep them; their checks go with them.
    source = re.sub(r"\brt::Date\b", "String", source)
    source = re.sub(r"rt::wire::check_(before_today|min_date|span|span_rules)\((.|\n)*?\)\?;", "", source)
    # What the removed checks read is left unused.
    source = source.replace("\nuse ", "\n#![allow(unused_variables)]\nuse ", 1)
    # Unions still ask their variants for `Lossless`.
    for name in objects:
        source += (
            f"\nimpl rt::Lossless for {name} {{\n"
            "    fn misplaced_fields(&self, _: &str, _: &mut Vec<String>) {}\n}\n"
        )
    return source


def definitions(source):
    """The `use` lines and the struct and enum definitions (with their docs and attributes) of a
    generated `types.rs`; its other top-level items (impls, macro calls) dropped. A generated
    item ends with a `}` or `);` line at column 0, or is one line ending in `;`."""
    kept, item = [], []
    for line in source.split("\n"):
        item.append(line)
        if line in ("}", ");") or (line.endswith(";") and not line.startswith((" ", "/"))):
            if any(re.match(r"(use |pub (struct|enum) )", l) for l in item):
                kept.extend(item)
            item = []
    return "\n".join(kept) + "\n"


def types_only(src, out):
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    with open(f"{src}/types.rs", encoding="utf-8") as f:
        types = definitions(f.read())
    with open(f"{out}/types.rs", "w", encoding="utf-8") as f:
        f.write(types)
    with open(f"{out}/lib.rs", "w", encoding="utf-8") as f:
        f.write("//! Types only (build-cost bound).\n#![allow(dead_code)]\n"
                "pub use wechat_runtime::codegen as rt;\npub mod types;\n")


def main():
    if sys.argv[1] == "--types-only":
        types_only(sys.argv[2], sys.argv[3])
        return
    src, out = sys.argv[1], sys.argv[2]
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(src, out)
    with open(f"{src}/types.rs", encoding="utf-8") as f:
        types = f.read()
    with open(f"{out}/types.rs", "w", encoding="utf-8") as f:
        f.write(mirror(types))


if __name__ == "__main__":
    main()
