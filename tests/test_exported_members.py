"""hub_sdk's public names: declared, sorted, importable, and cheap to import."""

from __future__ import annotations

import subprocess
import sys

import hub_sdk


def test_all_is_declared_and_importable() -> None:
    assert len(hub_sdk.__all__) == len(set(hub_sdk.__all__))
    for name in hub_sdk.__all__:
        assert getattr(hub_sdk, name) is not None
    for required in (
        "validate_input",
        "to_fal_input",
        "InputError",
        "Veo31Input",
        "Wan27EditInput",
    ):
        assert required in hub_sdk.__all__


def test_model_classes_load_lazily() -> None:
    code = (
        "import sys, hub_sdk; "
        "assert not [m for m in sys.modules if m.startswith('hub_sdk.models.')]; "
        "hub_sdk.Veo31Input; "
        "print(sorted(m for m in sys.modules if m.startswith('hub_sdk.models.')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['hub_sdk.models.veo_3_1']"
