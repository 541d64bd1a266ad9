"""hub_sdk's public names: declared, sorted, importable, and cheap to import."""

from __future__ import annotations

import subprocess
import sys

import hub_sdk


def test_all_is_declared_and_importable() -> None:
    assert len(hub_sdk.__all__) == len(set(hub_sdk.__all__))
    for name in hub_sdk.__all__:
        assert getattr(hub_sdk, name) is not None
    for required in ("validate_input", "to_fal_input", "InputError", "HubClient", "HubInput"):
        assert required in hub_sdk.__all__
    # The request models are typed in their own modules, not re-exported (a type checker
    # would read every one of them); at run time hub_sdk.<Model>Input still works.
    assert not [name for name in hub_sdk.__all__ if name.endswith("Input") and name != "HubInput"]
    assert hub_sdk.Veo31Input.hub_model_id == "veo-3.1"


def test_model_classes_load_lazily() -> None:
    code = (
        "import sys, hub_sdk; "
        "assert not [m for m in sys.modules if m.startswith('hub_sdk.models.')]; "
        "hub_sdk.Veo31Input; "
        "print(sorted(m for m in sys.modules if m.startswith('hub_sdk.models.')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['hub_sdk.models.veo_3_1']"


def test_import_loads_the_registry_only() -> None:
    code = (
        "import sys, hub_sdk; "
        "print(sorted(m for m in ('pydantic', 'httpx') if m in sys.modules)); "
        "hub_sdk.validate_input('veo-3.1', {'prompt': 'p'}); "
        "print(sorted(m for m in ('pydantic', 'httpx') if m in sys.modules)); "
        "hub_sdk.HubClient; "
        "print(sorted(m for m in ('pydantic', 'httpx') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split("\n")[:3] == ["[]", "['pydantic']", "['httpx', 'pydantic']"]
