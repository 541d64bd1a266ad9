"""How the catalog words a list of names for people."""

from __future__ import annotations


def join_words(names: tuple[str, ...] | list[str], last: str = "and") -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} {last} {names[-1]}"
