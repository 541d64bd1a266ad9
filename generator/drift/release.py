"""`hubgen changelog`: the entry, the version it calls for, and with --write both written
(the entry into CHANGELOG.md, the version into hub.yaml's `sdk.version`)."""

from __future__ import annotations

import re
from pathlib import Path

from .changelog import changelog_entry
from .compare import Change, bumped, semver_bump

TITLE = "# Changelog\n"
_VERSION = re.compile(r"^([ \t]+version:[ \t]*)(\S+)")


def next_version(version: str, bump: str | None) -> str:
    """Semver, with the 0.x rule: below 1.0.0 a breaking change bumps the minor."""
    if bump == "major" and version.startswith("0."):
        bump = "minor"
    return bumped(version, bump)


def release_entry(package: str, version: str, changes: list[Change], since: str) -> tuple[str, str]:
    """(CHANGELOG entry, the SDK version it is for)."""
    bump = semver_bump(changes)
    entry = changelog_entry(package, version, changes, since)
    new = next_version(version, bump)
    plain = bumped(version, bump)
    if new != plain:  # changelog_entry bumps by plain semver: retitle it for the 0.x rule
        entry = entry.replace(f"## {package} {plain}\n", f"## {package} {new}\n", 1)
        entry = entry.replace("A major release:", "A minor release (breaking, below 1.0.0):", 1)
    return entry, new


def add_entry(changelog: Path, entry: str) -> None:
    """`entry` at the top of `changelog` (under its title; the file is made if missing)."""
    text = changelog.read_text("utf-8") if changelog.exists() else TITLE
    head, rest = (TITLE, text[len(TITLE) :]) if text.startswith(TITLE) else ("", text)
    changelog.write_text(f"{head}\n{entry.rstrip()}\n\n{rest.lstrip()}".rstrip() + "\n", "utf-8")


def set_sdk_version(hub_yaml: Path, version: str) -> None:
    """Rewrite `sdk.version` in hub.yaml in place, comments and layout kept."""
    lines = hub_yaml.read_text("utf-8").splitlines(keepends=True)
    inside = False
    for index, line in enumerate(lines):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            inside = line.rstrip() == "sdk:"
            continue
        match = _VERSION.match(line) if inside else None
        if match:
            lines[index] = match.group(1) + version + line[match.end() :]
            hub_yaml.write_text("".join(lines), "utf-8")
            return
    raise ValueError(f"{hub_yaml}: no `sdk:` block with a `version:` line")
