"""`hubgen`: the command line. Exit codes: 0 ok, 1 found a problem, 2 could not run."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .catalog import load_catalog
from .errors import HubgenError, SpecsInvalid
from .project import Paths, check, generate


def _paths(args: argparse.Namespace) -> Paths:
    return Paths(specs=Path(args.specs), templates=Path(args.templates), out=Path(args.out))


def cmd_lint(args: argparse.Namespace) -> int:
    paths = _paths(args)
    paths.require(templates=False)
    result = load_catalog(paths.specs)
    for problem in result.problems:
        print(problem.format())
    errors = sum(p.level == "error" for p in result.problems)
    if errors:
        files = len({p.file for p in result.problems})
        print(f"{errors} error(s) in {files} file(s)", file=sys.stderr)
        return 1
    assert result.catalog is not None
    print(f"ok: {len(result.catalog.models)} models", file=sys.stderr)
    return 0


def cmd_generate(args: argparse.Namespace) -> int:
    paths = _paths(args)
    if args.check:
        stale = check(paths)
        for item in stale:
            print(f"stale: {paths.out.as_posix()}/{item.path} ({item.reason})")
        if stale:
            print(f"{len(stale)} stale file(s); run `hubgen generate`", file=sys.stderr)
            return 1
        print(f"{paths.out.as_posix()}/ is up to date", file=sys.stderr)
        return 0
    total, changed = generate(paths)
    print(f"{paths.out.as_posix()}/: {total} files, {changed} changed", file=sys.stderr)
    return 0


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
    lint.set_defaults(func=cmd_lint)
    gen = commands.add_parser(
        "generate", parents=[common], help="regenerate generated/ from specs/"
    )
    gen.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if generated/ is stale"
    )
    gen.set_defaults(func=cmd_generate)
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
