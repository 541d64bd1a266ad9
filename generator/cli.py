"""`hubgen`: the command line. Exit codes: 0 ok, 1 found a problem, 2 could not run."""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .errors import HubgenError, SpecsInvalid, UsageError
from .findings import CHECK_FORMATS, lint_output, stale_output
from .paths import Paths
from .timings import Timings

# Each command imports what it needs when it runs, so that a command (and above all the
# no-op `generate`) does not pay for black, httpx, starlette or ruamel it does not use.
if TYPE_CHECKING:
    from .catalog import Catalog
    from .drift.settings import FetchConfig

FORMATS = ("text", "json", "markdown", "github")
# When hubgen's own code began (`generate --timings` counts from here).
STARTED = time.perf_counter()


def _paths(args: argparse.Namespace) -> Paths:
    return Paths(specs=Path(args.specs), templates=Path(args.templates), out=Path(args.out))


def cmd_lint(args: argparse.Namespace) -> int:
    from .catalog import load_catalog

    paths = _paths(args)
    paths.require(templates=False)
    result = load_catalog(paths.specs, reuse=True)
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
    reused (see catalog/memo.py)."""
    from .catalog import load_catalog

    paths = _paths(args)
    paths.require(templates=False)
    result = load_catalog(paths.specs, reuse=True)
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
    from .drift import spec_models
    from .drift.compare import compare_catalogs, exit_code
    from .drift.report import render as render_report
    from .drift.trees import catalog_at

    specs = Path(args.specs)
    old, new = catalog_at(args.old, specs), catalog_at(args.new, specs)
    changes = compare_catalogs(spec_models(old), spec_models(new))
    models = len({m.id for m in old.models} | {m.id for m in new.models})
    sys.stdout.write(
        render_report(changes, fmt=args.format, source=args.old, target=args.new, models=models)
    )
    return exit_code(changes, args.fail_on)


def cmd_report(args: argparse.Namespace) -> int:
    from .drift.report import load_json_report
    from .drift.report import render as render_report

    try:
        text = Path(args.report).read_text("utf-8")
        changes, source, target, models = load_json_report(text)
    except OSError as exc:
        raise UsageError(f"{args.report}: {exc.strerror or exc}") from None
    except (ValueError, KeyError, TypeError) as exc:
        raise UsageError(f"{args.report}: not a hubgen JSON report ({exc})") from None
    sys.stdout.write(
        render_report(changes, fmt=args.format, source=source, target=target, models=models)
    )
    return 0


def cmd_changelog(args: argparse.Namespace) -> int:
    from .drift import spec_models
    from .drift.compare import compare_catalogs
    from .drift.release import add_entry, release_entry, set_sdk_version
    from .drift.trees import catalog_at

    specs = Path(args.specs)
    old = catalog_at(args.since, specs)
    new = catalog_at(args.to, specs) if args.to else _specs_catalog(args)
    changes = compare_catalogs(spec_models(old), spec_models(new))
    hub = old.hub
    entry, version = release_entry(hub.sdk_package, hub.sdk_version, changes, args.since)
    if not args.write:
        sys.stdout.write(entry)
        return 0
    if version == hub.sdk_version:
        print(f"no catalog changes since {args.since}: CHANGELOG.md and hub.yaml left as they are")
        return 0
    changelog = Path(args.changelog) if args.changelog else specs.resolve().parent / "CHANGELOG.md"
    try:
        set_sdk_version(specs / "hub.yaml", version)
    except (OSError, ValueError) as exc:
        raise UsageError(str(exc)) from None
    add_entry(changelog, entry)
    print(f"{changelog}: {hub.sdk_package} {version}; {specs / 'hub.yaml'}: sdk.version {version}")
    return 0


def _port(text: str) -> int:
    """An argparse type: a TCP port, 0 (any free one) to 65535."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"a port is 0 to 65535, got {port}")
    return port


def _add_serve(commands: Any, common: argparse.ArgumentParser) -> None:
    serve = commands.add_parser(
        "serve", parents=[common], help="serve a mock hub built from specs/ (for offline work)"
    )
    serve.add_argument("--host", default="127.0.0.1", help="address (default: 127.0.0.1)")
    serve.add_argument("--port", type=_port, default=8000, help="port, 0 for any (default: 8000)")
    serve.add_argument(
        "--token",
        action="append",
        metavar="TOKEN",
        help="accept this bearer token (repeatable; default: $HUB_API_KEY, else any)",
    )
    serve.add_argument(
        "--task-delay", type=float, default=2.0, help="seconds a task takes (default: 2)"
    )
    serve.add_argument("--latency", type=float, default=0.0, help="seconds added to every answer")
    serve.add_argument(
        "--rate-limit-every", type=int, default=0, metavar="N", help="answer every Nth request 429"
    )
    serve.add_argument(
        "--retry-after", type=int, default=1, help="Retry-After seconds of a 429 (default: 1)"
    )
    serve.add_argument(
        "--error-rate", type=float, default=0.0, help="fraction of requests answered 503"
    )
    serve.add_argument("--fail-rate", type=float, default=0.0, help="fraction of tasks that fail")
    serve.add_argument("--seed", type=int, default=None, help="seed of the fault draws")
    serve.add_argument(
        "--max-body", type=int, default=1 << 20, help="largest body in bytes (default: 1 MiB)"
    )
    serve.add_argument("--quiet", action="store_true", help="no access log")
    serve.set_defaults(func=cmd_serve)


def _add_catalog_checks(commands: Any, common: argparse.ArgumentParser) -> None:
    formats = {"choices": FORMATS, "default": "text", "help": "report format (default: text)"}
    fail_on = {
        "choices": ("breaking", "any"),
        "default": "any",
        "help": "exit 1 on any change (default) or only on breaking ones",
    }
    drift = commands.add_parser(
        "drift", parents=[common], help="compare a live hub's catalog with specs/"
    )
    drift.add_argument("--base-url", required=True, help="the hub, e.g. https://hub.example.com")
    drift.add_argument("--token-env", help="environment variable holding the token")
    drift.add_argument("--format", **formats)
    drift.add_argument("--fail-on", **fail_on)
    drift.add_argument("--concurrency", type=int, default=8, help="requests at once (default 8)")
    drift.add_argument("--timeout", type=float, default=10.0, help="seconds per request")
    drift.add_argument(
        "--allow-shrink", action="store_true", help="accept a live catalog that lost >25%%"
    )
    drift.set_defaults(func=cmd_drift)
    sync = commands.add_parser(
        "sync", parents=[common], help="write the live catalog into specs/ (in place)"
    )
    sync.add_argument("--base-url", required=True, help="the hub, e.g. https://hub.example.com")
    sync.add_argument("--token-env", help="environment variable holding the token")
    sync.add_argument("--concurrency", type=int, default=8, help="requests at once (default 8)")
    sync.add_argument("--timeout", type=float, default=10.0, help="seconds per request")
    sync.add_argument("--dry-run", action="store_true", help="show the diff, write nothing")
    sync.add_argument("--prune", action="store_true", help="delete specs of removed models")
    sync.add_argument(
        "--allow-shrink", action="store_true", help="accept a live catalog that lost >25%%"
    )
    sync.set_defaults(func=cmd_sync)
    diff = commands.add_parser(
        "diff", parents=[common], help="compare two spec trees or git refs (OLD NEW)"
    )
    diff.add_argument("old", help="a specs directory or a git ref, e.g. HEAD~1")
    diff.add_argument("new", help="a specs directory or a git ref, e.g. HEAD")
    diff.add_argument("--format", **formats)
    diff.add_argument("--fail-on", **fail_on)
    diff.set_defaults(func=cmd_diff)
    report = commands.add_parser(
        "report", help="render a saved `drift --format json` report in another format"
    )
    report.add_argument("report", help="the JSON report file")
    report.add_argument("--format", **formats)
    report.set_defaults(func=cmd_report)
    changelog = commands.add_parser(
        "changelog", parents=[common], help="a CHANGELOG entry with the semver bump"
    )
    changelog.add_argument("--since", default="HEAD", help="git ref or directory (default HEAD)")
    changelog.add_argument("--to", help="git ref or directory (default: the specs directory)")
    changelog.add_argument(
        "--write",
        action="store_true",
        help="add the entry to CHANGELOG.md and set sdk.version in hub.yaml (else print it)",
    )
    changelog.add_argument("--changelog", help="the file (default: CHANGELOG.md beside specs/)")
    changelog.set_defaults(func=cmd_changelog)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hubgen", description=__doc__)
    parser.add_argument("--version", action="version", version=f"hubgen {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--specs", default="specs", help="spec directory (default: specs)")
    common.add_argument(
        "--templates", default="templates", help="template directory (default: templates)"
    )
    common.add_argument("--out", default="generated", help="output directory (default: generated)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    lint = commands.add_parser(
        "lint", parents=[common], help="check every spec, report all problems"
    )
    checks: dict[str, Any] = {
        "choices": CHECK_FORMATS,
        "default": "text",
        "help": "output (default: text)",
    }
    lint.add_argument("--format", **checks)
    lint.set_defaults(func=cmd_lint)
    gen = commands.add_parser(
        "generate", parents=[common], help="regenerate generated/ from specs/"
    )
    gen.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if generated/ is stale"
    )
    gen.add_argument(
        "--timings",
        nargs="?",
        const="text",
        choices=("text", "json"),
        help="print the wall time of each phase, as a table or (=json) one line of JSON",
    )
    gen.add_argument("--format", **{**checks, "help": "--check's output (default: text)"})
    gen.set_defaults(func=cmd_generate)
    _add_serve(commands, common)
    _add_catalog_checks(commands, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        code: int = args.func(args)
        return code
    except SpecsInvalid as exc:
        for problem in exc.problems:
            print(problem.format())
        print(f"hubgen: {exc}", file=sys.stderr)
        return exc.exit_code
    except HubgenError as exc:
        print(f"hubgen: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug in hubgen: one line, full traceback on request
        if os.environ.get("HUBGEN_DEBUG"):
            raise
        what = f"{type(exc).__name__}: {exc}"
        print(f"hubgen: internal error: {what} (HUBGEN_DEBUG=1 shows a traceback)", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
