"""benchmarks/consumer.py: how it reads each checker's errors and judges its targets (the
measuring itself runs in `make bench`)."""

from __future__ import annotations

import json

from benchmarks.consumer import mypy_errors, pyright_errors, table, targets


def row(**changes: float | bool) -> dict[str, float | bool]:
    figures: dict[str, float | bool] = {"import hub_sdk ms": 30.0, "import pydantic ms": 100.0}
    figures["import ratio"] = 0.3
    for name in ("mypy", "pyright"):
        figures[f"{name} s"] = 5.0
        figures[f"{name} passes"] = True
        for kind in ("value", "id"):
            figures.update({f"{name} {kind} {k}": 1.0 for k in ("errors", "lines")})
            figures[f"{name} {kind} chars"] = 140.0
            figures[f"{name} {kind} named"] = True
    figures.update(changes)
    return figures


def test_mypy_errors_keep_notes_with_their_error() -> None:
    text = 'a.py:4: error: Argument "model"\na.py:4: note: one\na.py:5: error: other\n'
    assert mypy_errors(text) == [
        'a.py:4: error: Argument "model"\na.py:4: note: one',
        "a.py:5: error: other",
    ]
    assert mypy_errors("") == []


def test_pyright_errors_are_the_error_messages() -> None:
    report = {
        "generalDiagnostics": [
            {"severity": "error", "message": 'Argument "nope"\n  Type ...'},
            {"severity": "warning", "message": "import"},
        ]
    }
    assert pyright_errors(json.dumps(report)) == ['Argument "nope"\n  Type ...']


def test_targets_met_and_missed() -> None:
    met = targets({25: row(), 1000: row()})
    assert all(line.endswith("| yes |") for line in met[2:]), met
    missed = targets(
        {
            25: row(),
            1000: row(**{"mypy s": 8.0, "pyright id chars": 24480.0, "import ratio": 0.6}),
        }
    )
    failing = [line.split(" | ")[0] for line in missed if line.endswith("| **no** |")]
    assert failing == [
        "| mypy, N = 1000 against N = 25",
        "| pyright, unknown id, every N",
        "| `import hub_sdk` ÷ `import pydantic`, every N",
    ]
    unnamed = targets({25: row(**{"mypy value named": False})})
    assert next(line for line in unnamed if "**not named**" in line).endswith("| **no** |")


def test_table_without_pyright_has_no_pyright_rows() -> None:
    figures = {k: v for k, v in row().items() if not k.startswith("pyright")}
    lines = table({25: figures})
    assert not any("pyright" in line for line in lines)
    assert "| mypy --strict: unknown id: names the id | yes |" in lines
    assert not any("pyright" in line for line in targets({25: figures}))
