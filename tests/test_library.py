"""`import generator`: the library surface, complete, sorted and cheap to import."""

from __future__ import annotations

import subprocess
import sys

import generator
from generator.catalog import load_catalog
from generator.errors import SpecError
from generator.project import render_all

from .support.repository import ROOT


def test_the_surface_is_sorted_and_complete() -> None:
    assert generator.__all__ == sorted(generator.__all__)
    assert set(generator.__all__) == {*generator._EXPORTS, "__version__"}
    for name in generator.__all__:
        assert getattr(generator, name) is not None, name


def test_each_name_is_the_object_its_module_defines() -> None:
    assert generator.load_catalog is load_catalog
    assert generator.render_all is render_all
    assert generator.SpecError is SpecError


def test_an_unknown_name_is_an_attribute_error() -> None:
    try:
        generator.nothing_here  # noqa: B018
    except AttributeError as exc:
        assert "nothing_here" in str(exc)
    else:
        raise AssertionError("no AttributeError")


def _loaded_after(module: str, watched: tuple[str, ...]) -> list[str]:
    """Which of `watched` a fresh interpreter has loaded once it imported `module`."""
    probe = f"import sys, {module}\nprint(' '.join(m for m in {watched!r} if m in sys.modules))"
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return done.stdout.split()


def test_importing_the_package_loads_no_stage() -> None:
    watched = ("jinja2", "ruamel.yaml", "generator.project", "generator.catalog")
    assert _loaded_after("generator", watched) == []


def test_the_loader_imports_no_later_stage() -> None:
    """Loading specs needs neither the renderer, the targets nor the writer."""
    watched = ("generator.output.writer", "generator.project", "generator.targets", "jinja2")
    assert _loaded_after("generator.catalog", watched) == []
    assert _loaded_after("generator.project", watched) != []  # the probe sees what loads
