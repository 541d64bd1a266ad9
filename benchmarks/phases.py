"""Where a `hubgen generate` run spends its wall time, phase by phase.

Runs the real `generate` in this process with a timer around each stage of the pipeline
(the functions are wrapped, not copied), and prints the phases as JSON. For a large
catalog, worker processes render the catalog-wide files and each model's files; in the
main process that shows as the time spent waiting for them. Usage:

    HUBGEN_CACHE_DIR=<dir> python benchmarks/phases.py SPECS TEMPLATES OUT
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

STARTED = time.perf_counter()

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator import project  # noqa: E402
from generator.model_outputs import ModelOutputs  # noqa: E402
from generator.paths import Paths  # noqa: E402

PHASES: dict[str, float] = {}


def timed(label: str, function: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            PHASES[label] = PHASES.get(label, 0.0) + time.perf_counter() - started

    return wrapper


def main() -> int:
    specs, templates, out = (Path(arg) for arg in sys.argv[1:4])
    PHASES["start-up and imports"] = time.perf_counter() - STARTED
    project.up_to_date = timed("freshness check (hashes)", project.up_to_date)
    project.load = timed("load specs (parse, check, build)", project.load)
    ModelOutputs.start = timed("find reusable model files, hand out the rest", ModelOutputs.start)
    project.catalog_files_of = timed(
        "wait for the catalog-wide files (registry, stub, OpenAPI, index)",
        project.catalog_files_of,
    )
    ModelOutputs.result = timed("wait for the models' files", ModelOutputs.result)
    project.manifest = timed("manifest", project.manifest)
    project.compare_tree = timed("compare with the output directory", project.compare_tree)
    project.write_tree = timed("write the new tree and swap it in", project.write_tree)
    started = time.perf_counter()
    project.generate(Paths(specs, templates, out))
    PHASES["total"] = time.perf_counter() - started + PHASES["start-up and imports"]
    print(json.dumps(PHASES))
    return 0


if __name__ == "__main__":
    sys.exit(main())
