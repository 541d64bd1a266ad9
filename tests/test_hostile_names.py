"""No parameter name can break the SDK, end to end: a synthetic model whose parameters are
named after Python keywords, builtins, typing names, the SDK's own attributes, pydantic's
BaseModel attributes and the client methods' keywords is generated, type-checked with
mypy --strict, imported, validated, mapped and sent through the client to the mock hub."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from pydantic import BaseModel

from generator.catalog import load_catalog

from .support.local_hubs import mock_hub
from .support.repository import ROOT, TEMPLATES, run_hubgen

MULTI = ROOT / "tests/catalogs/multi/specs"
TOKEN = "hostile-names-token"
# One of each kind of name that broke generated code before, and their neighbours.
NAMES = [
    *("class", "def", "None", "True", "async", "await", "lambda", "match", "type"),
    *("str", "int", "float", "bool", "list", "dict", "print", "id", "input", "format"),
    *("Literal", "Any", "Final", "Optional", "Field", "Uri", "annotations"),
    *("to_input", "to_upstream", "hub_rules", "hub_images", "hub_model_id"),
    *("model_dump", "model_config", "model_fields", "schema", "validate", "copy"),
    *("self", "model", "validation", "timeout", "wait_timeout", "poll_interval", "params"),
    *("_private", "__dunder__", "1st", "with-dash", "with.dot"),
]
BASEMODEL = sorted(n for n in dir(BaseModel) if not n.startswith("__"))[:40]


def _spec(names: list[str]) -> str:
    params = {name: {"type": "string", "description": f"the {name!r} field"} for name in names}
    params["prompt"] = {"type": "string", "required": True}
    example = {"prompt": "p", **{name: f"v-{i}" for i, name in enumerate(names)}}
    body = {
        "id": "synth-hostile",
        "name": "Synth Hostile",
        "vendor": "Synthetic",
        "capability": "audio",
        "mode": "music-generate",
        "summary": "A synthetic model whose parameter names are hostile to Python.",
        "parameters": params,
        "example": example,
    }
    return json.dumps(body, indent=2)  # JSON is YAML


@pytest.fixture(scope="module")
def hostile_names_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture catalog plus a model whose parameters are named after keywords and
    BaseModel's members, linted and generated in a temporary project (its root)."""
    root = tmp_path_factory.mktemp("hostile-names")
    shutil.copytree(MULTI, root / "specs")
    names = sorted(set(NAMES) | set(BASEMODEL))
    (root / "specs/models/synth-hostile.yaml").write_text(_spec(names), encoding="utf-8")
    shutil.copytree(TEMPLATES, root / "templates")
    linted = run_hubgen("lint", cwd=root)
    assert linted.returncode == 0, linted.stdout + linted.stderr
    generated = run_hubgen("generate", cwd=root)
    assert generated.returncode == 0, generated.stdout + generated.stderr
    return root


def test_the_generated_sdk_type_checks(hostile_names_project: Path) -> None:
    checked = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "-p", "hub_sdk"],
        cwd=hostile_names_project / "generated/python",
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


SCRIPT = textwrap.dedent("""
    import json, sys, warnings
    warnings.simplefilter("error")
    import hub_sdk
    from hub_sdk import HubClient
    from hub_sdk.models.synth_hostile import SynthHostileInput

    example = json.loads(sys.argv[1])
    assert hub_sdk.validate_input("synth-hostile", example) == example
    assert hub_sdk.to_fal_input("synth-hostile", example) == example
    request = SynthHostileInput.model_validate(example)
    assert request.hub_model_id == "synth-hostile"
    assert request.model_dump(by_alias=True, exclude_none=True) == example
    try:
        hub_sdk.validate_input("synth-hostile", {**example, "class": 3})
    except hub_sdk.InputError as error:
        assert "class" in str(error)
    else:
        raise AssertionError("a wrong type passed")
    with HubClient() as client:
        task = client.audio.submit("synth-hostile", example)
        done = client.tasks.wait(task.task_id)
    assert task.model_extra["input"] == example, task.model_extra
    print(done.status)
    """)


def test_every_name_survives_import_validation_and_the_client(hostile_names_project: Path) -> None:
    catalog = load_catalog(hostile_names_project / "specs").catalog
    assert catalog is not None
    model = catalog.model("synth-hostile")
    assert model is not None
    env = {k: v for k, v in os.environ.items() if not k.startswith("HUB_")}
    with mock_hub(catalog, TOKEN, task_delay=0) as (url, _):
        ran = subprocess.run(
            [sys.executable, "-c", SCRIPT, json.dumps(dict(model.example))],
            capture_output=True,
            text=True,
            env={
                **env,
                "PYTHONPATH": str(hostile_names_project / "generated/python"),
                "HUB_BASE_URL": url,
                "HUB_API_KEY": TOKEN,
            },
            timeout=120,
            check=False,
        )
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.strip() == "completed"
