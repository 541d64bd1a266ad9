"""`make bench`: generation, import, validation and drift at catalog scale.

For each catalog size (synthetic catalogs from benchmarks/synth.py) it measures, as the
median of --reps runs on this machine: cold, no-op and one-spec-changed `hubgen generate`
(each a new process); the peers on the same catalog (datamodel-codegen over all JSON
Schemas, openapi-python-client from openapi.json; both from a separate environment);
`import hub_sdk` and the first `validate_input` in a fresh process; validate_input
throughput against jsonschema and bare pydantic; and `hubgen drift` against the mock hub
adding 50 ms per request. Beside each wall time it gives the CPU time (user + system) of
the process measured and of the processes it waited for (hubgen's workers, the peers'
black), from getrusage; beside each rate, the rate per CPU second. It prints a table and
writes BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import typescript
from benchmarks.consumer import compiled
from benchmarks.consumer import section as consumer_section
from benchmarks.synth import build, touch_one

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
HUBGEN = [PY, "-m", "generator.cli"]
LATENCY = 0.05


def children_cpu() -> float:
    """CPU seconds (user + system) of every child process waited for so far, theirs included."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(cmd: list[str], env: dict[str, str] | None = None, cwd: Path = ROOT) -> tuple[float, float]:
    """Wall and CPU seconds `cmd` took; raises if it failed."""
    wall, cpu, _ = run_output(cmd, env, cwd)
    return wall, cpu


def run_output(
    cmd: list[str], env: dict[str, str] | None = None, cwd: Path = ROOT
) -> tuple[float, float, str]:
    """Wall and CPU seconds `cmd` took (CPU: it and the processes it waited for), and what
    it printed on stdout; raises if it failed. Children running beside it (a server
    started before) are not counted: their time is added only when they are waited for."""
    cpu = children_cpu()
    started = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    took = time.perf_counter() - started
    cpu = children_cpu() - cpu
    if done.returncode not in (0, 1) or (done.returncode == 1 and "drift" not in cmd):
        raise RuntimeError(f"{' '.join(cmd[:6])}...: exit {done.returncode}\n{done.stderr[-2000:]}")
    return took, cpu, done.stdout


def medians(runs: list[tuple[float, float]], key: str) -> dict[str, float]:
    """`key` and `key`_cpu: the median wall and CPU seconds of `runs`."""
    return {key: median([w for w, _ in runs]), f"{key}_cpu": median([c for _, c in runs])}


def median(times: list[float]) -> float:
    return statistics.median(times)


def env_with(**extra: str) -> dict[str, str]:
    return {**os.environ, **extra}


START_UP = "Python start-up and exit (the wall time outside hubgen's own code)"


def generate_times(specs: Path, work: Path, reps: int) -> dict[str, Any]:
    """Medians of cold, no-op and one-changed `hubgen generate`, and of each phase of the
    cold and the one-changed runs (from their own `--timings`; start-up is the rest of
    the wall time)."""
    out = work / "generated"
    times: dict[str, list[tuple[float, float]]] = {"cold": [], "noop": [], "changed": []}
    phases: dict[str, list[dict[str, float]]] = {"cold": [], "changed": []}
    for rep in range(reps):
        shutil.rmtree(out, ignore_errors=True)
        cache = work / f"cache-{rep}"
        env = env_with(HUBGEN_CACHE_DIR=str(cache))
        args = [*HUBGEN, "generate", "--specs", str(specs), "--out", str(out), "--timings=json"]
        for kind in ("cold", "noop", "changed"):
            if kind == "changed":
                touch_one(specs, rep)
            took, cpu, printed = run_output(args, env)
            times[kind].append((took, cpu))
            if kind in phases:
                timings = json.loads(printed.splitlines()[-1])
                phases[kind].append({START_UP: took - timings["total"], **timings["phases"]})
        shutil.rmtree(cache, ignore_errors=True)
    return {
        **{k: v for kind, runs in times.items() for k, v in medians(runs, kind).items()},
        "phases": {kind: median_phases(runs) for kind, runs in phases.items()},
    }


def median_phases(runs: list[dict[str, float]]) -> dict[str, float]:
    """The median of each phase over `runs` (0 in a run that did not have it)."""
    labels = dict.fromkeys(label for timings in runs for label in timings)
    return {label: median([timings.get(label, 0.0) for timings in runs]) for label in labels}


Row = dict[str, Any]


def peer_times(peers: Path | None, generated: Path, work: Path, reps: int) -> Row:
    if peers is None:
        return {"datamodel-codegen": "not run", "openapi-python-client": "not run"}
    out: dict[str, float | str] = {}
    times: list[tuple[float, float]]
    dmc = peers / "bin" / "datamodel-codegen"
    opc = peers / "bin" / "openapi-python-client"
    target = work / "peer-out"
    times = []
    try:
        for _ in range(reps):
            shutil.rmtree(target, ignore_errors=True)
            times.append(
                run(
                    [
                        str(dmc),
                        "--input",
                        str(generated / "schemas"),
                        "--input-file-type",
                        "jsonschema",
                        "--output",
                        str(target),
                        "--output-model-type",
                        "pydantic_v2.BaseModel",
                    ]
                )
            )
        out.update(medians(times, "datamodel-codegen"))
    except RuntimeError as exc:
        out["datamodel-codegen"] = f"failed: {str(exc).splitlines()[0]}"
    times = []
    try:
        for _ in range(reps):
            shutil.rmtree(target, ignore_errors=True)
            times.append(
                run(
                    [
                        str(opc),
                        "generate",
                        "--path",
                        str(generated / "openapi.json"),
                        "--output-path",
                        str(target),
                        "--overwrite",
                    ]
                )
            )
        out.update(medians(times, "openapi-python-client"))
    except RuntimeError as exc:
        out["openapi-python-client"] = f"failed: {str(exc).splitlines()[0]}"
    return out


IMPORT_PROBE = """
import time
t0, c0 = time.perf_counter(), time.process_time()
import hub_sdk
t1, c1 = time.perf_counter(), time.process_time()
hub_sdk.validate_input({model!r}, {example!r})
t2, c2 = time.perf_counter(), time.process_time()
print(t1 - t0, t2 - t1, c1 - c0, c2 - c1)
"""


def import_times(
    generated: Path, reps: int, model: str, example: dict[str, object]
) -> dict[str, float]:
    env = env_with(PYTHONPATH=str(generated / "python"))
    compiled(generated / "python")
    imports: list[tuple[float, float]] = []
    firsts: list[tuple[float, float]] = []
    for _ in range(reps):
        done = subprocess.run(
            [PY, "-c", IMPORT_PROBE.format(model=model, example=example)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        a, b, cpu_a, cpu_b = map(float, done.stdout.split())
        imports.append((a, cpu_a))
        firsts.append((b, cpu_b))
    return {**medians(imports, "import"), **medians(firsts, "first_validate")}


THROUGHPUT_PROBE = """
import json, sys, time
from pathlib import Path
from jsonschema import Draft202012Validator
import hub_sdk
from hub_sdk import model_class

generated = Path(sys.argv[1])
requests = json.loads(Path(sys.argv[2]).read_text())
validators = {
    mid: Draft202012Validator(json.loads((generated / "schemas" / f"{mid}.json").read_text()))
    for mid, _ in requests
}
classes = {mid: model_class(mid) for mid, _ in requests}

def rate(fn, seconds=0.25):
    count, started, cpu = 0, time.perf_counter(), time.process_time()
    while time.perf_counter() - started < seconds:
        for mid, body in requests:
            fn(mid, body)
        count += len(requests)
    return count / (time.perf_counter() - started), count / (time.process_time() - cpu)

def sdk(mid, body): hub_sdk.validate_input(mid, body)
def bare(mid, body): classes[mid].model_validate(body).model_dump(by_alias=True, exclude_unset=True)
def schema(mid, body): validators[mid].validate(body)
for fn in (sdk, bare, schema):
    rate(fn, 0.05)
rounds = []
for _ in range(int(sys.argv[3])):
    one = {}
    for name, fn in (("validate_input", sdk), ("pydantic", bare), ("jsonschema", schema)):
        one[name], one[name + "_cpu"] = rate(fn)
    rounds.append(one)
print(json.dumps(rounds))
"""


def throughput(generated: Path, requests: Path, reps: int) -> dict[str, float]:
    """Medians of `reps` rounds (one process; each round times the three in turn)."""
    env = env_with(PYTHONPATH=str(generated / "python"))
    done = subprocess.run(
        [PY, "-c", THROUGHPUT_PROBE, str(generated), str(requests), str(reps)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    runs: list[dict[str, float]] = json.loads(done.stdout)
    return {key: median([r[key] for r in runs]) for key in runs[0]}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def drift_time(specs: Path, work: Path, reps: int) -> dict[str, float]:
    """Median wall and CPU seconds of `hubgen drift` (the mock hub's own CPU not counted)
    against the mock hub adding LATENCY per request (its cache of built models warm after
    the first run, as in a nightly job)."""
    cache = {"HUBGEN_CACHE_DIR": str(work / "cache-drift")}
    port = free_port()
    server = subprocess.Popen(
        [
            *HUBGEN,
            "serve",
            "--specs",
            str(specs),
            "--port",
            str(port),
            "--quiet",
            "--latency",
            str(LATENCY),
            "--token",
            "bench",
        ],
        cwd=ROOT,
        env=env_with(**cache),
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stderr is not None
        server.stderr.readline()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        env = env_with(HUB_API_KEY="bench", **cache)
        args = [*HUBGEN, "drift", "--specs", str(specs), "--base-url", f"http://127.0.0.1:{port}"]
        return medians([run(args, env) for _ in range(reps)], "drift")
    finally:
        server.terminate()
        server.communicate(timeout=30)


def measure(
    size: int, work: Path, reps: int, peers: Path | None, log: Callable[[str], None]
) -> Row:
    """Every figure of one catalog size, and how long each stage of measuring it took."""
    specs = build(size, work)
    generated = work / "generated"
    row: Row = {}
    stages: dict[str, float] = {}

    def stage(name: str, figures: Callable[[], dict[str, Any]]) -> None:
        log(f"N={size}: {name}")
        began = time.perf_counter()
        row.update(figures())
        stages[name] = time.perf_counter() - began

    stage("generate", lambda: generate_times(specs, work, reps))
    stage("peers", lambda: peer_times(peers, generated, work, reps))
    stage("import, validate", lambda: import_and_throughput(specs, work, reps))
    stage("drift", lambda: drift_time(specs, work, reps))
    row["drift_sequential"] = (size + 1) * LATENCY
    row["stages"] = stages
    return row


def import_and_throughput(specs: Path, work: Path, reps: int) -> dict[str, float]:
    generated = work / "generated"
    requests, model, example = requests_file(specs, work)
    return {
        **import_times(generated, reps, model, example),
        **throughput(generated, requests, reps),
    }


def requests_file(specs: Path, work: Path) -> tuple[Path, str, dict[str, object]]:
    sys.path.insert(0, str(ROOT))
    from generator.catalog import load_catalog  # noqa: PLC0415

    catalog = load_catalog(specs).catalog
    assert catalog is not None
    pairs = [(m.id, m.hub_example()) for m in catalog.models[:25]]
    path = work / "requests.json"
    path.write_text(json.dumps(pairs))
    return path, pairs[0][0], pairs[0][1]


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} CPUs ({cpu}), Python {platform.python_version()}, {platform.system()}"


def fmt(value: float | str, unit: str = "s") -> str:
    if isinstance(value, str):
        return value
    if unit == "s":
        return f"{value:.2f} s" if value >= 0.1 else f"{value * 1000:.0f} ms"
    return f"{value:,.0f}/s"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="25,250,1000")
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument(
        "--peers", type=Path, help="a venv with datamodel-codegen and openapi-python-client"
    )
    parser.add_argument("--output", type=Path, default=ROOT / "BENCHMARKS.md")
    parser.add_argument("--rows", type=Path, help="re-render a saved run (its .json) only")
    parser.add_argument("--elapsed", type=float, help="with --rows: how long that run took (s)")
    parser.add_argument(
        "--started",
        type=float,
        help="when `make bench` began (seconds since the epoch): its set-up counts in the total",
    )
    args = parser.parse_args()
    if args.rows:
        saved = {int(k): v for k, v in json.loads(args.rows.read_text("utf-8")).items()}
        args.output.write_text(render(saved, args, args.elapsed), encoding="utf-8")
        return 0
    started = time.perf_counter()
    compiled(ROOT / "generator")
    sizes = [int(s) for s in args.sizes.split(",")]
    rows: dict[int, Row] = {}
    log: Callable[[str], None] = lambda text: print(text, file=sys.stderr, flush=True)  # noqa: E731
    with tempfile.TemporaryDirectory(prefix="hubgen-bench-") as tmp:
        for size in sizes:
            work = Path(tmp) / str(size)
            work.mkdir()
            row = measure(size, work, args.reps, args.peers, log)
            rows[size] = row
            log(json.dumps(row))
    args.output.with_suffix(".json").write_text(json.dumps(rows, indent=2), encoding="utf-8")
    ts_section = typescript.section(sizes, args.reps, log)
    report = render(rows, args, time.perf_counter() - started) + "\n" + ts_section
    report += consumer_section(sizes, args.reps, log)  # type checks and import of a consumer
    print(report)
    args.output.write_text(report, encoding="utf-8")
    return 0


def render(rows: dict[int, Row], args: argparse.Namespace, elapsed: float | None) -> str:
    sizes = sorted(rows)
    head = "| Measure | " + " | ".join(f"N = {n}" for n in sizes) + " |"
    lines = [head, "|---|" + "---|" * len(sizes)]

    def row(label: str, key: str, unit: str = "s") -> None:
        """The wall figure's row, then the CPU one's (a rate: per CPU second)."""
        cells = [fmt(rows[n].get(key, "not measured"), unit) for n in sizes]
        lines.append(f"| {label} (wall) | " + " | ".join(cells) + " |")
        cells = [fmt(rows[n].get(f"{key}_cpu", "not measured"), unit) for n in sizes]
        what = "per CPU second" if unit == "rate" else "CPU"
        lines.append(f"| … {what} | " + " | ".join(cells) + " |")

    def ratio(label: str, top: str, bottom: str) -> None:
        for suffix, what in (("", "wall"), ("_cpu", "CPU")):
            cells = []
            for n in sizes:
                a, b = rows[n].get(top + suffix), rows[n].get(bottom + suffix)
                if isinstance(a, float) and isinstance(b, float) and b > 0:
                    cells.append(f"{a / b:.1f}×")
                else:
                    cells.append("–")
            lines.append(f"| {label} ({what}) | " + " | ".join(cells) + " |")

    row("cold `hubgen generate` (new process, empty output and cache)", "cold")
    row("no-op `hubgen generate`", "noop")
    row("`hubgen generate` after one spec changed", "changed")
    row("datamodel-codegen, all schemas (default black)", "datamodel-codegen")
    row("openapi-python-client from openapi.json", "openapi-python-client")
    ratio("datamodel-codegen ÷ cold generate", "datamodel-codegen", "cold")
    ratio("openapi-python-client ÷ cold generate", "openapi-python-client", "cold")
    row("`import hub_sdk` (fresh process)", "import")
    row("first `validate_input` (fresh process)", "first_validate")
    row("`validate_input` throughput", "validate_input", "rate")
    row("bare pydantic `model_validate` + `model_dump`", "pydantic", "rate")
    row("jsonschema `validate`, same schemas", "jsonschema", "rate")
    ratio("validate_input ÷ jsonschema", "validate_input", "jsonschema")
    ratio("pydantic ÷ validate_input", "pydantic", "validate_input")
    row("`hubgen drift`, 50 ms per request, concurrency 8", "drift")
    cells = " | ".join(fmt(rows[n]["drift_sequential"]) for n in sizes)
    lines.append(f"| the same requests one after another (N+1 × 50 ms, computed) | {cells} |")
    lines += ["", *targets(rows), "", *phase_table(rows)]
    analysis = Path(__file__).with_name("analysis.md")
    if analysis.is_file():
        lines += ["", analysis.read_text("utf-8").rstrip()]
    summary = took(args, elapsed) if elapsed else None
    lines += ["", *stage_table(rows, summary)]
    date = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    command = "make bench  # .venv/bin/python benchmarks/run.py --peers .bench-venv"
    return "\n".join(
        [
            "# Benchmarks",
            "",
            f"Measured {date} on {machine()}, median of {args.reps} runs each",
            *([f"({summary})"] if summary else []),
            f"(throughput: median of {args.reps} rounds of a quarter second each, in one process,",
            "over the 25 real examples). hubgen and each generated hub_sdk are byte-compiled",
            "first, as an installed package is. Command:",
            "",
            f"    {command}",
            "",
            *lines,
            "",
        ]
    )


def phase_table(rows: dict[int, Row]) -> list[str]:
    """Where the time of cold and one-changed generation goes, phase by phase, per size."""
    sizes = [n for n in sorted(rows) if isinstance(rows[n].get("phases"), dict)]
    if not sizes:
        return []
    kinds = {"cold": "cold", "changed": "one changed"}
    labels = dict.fromkeys(
        label for n in sizes for kind in kinds for label in rows[n]["phases"][kind]
    )
    columns = [(kind, n) for kind in kinds for n in sizes]
    out = [
        "## Where the time goes",
        "",
        "Wall time of each phase of the cold and the one-changed `hubgen generate` runs above",
        "(their own `hubgen generate --timings=json`; medians over the same runs). A forked",
        "child renders the catalog-wide files rendered from the whole catalog, and worker",
        "processes each model's files that cannot be reused (when there are many); the main",
        "process meanwhile finds the reusable ones, then puts the OpenAPI document together",
        "from every model's parts and waits for the rest.",
        "",
        "| Phase | " + " | ".join(f"{kinds[kind]}, N = {n}" for kind, n in columns) + " |",
        "|---|" + "---|" * len(columns),
    ]
    for label in labels:
        cells = [fmt(rows[n]["phases"][kind].get(label, 0.0)) for kind, n in columns]
        out.append(f"| {label} | " + " | ".join(cells) + " |")
    totals = [fmt(rows[n][kind]) for kind, n in columns]
    out.append("| total (the median wall time above) | " + " | ".join(totals) + " |")
    return out


def stage_table(rows: dict[int, Row], summary: str | None) -> list[str]:
    """How long each stage of this run took (all repetitions, set-up included)."""
    sizes = [n for n in sorted(rows) if isinstance(rows[n].get("stages"), dict)]
    if not sizes:
        return []
    out = [
        "Wall time of each stage of this run (all repetitions, with what each stage sets up):",
        "",
        "| Stage | " + " | ".join(f"N = {n}" for n in sizes) + " | all sizes |",
        "|---|" + "---|" * (len(sizes) + 1),
    ]
    names = dict.fromkeys(name for n in sizes for name in rows[n]["stages"])
    for name in names:
        seconds = [rows[n]["stages"].get(name, 0.0) for n in sizes]
        cells = [fmt(value) for value in [*seconds, sum(seconds)]]
        out.append(f"| {name} | " + " | ".join(cells) + " |")
    if summary:
        out += ["", f"{summary}."]
    return out


def took(args: argparse.Namespace, elapsed: float) -> str:
    """How long this run took: `make bench` as a whole when it says when it began."""
    if args.started is None:
        return f"`benchmarks/run.py` took {elapsed:.0f} s"
    whole = time.time() - args.started
    return (
        f"`make bench` took {whole:.0f} s ({whole / 60:.1f} min) in all: "
        f"{whole - elapsed:.0f} s to set up `.venv` and `.bench-venv`, {elapsed:.0f} s to measure"
    )


def targets(rows: dict[int, Row]) -> list[str]:
    """Each target of the speed work, met or missed, from this run's figures."""
    n = max(rows)
    row = rows[n]

    def number(key: str) -> float:
        value = row.get(key)
        return value if isinstance(value, float) else float("nan")

    ideal = n * LATENCY / 8
    dmc = number("datamodel-codegen") / number("cold")
    opc = number("openapi-python-client") / number("cold")
    dmc_cpu = number("datamodel-codegen_cpu") / number("cold_cpu")
    opc_cpu = number("openapi-python-client_cpu") / number("cold_cpu")
    ratio = number("validate_input") / number("jsonschema")
    overhead = number("pydantic") / number("validate_input")
    noop_share = number("noop") / number("cold")
    changed_share = number("changed") / number("cold")
    checks = [
        ("cold generate vs datamodel-codegen", "≥ 4× faster", f"{dmc:.1f}× faster", dmc >= 4),
        ("cold generate vs openapi-python-client", "≥ 2× faster", f"{opc:.1f}× faster", opc >= 2),
        (
            "cold generate vs datamodel-codegen, CPU time",
            "≥ 4× less",
            f"{dmc_cpu:.1f}× less",
            dmc_cpu >= 4,
        ),
        (
            "cold generate vs openapi-python-client, CPU time",
            "≥ 2× less",
            f"{opc_cpu:.1f}× less",
            opc_cpu >= 2,
        ),
        ("no-op generate", "< 0.5 s", fmt(number("noop")), number("noop") < 0.5),
        ("no-op generate, share of a cold run", "≤ 5%", f"{noop_share:.1%}", noop_share <= 0.05),
        ("generate after one spec changed", "< 1 s", fmt(number("changed")), number("changed") < 1),
        (
            "one spec changed, share of a cold run",
            "≤ 15%",
            f"{changed_share:.1%}",
            changed_share <= 0.15,
        ),
        ("import hub_sdk", "< 150 ms", fmt(number("import")), number("import") < 0.150),
        ("validate_input vs jsonschema", "≥ 10× the rate", f"{ratio:.1f}×", ratio >= 10),
        ("bare pydantic vs validate_input", "≤ 1.5×", f"{overhead:.2f}×", overhead <= 1.5),
        (
            "drift, 50 ms latency, concurrency 8",
            f"≤ 1.5 × N × 50 ms / 8 = {1.5 * ideal:.2f} s",
            fmt(number("drift")),
            number("drift") <= 1.5 * ideal,
        ),
    ]
    out = [f"## Targets (N = {n})", "", "| Target | Bound | Measured | Met |", "|---|---|---|---|"]
    for label, bound, measured, met in checks:
        out.append(f"| {label} | {bound} | {measured} | {'yes' if met else '**no**'} |")
    return out


if __name__ == "__main__":
    sys.exit(main())
