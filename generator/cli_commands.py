"""What each `hubgen` command runs, from its parsed arguments, and what it prints.

The work itself is the library's (project.py, drift/, mock/); a command here reads its
arguments, calls it and prints the outcome, and returns the exit code. Each command
imports what it needs when it runs, so that a command (and above all the no-op
`generate`) does not pay for black, httpx, starlette or ruamel it does not use.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import SpecsInvalid
from .findings import lint_output, stale_output
from .paths import Paths
from .timings import Timings

if TYPE_CHECKING:
    from .catalog import Catalog
    from .drift.settings import FetchConfig

# When hubgen's own code began (`generate --timings` counts from here).
STARTED = time.perf_counter()


def _paths(args: argparse.Namespace) -> Paths:
    return Paths(specs=Path(args.specs), templates=Path(args.templates), out=Path(args.out))


def cmd_lint(args: argparse.Namespace) -> int:
    from .project import load_specs

    result = load_specs(_paths(args))
    models = len(result.catalog.models) if result.catalog is not None else None
    sys.stdout.write(lint_output(result.problems, models, args.format))
    errors = sum(p.level == "error" for p in result.problems)
    if errors:
        files = len({p.file for p in result.problems})
        print(f"{errors} error(s) in {files} file(s)", file=sys.stderr)
        return 1
    assert result.catalog is not None
    print(f"ok: {len(result.catalog.models)} models", file=sys.stderr)
    return 0


def cmd_generate(args: argparse.Namespace) -> int:
    from .project import run

    timings = Timings(STARTED)
    timings.since_start("command line")
    paths = _paths(args)
    outcome = run(paths, write=not args.check, timings=timings)
    out = paths.out.as_posix()
    if args.check:
        sys.stdout.write(stale_output(outcome.stale, out, args.format))
        if outcome.stale:
            print(f"{len(outcome.stale)} stale file(s); run `hubgen generate`", file=sys.stderr)
        else:
            print(f"{out}/ is up to date", file=sys.stderr)
    elif outcome.fresh:
        print(f"{out}/ is up to date: nothing to render", file=sys.stderr)
    else:
        print(f"{out}/: {outcome.rendered} files, {len(outcome.stale)} changed", file=sys.stderr)
    if args.timings:
        print(timings.report(args.timings))
    return 1 if args.check and outcome.stale else 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .mock import MockConfig, accepted_tokens, build_app
    from .mock.server import bind, serve

    catalog = _specs_catalog(args)
    tokens, accepting = accepted_tokens(args.token, catalog.hub.auth_env)
    config = MockConfig(
        tokens=tokens,
        task_delay=args.task_delay,
        latency=args.latency,
        rate_limit_every=args.rate_limit_every,
        retry_after=args.retry_after,
        error_rate=args.error_rate,
        fail_rate=args.fail_rate,
        seed=args.seed,
        max_body=args.max_body,
    ).checked()
    sock = bind(args.host, args.port)
    host, port = sock.getsockname()[:2]
    print(f"mock hub: {len(catalog.models)} models on http://{host}:{port}", file=sys.stderr)
    print(f"mock hub: accepting {accepting}", file=sys.stderr, flush=True)
    serve(build_app(catalog, config), sock, access_log=not args.quiet)
    return 0


def _specs_catalog(args: argparse.Namespace) -> Catalog:
    """The specs' catalog, or SpecsInvalid with every problem. Models built before are
    reused (see project.load_specs)."""
    from .project import load_specs

    result = load_specs(_paths(args))
    if result.catalog is None:
        raise SpecsInvalid(result.problems)
    return result.catalog


def _fetch_config(args: argparse.Namespace, catalog: Catalog) -> FetchConfig:
    from .drift.settings import fetch_config

    return fetch_config(
        catalog,
        base_url=args.base_url,
        token_env=args.token_env,
        concurrency=args.concurrency,
        timeout=args.timeout,
        progress=_progress if sys.stderr.isatty() else None,
    )


def _progress(read: int, listed: int) -> None:
    """A long drift or sync on a terminal: one line on stderr, rewritten in place."""
    end = "\n" if read == listed else ""
    print(f"\rhubgen: read {read}/{listed} model details", end=end, file=sys.stderr, flush=True)


def cmd_drift(args: argparse.Namespace) -> int:
    from .drift import check_drift
    from .drift.compare import exit_code
    from .drift.report import render as render_report

    catalog = _specs_catalog(args)
    result = check_drift(catalog, _fetch_config(args, catalog), allow_shrink=args.allow_shrink)
    target = args.base_url.rstrip("/")
    report = render_report(
        result.changes, fmt=args.format, source="specs", target=target, models=result.models_checked
    )
    sys.stdout.write(report)
    return exit_code(result.changes, args.fail_on)


def cmd_sync(args: argparse.Namespace) -> int:
    from .drift.sync_run import run_sync

    catalog = _specs_catalog(args)
    result = run_sync(
        catalog,
        Path(args.specs),
        _fetch_config(args, catalog),
        dry_run=args.dry_run,
        prune=args.prune,
        allow_shrink=args.allow_shrink,
    )
    sys.stdout.write(result.diff)
    for line in result.lines:
        print(line)
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    from .drift.compare import exit_code
    from .drift.report import render as render_report
    from .drift.trees import diff_trees

    diff = diff_trees(args.old, args.new, Path(args.specs))
    sys.stdout.write(
        render_report(
            diff.changes, fmt=args.format, source=args.old, target=args.new, models=diff.models
        )
    )
    return exit_code(diff.changes, args.fail_on)


def cmd_report(args: argparse.Namespace) -> int:
    from .drift.report import read_json_report
    from .drift.report import render as render_report

    changes, source, target, models = read_json_report(args.report)
    sys.stdout.write(
        render_report(changes, fmt=args.format, source=source, target=target, models=models)
    )
    return 0


def cmd_changelog(args: argparse.Namespace) -> int:
    from .drift.release import catalog_release, write_release
    from .drift.trees import catalog_at

    specs = Path(args.specs)
    old = catalog_at(args.since, specs)
    new = catalog_at(args.to, specs) if args.to else _specs_catalog(args)
    entry, version = catalog_release(old, new, args.since)
    if not args.write:
        sys.stdout.write(entry)
        return 0
    changelog = Path(args.changelog) if args.changelog else None
    print(
        write_release(old.hub, entry, version, since=args.since, specs=specs, changelog=changelog)
    )
    return 0
