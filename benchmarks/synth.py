"""Synthetic catalogs of any size, varied like the real one.

The 25 real models, then copies of them under new ids (model 25 + i is a copy of real
model i mod 25): every mode, enum, range, rule, image mapping and shared base of specs/
recurs, copies extend what their originals extend, and every example still passes.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPECS = ROOT / "specs"


def build(size: int, target: Path) -> Path:
    """A specs/ tree of `size` models in `target`; returns its path."""
    specs = target / "specs"
    if specs.exists():
        shutil.rmtree(specs)
    shutil.copytree(SPECS, specs)
    originals = sorted((SPECS / "models").glob("*.yaml"))
    if size < len(originals):
        raise ValueError(f"a synthetic catalog has at least {len(originals)} models")
    for index in range(size - len(originals)):
        source = originals[index % len(originals)]
        model_id = f"{source.stem}-n{index:04d}"
        text = source.read_text("utf-8")
        text = re.sub(r"^id: .*$", f"id: {model_id}", text, count=1, flags=re.MULTILINE)
        text = re.sub(r"^name: (.*)$", rf"name: \1 n{index}", text, count=1, flags=re.MULTILINE)
        (specs / "models" / f"{model_id}.yaml").write_text(text, encoding="utf-8")
    return specs


def touch_one(specs: Path, round_: int) -> Path:
    """Rename one model, as a catalog update would (a new name each round)."""
    copies = sorted((specs / "models").glob("*-n*.yaml"))
    first = copies[0] if copies else sorted((specs / "models").glob("*.yaml"))[0]
    text = first.read_text("utf-8")
    pattern = re.compile(r"^name: (.*?)( r\d+)?$", re.MULTILINE)
    text = pattern.sub(rf"name: \1 r{round_}", text, count=1)
    first.write_text(text, encoding="utf-8")
    return first
