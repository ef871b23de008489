"""The naive check that `make bench` times beside `registry validate`: a per-file loop, as a sensible user
would write it with the usual libraries, in one process.

For each proposal file: read it, split the front matter off, parse it with PyYAML's C loader, validate it
with jsonschema (a Draft 2020-12 validator built once from the registry's schema, formats checked). Dates
are kept as text, as check-jsonschema keeps them: JSON Schema checks a date as a string with
``format: date``, and PyYAML would otherwise hand it a ``datetime.date``.

Usage: ``python bench/naive_validate.py ROOT``. Prints JSON: how many files were checked, and the
invalid ones (path relative to ROOT: their messages). Only the standard library, PyYAML and jsonschema
are imported, so that the process starts as such a script would.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import jsonschema
import yaml


class Loader(yaml.CSafeLoader):
    pass


def _text(loader: Loader, node: yaml.Node) -> str:
    return str(loader.construct_scalar(node))  # type: ignore[arg-type]


Loader.add_constructor("tag:yaml.org,2002:timestamp", _text)


def main(root: Path) -> dict[str, object]:
    schema = json.loads((root / "schema" / "proposal.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    files = sorted((root / "proposals").rglob("*.md"))
    invalid: dict[str, list[str]] = {}
    for path in files:
        text = path.read_text(encoding="utf-8")
        name = str(path.relative_to(root))
        if not text.startswith("---\n"):
            invalid[name] = ["no front matter"]
            continue
        front = text[4:].partition("\n---\n")[0]
        try:
            data = yaml.load(front, Loader=Loader)  # a safe loader, with dates as text
        except yaml.YAMLError as error:
            invalid[name] = [str(error)]
            continue
        messages = [error.message for error in validator.iter_errors(data)]
        if messages:
            invalid[name] = messages
    return {"files": len(files), "invalid": invalid}


if __name__ == "__main__":
    json.dump(main(Path(sys.argv[1])), sys.stdout, ensure_ascii=False)
