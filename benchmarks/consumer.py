"""What hub_sdk costs the people who use it, at catalog scale (a section of BENCHMARKS.md).

For each size: a synthetic catalog (benchmarks/synth.py) generated into a temporary
directory; the CPU seconds (user + sys) of a cold `mypy --strict --no-incremental` and of
pyright (strict) on a small consumer script, each the median of --reps runs; the error
each prints for one wrong value and for one unknown model id (how many errors, lines and
characters, and whether it names the field and its allowed values, or the id); and
`import hub_sdk` (byte-compiled first, as pip installs it) against `import pydantic`, each
the median of --reps fresh processes, taken alternately.

`make bench` installs the pinned pyright of benchmarks/py-peers/ into .bench-py-peers/
and appends `section()` to BENCHMARKS.md; by hand (pyright from there, else from PATH):

    .venv/bin/python benchmarks/consumer.py --sizes 25 250 1000 --reps 3
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synth import build

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
PYRIGHT = ROOT / ".bench-py-peers" / "node_modules" / ".bin" / "pyright"
GOOD = """from hub_sdk import HubClient
from hub_sdk.models.veo_3_1 import Veo31Input

client = HubClient(api_key="k", base_url="http://127.0.0.1:1")
task = client.video.generate(Veo31Input(prompt="a cat", duration="8s"))
again = client.video.generate(model="veo-3.1", prompt="a cat", duration="8s")
print(task.task_id, again.task_id)
"""
# One wrong value (Veo 3.1 takes 4s, 6s or 8s) and one unknown id in the keyword form.
WRONG = {
    "value": (
        GOOD.replace('duration="8s"))', 'duration="7s"))'),
        ("duration", "'4s'", "'6s'", "'8s'"),
    ),
    "id": (GOOD.replace('model="veo-3.1"', 'model="nope"'), ("'nope'",)),
}
IMPORT = "import time; t = time.perf_counter(); import {}; print(time.perf_counter() - t)"
# "A few lines": pyright explains a mismatch under its first line, at most 8 lines more.
FEW_LINES = 10
LONGEST = 200
Row = dict[str, float | bool]


def cpu_run(cmd: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, int, str]:
    """(CPU seconds of the children, exit code, stdout) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, done.returncode, done.stdout


def pyright_path() -> str | None:
    return str(PYRIGHT) if PYRIGHT.is_file() else shutil.which("pyright")


def mypy_errors(stdout: str) -> list[str]:
    """Each error as mypy prints it (its line and the notes after it)."""
    errors: list[str] = []
    for line in stdout.splitlines():
        if ": error: " in line or not errors:
            errors.append(line)
        else:
            errors[-1] += "\n" + line
    return errors


def pyright_errors(stdout: str) -> list[str]:
    """Each error's message as pyright prints it (one line per part, indented)."""
    report = json.loads(stdout)
    return [d["message"] for d in report["generalDiagnostics"] if d["severity"] == "error"]


def compiled(folder: Path) -> None:
    """Byte-compile `folder`, as pip does on install: with PYTHONDONTWRITEBYTECODE set (as
    on some machines), every fresh process would otherwise compile it from source again."""
    subprocess.run([PY, "-m", "compileall", "-q", str(folder)], check=True, capture_output=True)


Checker = tuple[list[str], Callable[[str], list[str]]]


def checkers(sdk: Path, work: Path) -> dict[str, Checker]:
    mypy = [PY, "-m", "mypy", "--strict", "--no-incremental", "--no-error-summary"]
    found: dict[str, Checker] = {"mypy": ([*mypy, "--cache-dir", os.devnull], mypy_errors)}
    pyright = pyright_path()
    if pyright:
        config = {"typeCheckingMode": "strict", "extraPaths": [str(sdk)]}
        (work / "pyrightconfig.json").write_text(json.dumps(config), "utf-8")
        found["pyright"] = ([pyright, "--outputjson", "--pythonpath", PY], pyright_errors)
    return found


def measure(size: int, reps: int, tmp: Path) -> Row:
    work = tmp / f"n{size}"
    specs = build(size, work)
    out = work / "generated"
    subprocess.run(
        [PY, "-m", "generator.cli", "generate", "--specs", str(specs), "--out", str(out)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    sdk = out / "python"
    compiled(sdk)  # as pip leaves an installed package (and pydantic here)
    (work / "good.py").write_text(GOOD, "utf-8")
    for kind, (text, _) in WRONG.items():
        (work / f"{kind}.py").write_text(text, "utf-8")
    env = {**os.environ, "MYPYPATH": str(sdk), "PYTHONPATH": str(sdk)}
    row: Row = {}
    for name, (cmd, errors_of) in checkers(sdk, work).items():
        runs = [cpu_run([*cmd, "good.py"], work, env) for _ in range(reps)]
        row[f"{name} s"] = statistics.median(cpu for cpu, _, _ in runs)
        row[f"{name} passes"] = all(code == 0 and not errors_of(text) for _, code, text in runs)
        for kind, (_, names) in WRONG.items():
            _, _, text = cpu_run([*cmd, f"{kind}.py"], work, env)
            errors = errors_of(text)
            lines = [line for error in errors for line in error.splitlines()]
            row[f"{name} {kind} errors"] = len(errors)
            row[f"{name} {kind} lines"] = len(lines)
            row[f"{name} {kind} chars"] = max((len(line) for line in lines), default=0)
            first = errors[0].splitlines()[0] if errors else ""
            row[f"{name} {kind} named"] = all(n in first for n in names)
    times: dict[str, list[float]] = {"hub_sdk": [], "pydantic": []}
    for _ in range(reps):  # alternately, so both see the same machine
        for module, taken in times.items():
            code = IMPORT.format(module)
            taken.append(float(subprocess.check_output([PY, "-c", code], env=env, text=True)))
    for module, taken in times.items():
        row[f"import {module} ms"] = statistics.median(taken) * 1000
    row["import ratio"] = row["import hub_sdk ms"] / row["import pydantic ms"]
    return row


def cell(value: float | bool) -> str:
    if isinstance(value, bool):
        return "yes" if value else "**no**"
    return f"{value:,.0f}" if value == int(value) else f"{value:.2f}"


LABELS = {
    "s": "CPU s, cold, a correct script (median)",
    "passes": "the correct script passes",
    "value errors": 'wrong value (`duration="7s"`): errors',
    "value lines": "wrong value: lines",
    "value chars": "wrong value: longest line (characters)",
    "value named": "wrong value: names the field and its allowed values",
    "id errors": 'unknown id (`model="nope"`): errors',
    "id lines": "unknown id: lines",
    "id chars": "unknown id: longest line (characters)",
    "id named": "unknown id: names the id",
}


def table(rows: dict[int, Row]) -> list[str]:
    out = ["| | " + " | ".join(f"N = {size}" for size in rows) + " |", "|---|" + "---|" * len(rows)]
    first = next(iter(rows.values()))
    for checker in ("mypy --strict", "pyright (strict)"):
        name = checker.split()[0]
        for key, label in LABELS.items():
            if f"{name} {key}" in first:
                cells = " | ".join(cell(row[f"{name} {key}"]) for row in rows.values())
                out.append(f"| {checker}: {label} | {cells} |")
    for key, label in (
        ("import hub_sdk ms", "`import hub_sdk`, ms (median)"),
        ("import pydantic ms", "`import pydantic`, ms (median)"),
        ("import ratio", "`import hub_sdk` ÷ `import pydantic`"),
    ):
        out.append(f"| {label} | " + " | ".join(cell(row[key]) for row in rows.values()) + " |")
    return out


def targets(rows: dict[int, Row]) -> list[str]:
    """Each target of issue 14's points 1 and 2, met or missed, from these figures."""
    small, large = min(rows), max(rows)
    out = ["| Target | Bound | Measured | Met |", "|---|---|---|---|"]

    def add(target: str, bound: str, measured: str, met: bool) -> None:
        out.append(f"| {target} | {bound} | {measured} | {'yes' if met else '**no**'} |")

    names = [c for c in ("mypy", "pyright") if f"{c} s" in rows[small]]
    for name in names:
        ratio = float(rows[large][f"{name} s"]) / float(rows[small][f"{name} s"])
        add(f"{name}, N = {large} against N = {small}", "≤ 1.5×", f"{ratio:.2f}×", ratio <= 1.5)
    for name in names:
        for kind, what, names_what in (
            ("value", "wrong value", "the field and its allowed values"),
            ("id", "unknown id", "the id"),
        ):
            errors, lines, chars = (
                max(float(rows[n][f"{name} {kind} {key}"]) for n in rows)
                for key in ("errors", "lines", "chars")
            )
            named = all(rows[n][f"{name} {kind} named"] for n in rows)
            add(
                f"{name}, {what}, every N",
                f"one error, its first line naming {names_what}, ≤ {FEW_LINES} lines "
                f"of ≤ {LONGEST} characters",
                f"{errors:.0f} error(s), {'named' if named else '**not named**'}, "
                f"≤ {lines:.0f} lines of ≤ {chars:.0f} characters",
                errors == 1 and named and lines <= FEW_LINES and chars <= LONGEST,
            )
    ratio = max(float(rows[n]["import ratio"]) for n in rows)
    add(
        "`import hub_sdk` ÷ `import pydantic`, every N",
        "≤ 0.5",
        f"{ratio:.2f} at most",
        ratio <= 0.5,
    )
    return out


def section(sizes: list[int], reps: int, log: Callable[[str], None] | None = None) -> str:
    """The Markdown section of BENCHMARKS.md: every size measured, the figures and targets."""
    began = time.perf_counter()
    rows: dict[int, Row] = {}
    with tempfile.TemporaryDirectory(prefix="hubgen-consumer-") as tmp:
        for size in sizes:
            if log:
                log(f"N={size}: consumer type checks and import")
            rows[size] = measure(size, reps, Path(tmp))
    pyright = pyright_path()
    version = "not installed: no pyright rows"
    if pyright:
        version = subprocess.run(
            [pyright, "--version"], capture_output=True, text=True, check=False
        ).stdout.strip()
    mypy = subprocess.run(
        [PY, "-m", "mypy", "--version"], capture_output=True, text=True, check=False
    ).stdout.strip()
    lines = [
        "",
        "## What a consumer of hub_sdk pays",
        "",
        "A seven-line script that calls `client.video.generate` with a request model and with",
        "keywords, type-checked against each size's generated SDK: CPU seconds (user + sys) of",
        f"a cold run, median of {reps}; then the same script with one wrong value and with one",
        "unknown model id, and what the checker prints for each. `import hub_sdk` (its",
        "modules byte-compiled first, as pip installs them) against `import pydantic`:",
        f"medians of {reps} fresh processes each, taken alternately.",
        f"{mypy}; pyright: {version} (benchmarks/py-peers/, installed by `make bench`).",
        f"Measuring took {time.perf_counter() - began:.0f} s. By hand:",
        "",
        f"    .venv/bin/python benchmarks/consumer.py --sizes {' '.join(map(str, sizes))} "
        f"--reps {reps}",
        "",
        *table(rows),
        "",
        *targets(rows),
        "",
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[25, 250, 1000])
    parser.add_argument("--reps", type=int, default=5)
    args = parser.parse_args()
    log: Callable[[str], None] = lambda text: print(text, file=sys.stderr, flush=True)  # noqa: E731
    print(section(args.sizes, args.reps, log))
    return 0


if __name__ == "__main__":
    sys.exit(main())
