"""A CHANGELOG entry for the SDK: the changes, grouped, and the semver bump they call for."""

from __future__ import annotations

from .compare import ADDITIVE, BREAKING, INFO, Change, bumped, semver_bump

HEADINGS = ((BREAKING, "Breaking"), (ADDITIVE, "Added"), (INFO, "Changed"))


def changelog_entry(package: str, version: str, changes: list[Change], since: str) -> str:
    bump = semver_bump(changes)
    if bump is None:
        return f"## {package} {version}\n\nNo catalog changes since {since}.\n"
    lines = [f"## {package} {bumped(version, bump)}", ""]
    lines += [f"A {bump} release: catalog changes since {since} ({package} {version}).", ""]
    for cls, heading in HEADINGS:
        chosen = [c for c in changes if c.cls == cls]
        if chosen:
            lines += [f"### {heading}", ""]
            lines += [
                f"- `{c.model}`" + (f" `{c.field}`" if c.field else "") + f": {c.message}"
                for c in chosen
            ]
            lines.append("")
    return "\n".join(lines)
