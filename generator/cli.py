"""`hubgen`: the command line. Exit codes: 0 ok, 1 found a problem, 2 could not run.

This module runs one command and turns what it raises into an exit code; the commands
and their options are cli_parser.py's, what each runs and prints cli_commands.py's.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from .cli_parser import build_parser
from .errors import HubgenError, SpecsInvalid

GC_THRESHOLDS = (200_000, 30, 30)
"""The `hubgen` command's garbage collector thresholds (generations 0, 1 and 2)."""

OUTPUT_CLOSED = "the standard output was closed before all of it was written"


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
    except BrokenPipeError:
        print(f"hubgen: {OUTPUT_CLOSED}", file=sys.stderr)
        return 2
    except Exception as exc:  # a bug in hubgen: one line, full traceback on request
        if os.environ.get("HUBGEN_DEBUG"):
            raise
        what = f"{type(exc).__name__}: {exc}"
        print(f"hubgen: internal error: {what} (HUBGEN_DEBUG=1 shows a traceback)", file=sys.stderr)
        return 2


def run() -> NoReturn:
    """The `hubgen` command: `main`, then the process ends at once. By then the catalog,
    its models and the rendered tree are garbage, and freeing them object by object costs
    a large catalog's run a few tenths of a second; so, once what it printed is flushed,
    the process leaves without that (as mypy does). Nothing is left to finish: worker
    processes have stopped and every file hubgen wrote is complete and closed.

    For the same reason the cyclic garbage collector runs seldom (as mypy tunes it): a
    run makes hundreds of thousands of objects that live until it ends, and at Python's
    default thresholds full collections walk them again and again, for nothing."""
    gc.set_threshold(*GC_THRESHOLDS)
    code = main()
    try:
        sys.stdout.flush()
    except (OSError, ValueError):  # the reader went away, or the stream was closed
        print(f"hubgen: {OUTPUT_CLOSED}", file=sys.stderr)
        code = 2
    try:
        sys.stderr.flush()
    except (OSError, ValueError):
        pass  # nowhere left to say anything
    os._exit(code)


if __name__ == "__main__":
    run()
