"""Formatting and checking rendered text before anything is written."""

from __future__ import annotations

import json
from pathlib import PurePosixPath

from black import format_str
from black.mode import Mode, TargetVersion
from black.parsing import InvalidInput

from .errors import RenderError

BLACK_MODE = Mode(target_versions={TargetVersion.PY311}, line_length=100)


def format_file(path: PurePosixPath, text: str) -> str:
    """`text` formatted for its kind; raises RenderError if it is not valid."""
    if path.suffix == ".py":
        try:
            formatted = format_str(text, mode=BLACK_MODE)
        except InvalidInput as exc:
            raise RenderError(f"{path}: generated Python does not parse: {exc}") from exc
        try:
            compile(formatted, str(path), "exec")
        except SyntaxError as exc:
            raise RenderError(
                f"{path}:{exc.lineno}: generated Python does not compile: {exc.msg}"
            ) from exc
        return formatted
    if path.suffix == ".json":
        try:
            json.loads(text)
        except json.JSONDecodeError as exc:
            raise RenderError(
                f"{path}:{exc.lineno}: generated JSON does not parse: {exc.msg}"
            ) from exc
    return text
