"""What hub-sdk (the TypeScript SDK) costs the people who use it, beside the peer a
TypeScript user would pick instead: types from openapi-typescript plus openapi-fetch,
generated from the same catalog's generated/openapi.json.

For each size: a synthetic catalog (benchmarks/synth.py) generated into a temporary
directory and hub-sdk built from it (plain tsc, ESM + CJS); then

- `tsc --strict` (noEmit, a fresh process each run) on a small consumer script of ours and
  on the peer's comparable call, taken in turn: wall and CPU seconds, median of --reps
  cold runs; and what tsc prints for one wrong value (duration "7s" for veo-3.1);
- the declarations: hub-sdk's .d.ts files, the peer's schema.d.ts, in all and per model;
- the bundle of a script that imports the client and calls one model (esbuild, minified,
  gzipped -9): with code splitting, the entry chunk (what loads before the call) and what
  the first call to the model loads besides (the registry, the shard of about √N ids the
  model is in, and that model's table); as one file without splitting; as one file of
  `hub-sdk/standalone` given that model's table; the peer's;
- `import` of the built package in a fresh `node` (ESM and CJS), median of --reps.

The tools (tsc, openapi-typescript, openapi-fetch, esbuild) are pinned devDependencies of
benchmarks/ts-peers/, installed by `npm ci` from its committed lock file on first use.

    .venv/bin/python benchmarks/typescript.py --sizes 25 250 1000 --reps 3

`benchmarks/run.py` (`make bench`) appends `section()`'s Markdown to BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import gzip
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
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synth import build
from generator.naming import class_name, module_name

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
NODE = shutil.which("node") or "node"
PEERS = Path(__file__).resolve().parent / "ts-peers"
MODULES = PEERS / "node_modules"
TSC = MODULES / "typescript" / "bin" / "tsc"
OPENAPI_TS = MODULES / "openapi-typescript" / "bin" / "cli.js"
ESBUILD = MODULES / "esbuild" / "bin" / "esbuild"
PEER_FLAGS = ["--default-non-nullable", "false"]
"""With openapi-typescript's defaults a field that has a default reads as required, and the
correct call below does not compile; this flag is what a user would have to find."""
MODEL = "veo-3.1"
GOOD_INPUT = '{ prompt: "a cat", duration: "8s" }'
BAD_INPUT = '{ prompt: "a cat", duration: "7s" }'
OURS = """import { HubClient } from "hub-sdk";

const client = new HubClient({ apiKey: "k", baseURL: "http://127.0.0.1:1" });
const task = await client.video.generate({ model: "%(model)s", input: %(input)s });
const again = await client.tasks.get(task.task_id);
export { again };
"""
PEER = """import createClient from "openapi-fetch";
import type { paths } from "./schema.js";

const client = createClient<paths>({
  baseUrl: "http://127.0.0.1:1",
  headers: { Authorization: "Bearer k" },
});
const { data } = await client.POST("/hub/v1/video", {
  body: { model: "%(model)s", input: %(input)s },
});
const again = await client.GET("/hub/v1/tasks/{task_id}", {
  params: { path: { task_id: data?.task_id ?? "" } },
});
export { again };
"""
TSCONFIG = {
    "compilerOptions": {
        "target": "ES2022",
        "module": "NodeNext",
        "moduleResolution": "NodeNext",
        "strict": True,
        "noEmit": True,
        "types": [],
        "lib": ["ES2022", "DOM"],
    },
    "files": ["consumer.ts"],
}
OURS_APP = f"""import {{ HubClient }} from "hub-sdk";
const client = new HubClient({{ apiKey: "k" }});
const task = await client.video.generate({{ model: "{MODEL}", input: {GOOD_INPUT} }});
console.log(task.task_id);
"""
STANDALONE_APP = f"""import {{ HubClient }} from "hub-sdk/standalone";
import {{ {class_name(MODEL, "Table")} }} from "hub-sdk/validate";
const client = new HubClient({{ apiKey: "k", tables: [{class_name(MODEL, "Table")}] }});
const task = await client.video.generate({{ model: "{MODEL}", input: {GOOD_INPUT} }});
console.log(task.task_id);
"""
PEER_APP = f"""import createClient from "openapi-fetch";
const client = createClient({{ baseUrl: "https://hub.example" }});
const {{ data }} = await client.POST("/hub/v1/video", {{
  body: {{ model: "{MODEL}", input: {GOOD_INPUT} }},
}});
console.log(data);
"""
IMPORT_ESM = (
    "const t = performance.now(); await import(process.argv[1]);"
    " console.log(performance.now() - t);"
)
IMPORT_CJS = (
    "const t = performance.now(); require(process.argv[1]); console.log(performance.now() - t);"
)
Log = Callable[[str], None]
Row = dict[str, Any]


def ensure_peers(log: Log) -> None:
    """`npm ci` in benchmarks/ts-peers/ when its lock file is newer than the install."""
    stamp = MODULES / ".installed"
    lock = PEERS / "package-lock.json"
    if stamp.is_file() and stamp.stat().st_mtime >= lock.stat().st_mtime:
        return
    log("npm ci in benchmarks/ts-peers")
    subprocess.run(
        ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"],
        cwd=PEERS,
        check=True,
        capture_output=True,
    )
    stamp.touch()


def run(cmd: list[str], cwd: Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False)
    if check and done.returncode != 0:
        tail = (done.stdout + done.stderr)[-2000:]
        raise RuntimeError(f"{' '.join(cmd[:4])}...: exit {done.returncode}\n{tail}")
    return done


def timed(cmd: list[str], cwd: Path) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    """(wall seconds, CPU seconds of the child, the run) of one fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = run(cmd, cwd, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done


def link(target: Path, at: Path) -> None:
    at.parent.mkdir(parents=True, exist_ok=True)
    at.symlink_to(target, target_is_directory=True)


def build_package(generated: Path, work: Path) -> Path:
    """generated/typescript built as `make ts-build` does (tsc ESM + CJS, the smoke test)."""
    package = work / "hub-sdk"
    shutil.copytree(generated / "typescript", package)
    link(MODULES, package / "node_modules")
    for config in ("tsconfig.esm.json", "tsconfig.cjs.json"):
        run([NODE, str(TSC), "-p", config], package)
    run([NODE, "scripts/finish.mjs"], package)
    return package


def consumer(work: Path, name: str, text: str, modules: dict[str, Path]) -> Path:
    """A folder with `consumer.ts` (`text`), a strict tsconfig and node_modules/<modules>."""
    folder = work / name
    folder.mkdir()
    (folder / "consumer.ts").write_text(text, "utf-8")
    (folder / "package.json").write_text('{"type": "module"}\n', "utf-8")
    (folder / "tsconfig.json").write_text(json.dumps(TSCONFIG, indent=2), "utf-8")
    for module, target in modules.items():
        link(target, folder / "node_modules" / module)
    return folder


def tsc_times(folders: dict[str, Path], reps: int, *flags: str) -> dict[str, dict[str, float]]:
    """Medians of `reps` cold `tsc -p` runs of each consumer (each must compile clean),
    taken in turn, so a change in the machine's load falls on all of them alike."""
    runs: dict[str, dict[str, list[float]]] = {name: {"wall": [], "cpu": []} for name in folders}
    for _ in range(reps):
        for name, folder in folders.items():
            cmd = [NODE, str(TSC), "-p", ".", "--pretty", "false", *flags]
            wall, cpu, done = timed(cmd, folder)
            if done.returncode != 0:
                raise RuntimeError(f"tsc in {folder.name} failed:\n{done.stdout[-2000:]}")
            runs[name]["wall"].append(wall)
            runs[name]["cpu"].append(cpu)
    return {
        name: {unit: statistics.median(values) for unit, values in found.items()}
        for name, found in runs.items()
    }


def error_output(folder: Path, bad: str) -> dict[str, int]:
    """How many errors, lines and characters tsc prints for the consumer with one wrong value."""
    (folder / "consumer.ts").write_text(bad, "utf-8")
    done = run([NODE, str(TSC), "-p", ".", "--pretty", "false"], folder, check=False)
    if done.returncode == 0:
        raise RuntimeError(f"{folder.name}: a wrong value compiled")
    text = done.stdout
    errors = sum(1 for line in text.splitlines() if ": error TS" in line)
    return {"errors": errors, "lines": len(text.splitlines()), "chars": len(text)}


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def esbuild(app: Path, out: Path, *extra: str) -> dict[str, Any]:
    """Bundle `app` (minified, ESM, neutral platform); esbuild's metafile."""
    meta = out.with_suffix(".meta.json")
    args = [str(ESBUILD), app.name, "--bundle", "--minify", "--format=esm"]
    args += ["--platform=neutral", "--log-level=error", f"--metafile={meta}", *extra]
    run(args, app.parent)
    found: dict[str, Any] = json.loads(meta.read_text("utf-8"))
    return found


def bundle_sizes(package: Path, peer_modules: Path, work: Path) -> dict[str, int]:
    folder = work / "bundle"
    link(package, folder / "node_modules" / "hub-sdk")
    app = folder / "app.mjs"
    app.write_text(OURS_APP, "utf-8")
    split = folder / "split"
    meta = esbuild(app, split, "--splitting", f"--outdir={split.name}")
    outputs: dict[str, Any] = meta["outputs"]

    def chunk(path: str) -> int:
        return gz((folder / path).read_bytes())

    def closure(path: str) -> set[str]:
        """`path` and the chunks it imports statically, transitively."""
        seen, todo = set(), [path]
        while todo:
            at = todo.pop()
            if at not in seen:
                seen.add(at)
                todo += [
                    i["path"] for i in outputs[at]["imports"] if i["kind"] == "import-statement"
                ]
        return seen

    entry = next(p for p, o in outputs.items() if o.get("entryPoint") == "app.mjs")
    initial = closure(entry)
    by_source = {o.get("entryPoint", ""): p for p, o in outputs.items()}
    shard = next(
        f"dist/esm/tables/{f.stem}.js"
        for f in sorted((package / "src" / "tables").glob("*.ts"))
        if f'"{MODEL}":' in f.read_text("utf-8")
    )
    wanted = ("dist/esm/tables.js", shard, f"dist/esm/models/{module_name(MODEL)}.js")
    lazy: set[str] = set()
    for source, path in by_source.items():
        if source.endswith(wanted):
            lazy |= closure(path)
    single = folder / "single.js"
    esbuild(app, single, f"--outfile={single.name}")
    standalone_app = folder / "standalone.mjs"
    standalone_app.write_text(STANDALONE_APP, "utf-8")
    standalone = folder / "standalone.js"
    esbuild(standalone_app, standalone, f"--outfile={standalone.name}")
    peer = work / "peer-bundle"
    link(peer_modules, peer / "node_modules" / "openapi-fetch")
    peer_app = peer / "app.mjs"
    peer_app.write_text(PEER_APP, "utf-8")
    esbuild(peer_app, peer / "single.js", "--outfile=single.js")
    return {
        "entry": sum(chunk(p) for p in initial),
        "first_call": sum(chunk(p) for p in lazy - initial),
        "chunks": len([p for p in outputs if p.endswith(".js")]),
        "single": gz(single.read_bytes()),
        "standalone": gz(standalone.read_bytes()),
        "peer": gz((peer / "single.js").read_bytes()),
    }


def import_times(package: Path, reps: int) -> dict[str, float]:
    esm = (package / "dist" / "esm" / "index.js").as_uri()
    cjs = str(package / "dist" / "cjs" / "index.js")
    found = {}
    for key, cmd in (
        ("esm", [NODE, "--input-type=module", "-e", IMPORT_ESM, esm]),
        ("cjs", [NODE, "-e", IMPORT_CJS, cjs]),
    ):
        found[key] = statistics.median(float(run(cmd, package).stdout) for _ in range(reps))
    return found


def declaration_bytes(tree: Path) -> int:
    return sum(p.stat().st_size for p in tree.rglob("*.d.ts"))


def measure(size: int, reps: int, tmp: Path, log: Log) -> Row:
    work = tmp / f"n{size}"
    work.mkdir()
    log(f"N={size}: generate, build hub-sdk")
    specs = build(size, work)
    generated = work / "generated"
    cache = {"HUBGEN_CACHE_DIR": str(work / "cache")}
    subprocess.run(
        [PY, "-m", "generator.cli", "generate", "--specs", str(specs), "--out", str(generated)],
        cwd=ROOT,
        env={**os.environ, **cache},
        check=True,
        capture_output=True,
    )
    package = build_package(generated, work)
    log(f"N={size}: openapi-typescript")
    peer_types = work / "schema.d.ts"
    openapi = [NODE, str(OPENAPI_TS), str(generated / "openapi.json"), "-o", str(peer_types)]
    run([*openapi, *PEER_FLAGS], work)
    ours = consumer(
        work, "ours", OURS % {"model": MODEL, "input": GOOD_INPUT}, {"hub-sdk": package}
    )
    peer = consumer(
        work,
        "peer",
        PEER % {"model": MODEL, "input": GOOD_INPUT},
        {name: MODULES / name for name in ("openapi-fetch", "openapi-typescript-helpers")},
    )
    shutil.copy(peer_types, peer / "schema.d.ts")
    row: Row = {}
    log(f"N={size}: tsc, {reps} runs each")
    for key, flags in (("tsc", []), ("tsc_skip", ["--skipLibCheck"])):
        times = tsc_times({"ours": ours, "peer": peer}, reps, *flags)
        row[f"ours_{key}"], row[f"peer_{key}"] = times["ours"], times["peer"]
    row["ours_error"] = error_output(ours, OURS % {"model": MODEL, "input": BAD_INPUT})
    row["peer_error"] = error_output(peer, PEER % {"model": MODEL, "input": BAD_INPUT})
    defaults = work / "defaults.d.ts"
    run([*openapi[:-1], str(defaults)], work)
    shutil.copy(defaults, peer / "schema.d.ts")
    (peer / "consumer.ts").write_text(PEER % {"model": MODEL, "input": GOOD_INPUT}, "utf-8")
    compiled = run([NODE, str(TSC), "-p", ".", "--pretty", "false"], peer, check=False)
    row["peer_defaults_compile"] = compiled.returncode == 0
    row["ours_dts"] = declaration_bytes(package / "dist" / "esm")
    row["peer_dts"] = peer_types.stat().st_size
    log(f"N={size}: bundles, imports")
    row["bundle"] = bundle_sizes(package, MODULES / "openapi-fetch", work)
    row["import"] = import_times(package, reps)
    shutil.rmtree(work, ignore_errors=True)
    return row


def measure_all(sizes: list[int], reps: int, log: Log) -> dict[int, Row]:
    ensure_peers(log)
    with tempfile.TemporaryDirectory(prefix="hubgen-ts-bench-") as tmp:
        return {size: measure(size, reps, Path(tmp), log) for size in sizes}


def kb(value: float) -> str:
    return f"{value / 1000:.1f} kB"


def render(rows: dict[int, Row], reps: int) -> str:
    sizes = sorted(rows)
    pins = json.loads((PEERS / "package.json").read_text("utf-8"))["devDependencies"]
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    node = run([NODE, "--version"], ROOT).stdout.strip().removeprefix("v")
    lines = [
        "## TypeScript SDK (hub-sdk) beside openapi-typescript + openapi-fetch",
        "",
        f"Measured {when} on {os.cpu_count()} CPUs with node {node}.",
        f"Median of {reps} cold runs each, a fresh process per run, on synthetic catalogs",
        f"(benchmarks/synth.py). The consumer: one typed `generate` of {MODEL} and one task",
        f"`get`; the peer's the same two calls through openapi-fetch {pins['openapi-fetch']},",
        f"its types from openapi-typescript {pins['openapi-typescript']} with",
        f"`{' '.join(PEER_FLAGS)}` (with its defaults the same correct call does not compile:",
        "a field with a default reads as required). Both checked by tsc"
        f" {pins['typescript']} with `strict`",
        "and noEmit, once with every declaration file checked (tsc's default) and once with",
        "`--skipLibCheck`, our runs and the peer's taken in turn. The targets read wall time;",
        "CPU (user + system of the tsc process, its GC threads included) is shown beside it.",
        f"Bundles: esbuild {pins['esbuild']},",
        "minified, ESM, gzip -9; the package and the tools are pinned in benchmarks/ts-peers/.",
        "Command:",
        "",
        "    .venv/bin/python benchmarks/typescript.py --sizes "
        + " ".join(map(str, sizes))
        + f" --reps {reps}",
        "",
        "| Measure | " + " | ".join(f"N = {n}" for n in sizes) + " |",
        "|---|" + "---|" * len(sizes),
    ]

    def add(label: str, cell: Callable[[Row], str]) -> None:
        lines.append(f"| {label} | " + " | ".join(cell(rows[n]) for n in sizes) + " |")

    def seconds(key: str, unit: str) -> Callable[[Row], str]:
        return lambda r: f"{r[key][unit]:.2f} s"

    def times(key: str) -> Callable[[Row], str]:
        return lambda r: f"{r[f'peer_tsc{key}']['wall'] / r[f'ours_tsc{key}']['wall']:.1f}×"

    def errors(key: str) -> Callable[[Row], str]:
        return lambda r: "{errors} / {lines} / {chars}".format(**r[key])

    for key, how in (("", "declarations checked"), ("_skip", "`--skipLibCheck`")):
        for side, who in (("ours", "our consumer"), ("peer", "the peer's consumer")):
            for unit, shown in (("wall", "wall"), ("cpu", "CPU")):
                add(f"tsc, {who}, {how} ({shown})", seconds(f"{side}_tsc{key}", unit))
        add(f"peer ÷ ours, {how} (wall)", times(key))
    for side, who in (("ours", "ours"), ("peer", "the peer")):
        add(f"tsc on one wrong value, {who}: errors / lines / characters", errors(f"{side}_error"))
    add(
        "the correct call with openapi-typescript's defaults",
        lambda r: "compiles" if r["peer_defaults_compile"] else "**does not compile**",
    )
    add("our declarations (.d.ts, all)", lambda r: kb(r["ours_dts"]))
    add("the peer's declarations (schema.d.ts)", lambda r: kb(r["peer_dts"]))
    per_model = {n: (rows[n]["ours_dts"] / n, rows[n]["peer_dts"] / n) for n in sizes}
    lines.append(
        "| declarations per model: ours / peer | "
        + " | ".join(f"{kb(a)} / {kb(b)}" for a, b in per_model.values())
        + " |"
    )
    add("bundle, code split: entry chunk (before any call)", lambda r: kb(r["bundle"]["entry"]))
    add(
        f"… loaded by the first call to {MODEL} (registry, its shard of ids, its table)",
        lambda r: kb(r["bundle"]["first_call"]),
    )
    add("… entry + first call", lambda r: kb(r["bundle"]["entry"] + r["bundle"]["first_call"]))
    add(
        "bundle of `hub-sdk` as one file (no splitting: every table inlined)",
        lambda r: kb(r["bundle"]["single"]),
    )
    add(
        f"bundle as one file of `hub-sdk/standalone`, given {MODEL}'s table",
        lambda r: kb(r["bundle"]["standalone"]),
    )
    add("the peer's bundle (openapi-fetch, one file)", lambda r: kb(r["bundle"]["peer"]))
    add("cold `import` in node, ESM", lambda r: f"{r['import']['esm']:.1f} ms")
    add("cold `require` in node, CJS", lambda r: f"{r['import']['cjs']:.1f} ms")
    lines += ["", *targets(rows)]
    return "\n".join(lines) + "\n"


def targets(rows: dict[int, Row]) -> list[str]:
    sizes = sorted(rows)
    low, high = rows[sizes[0]], rows[sizes[-1]]
    growth = high["ours_tsc"]["wall"] / low["ours_tsc"]["wall"]
    below = [n for n in sizes if rows[n]["ours_tsc"]["wall"] < rows[n]["peer_tsc"]["wall"]]
    entries = [rows[n]["bundle"]["entry"] for n in sizes]
    calls = [rows[n]["bundle"]["entry"] + rows[n]["bundle"]["first_call"] for n in sizes]
    ones = [rows[n]["bundle"]["standalone"] for n in sizes]
    checks = [
        (
            f"our tsc time (wall), N = {sizes[0]} to {sizes[-1]}",
            "≤ 1.5×",
            f"{growth:.2f}×",
            growth <= 1.5,
        ),
        (
            "our tsc time (wall) below the peer's",
            "at every N",
            f"at N = {', '.join(map(str, below)) or 'none'}",
            len(below) == len(sizes),
        ),
        (
            "bundle entry chunk",
            "≤ 10 kB, flat in N",
            f"{kb(min(entries))} – {kb(max(entries))}",
            max(entries) <= 10_000 and max(entries) - min(entries) <= 200,
        ),
        (
            "entry + what the first call loads",
            "≤ 10 kB (grows as √N: one shard of ids)",
            f"{kb(min(calls))} – {kb(max(calls))}",
            max(calls) <= 10_000,
        ),
        (
            "one file, `hub-sdk/standalone`",
            "≤ 10 kB, flat in N",
            f"{kb(min(ones))} – {kb(max(ones))}",
            max(ones) <= 10_000 and max(ones) - min(ones) <= 200,
        ),
    ]
    out = ["| Target | Bound | Measured | Met |", "|---|---|---|---|"]
    for label, bound, measured, met in checks:
        out.append(f"| {label} | {bound} | {measured} | {'yes' if met else '**no**'} |")
    return out


def section(sizes: list[int], reps: int, log: Log) -> str:
    """The Markdown section `benchmarks/run.py` appends to BENCHMARKS.md."""
    return render(measure_all(sizes, reps, log), reps)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[25, 250, 1000])
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    args = parser.parse_args()
    log: Log = lambda text: print(text, file=sys.stderr, flush=True)  # noqa: E731
    rows = measure_all(args.sizes, args.reps, log)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2), "utf-8")
    print(render(rows, args.reps))
    return 0


if __name__ == "__main__":
    sys.exit(main())
