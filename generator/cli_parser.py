"""`hubgen`'s commands and their options, as an argparse parser; each command's
handler is in cli_commands.py."""

from __future__ import annotations

import argparse
from typing import Any

from . import __version__
from .cli_commands import (
    cmd_changelog,
    cmd_diff,
    cmd_drift,
    cmd_generate,
    cmd_lint,
    cmd_report,
    cmd_serve,
    cmd_sync,
)
from .findings import CHECK_FORMATS

DESCRIPTION = "`hubgen`: the command line. Exit codes: 0 ok, 1 found a problem, 2 could not run."
FORMATS = ("text", "json", "markdown", "github")


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
    parser = argparse.ArgumentParser(prog="hubgen", description=DESCRIPTION)
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
