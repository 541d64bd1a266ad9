"""Spec trees and examples vouched for without loading jsonschema.

jsonschema takes longer to import than the rest of loading a catalog in which one spec
changed. fastjsonschema compiles a JSON Schema to a Python function: the spec schema's
functions (one per `$defs` entry a file or a model is checked against) are kept compiled
in the cache, as Jinja keeps its templates, and load in a millisecond; so is the function
for a model's input schema, against which its example is checked when the model is
rebuilt (compiled the first time that schema is met).

They only vouch, and leave the value as it was (fastjsonschema would write defaults into
it unless told not to): a value the function accepts is valid, and anything else (a value it
rejects, an error) goes to jsonschema (catalog/shape.py, catalog/example_check.py),
which finds and words the problems. The schemas keep to keywords that draft 7 reads as
draft 2020-12 does (no `$ref` beside other keywords); where the two libraries could still
differ, fastjsonschema is the stricter (a pattern's `$` is the end of the text; it checks
a date-time, jsonschema here checks only formats.py's CHECKS): tests/test_fast_checks.py
holds them to the same answers. `HUBGEN_NO_CACHE=1` compiles every function each run.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import sys
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from types import CodeType
from typing import Any

from ..catalog.shape import spec_schema, spec_schema_text
from ..digests import generator_digest
from ..formats import CHECKS
from . import cache as store

_DRAFT7 = "http://json-schema.org/draft-07/schema#"
_OPTIONS = "formats: CHECKS; defaults not written"
"""How the functions are compiled (part of a kept function's key)."""

SCHEMAS_AT_MOST = 8
"""Input schemas compiled in one process at most: past these, a run checks so many models
that jsonschema's import costs less than compiling a function for each."""

Validate = Callable[[object], Any]


class FastChecks:
    """The Vouch of catalog/shape.py, by fastjsonschema's compiled functions."""

    def __init__(self) -> None:
        self._instances: dict[str, Validate | None] = {}

    def shape(self, definition: str, tree: object) -> bool:
        return _passes(_spec_validator(definition), tree)

    def instance(self, schema: Mapping[str, Any], value: object) -> bool:
        try:
            key = json.dumps(schema, sort_keys=True)
        except (TypeError, ValueError):
            return False
        if key not in self._instances:
            if len(self._instances) >= SCHEMAS_AT_MOST:
                return False
            self._instances[key] = _input_validator(key, schema)
        return _passes(self._instances[key], value)


def _passes(validate: Validate | None, value: object) -> bool:
    if validate is None:
        return False
    try:
        validate(value)
    except Exception:  # any refusal or failure leaves the answer to jsonschema
        return False
    return True


def _as_draft7(schema: dict[str, Any]) -> dict[str, Any]:
    return {**schema, "$schema": _DRAFT7}


def _input_validator(key: str, schema: Mapping[str, Any]) -> Validate | None:
    """The function for a model's input schema (`key`: its JSON, keys sorted): its code
    from the cache when made before, else compiled now and kept."""
    code, entry = _kept(_salt("input schema"), key.encode())
    if code is None:
        try:
            code = _code(_as_draft7(dict(schema)), "<input schema>")
        except Exception:  # a schema fastjsonschema cannot compile is left to jsonschema
            return None
        _keep(entry, code)
    return _function(code)


def _code(schema: dict[str, Any], name: str) -> CodeType:
    import fastjsonschema  # noqa: PLC0415 (a run that checks a spec pays for it)

    # use_default=False: by default the function writes each missing property's default
    # into the value it checks.
    source = fastjsonschema.compile_to_code(schema, formats=dict(CHECKS), use_default=False)
    return compile(source, name, "exec")


def _function(code: CodeType) -> Validate | None:
    namespace: dict[str, Any] = {}
    exec(code, namespace)  # fastjsonschema's output for a schema hubgen wrote
    validate = namespace.get("validate")
    if not callable(validate):
        return None
    formats = dict(CHECKS)
    return lambda value: validate(value, formats)


def _salt(what: str) -> bytes:
    """What a kept function's code depends on besides its schema: fastjsonschema, this
    Python, what the schema is, and how it is compiled (this generator's code: the
    formats' checks, the draft the schema is read as)."""
    import fastjsonschema  # noqa: PLC0415

    salt = f"{fastjsonschema.VERSION}\0{sys.version}\0{what}\0{_OPTIONS}\0{generator_digest()}"
    return salt.encode()


def _kept(salt: bytes, schema: bytes) -> tuple[CodeType | None, Path | None]:
    """The code kept in the cache for this schema (its text) and salt, if any and whole
    (a hash of the code checked), and where it is kept (None without a cache)."""
    entry = store.entry("spec-checks", salt, schema)
    data = store.load(entry)
    if data is None or hashlib.sha256(data[32:]).digest() != data[:32]:
        return None, entry
    try:
        code = marshal.loads(data[32:])
    except (EOFError, ValueError, TypeError):
        return None, entry
    return (code if isinstance(code, CodeType) else None), entry


def _keep(entry: Path | None, code: CodeType) -> None:
    if entry is not None:
        dumped = marshal.dumps(code)
        store.store(entry, hashlib.sha256(dumped).digest() + dumped)


@cache
def _spec_validator(definition: str) -> Validate | None:
    """The function for the spec schema's `$defs/<definition>`: its code from the cache
    when this fastjsonschema, this Python and this schema made it before, else compiled
    now and kept."""
    text, schema = spec_schema_text().encode(), spec_schema()
    if definition not in schema.get("$defs", {}):
        return None
    code, entry = _kept(_salt(definition), text)
    if code is None:
        wanted = _as_draft7({"$ref": f"#/$defs/{definition}", "$defs": schema["$defs"]})
        try:
            code = _code(wanted, f"<spec schema $defs/{definition}>")
        except Exception:
            return None
        _keep(entry, code)
    return _function(code)
