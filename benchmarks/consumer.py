"""What hub_sdk costs the people who use it, at catalog scale (by hand; not yet in `make bench`).

For each size: a synthetic catalog (benchmarks/synth.py) generated into a temporary
directory; the CPU seconds (user + sys) of a cold `mypy --strict --no-incremental` and, when
`pyright` is on PATH, of pyright (strict), on a small consumer script; the lines either
prints for one wrong value; and `import hub_sdk` against `import pydantic`, each the median
of --reps fresh processes. Prints a Markdown table.

    .venv/bin/python benchmarks/consumer.py --sizes 25 1000 --reps 5
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
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synth import build

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
GOOD = """from hub_sdk import HubClient
from hub_sdk.models.veo_3_1 import Veo31Input

client = HubClient(api_key="k", base_url="http://127.0.0.1:1")
task = client.video.generate(Veo31Input(prompt="a cat", duration="8s"))
again = client.video.generate(model="veo-3.1", prompt="a cat", duration="8s")
print(task.task_id, again.task_id)
"""
BAD = GOOD.replace('duration="8s"))', 'duration="7s"))')
IMPORT = "import time; t = time.perf_counter(); import {}; print(time.perf_counter() - t)"


def cpu_run(cmd: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, str]:
    """(CPU seconds of the children, stdout) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, done.stdout


def checkers(sdk: Path, work: Path) -> dict[str, list[str]]:
    found = {"mypy": [PY, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", os.devnull]}
    pyright = shutil.which("pyright")
    if pyright:
        config = {"typeCheckingMode": "strict", "extraPaths": [str(sdk)]}
        (work / "pyrightconfig.json").write_text(json.dumps(config), "utf-8")
        found["pyright"] = [pyright, "--pythonpath", PY]
    return found


def measure(size: int, reps: int, tmp: Path) -> dict[str, float]:
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
    (work / "good.py").write_text(GOOD, "utf-8")
    (work / "bad.py").write_text(BAD, "utf-8")
    env = {**os.environ, "MYPYPATH": str(sdk), "PYTHONPATH": str(sdk)}
    row: dict[str, float] = {}
    for name, cmd in checkers(sdk, work).items():
        row[f"{name} s"], _ = cpu_run([*cmd, "good.py"], work, env)
        _, text = cpu_run([*cmd, "bad.py"], work, env)
        row[f"{name} lines"] = len(text.splitlines())
    for module in ("hub_sdk", "pydantic"):
        times = [
            float(subprocess.check_output([PY, "-c", IMPORT.format(module)], env=env, text=True))
            for _ in range(reps)
        ]
        row[f"import {module} ms"] = statistics.median(times) * 1000
    row["import ratio"] = row["import hub_sdk ms"] / row["import pydantic ms"]
    return row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[25, 250, 1000])
    parser.add_argument("--reps", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="hubgen-consumer-") as tmp:
        rows = {size: measure(size, args.reps, Path(tmp)) for size in args.sizes}
    keys = list(next(iter(rows.values())))
    print("| | " + " | ".join(f"N = {size}" for size in rows) + " |")
    print("|---|" + "---|" * len(rows))
    for key in keys:
        cells = " | ".join(f"{row[key]:.2f}" for row in rows.values())
        print(f"| {key} | {cells} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
