"""`hubgen`: the command line. Exit codes: 0 ok, 1 found a problem, 2 could not run.

This module runs one command and turns what it raises into an exit code; the commands
and their options are cli_parser.py's, what each runs and prints cli_commands.py's.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from .cli_parser import build_parser
from .errors import HubgenError, SpecsInvalid


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
