"""`hubgen changelog`: the entry, the version it calls for, and with --write both written
(the entry into CHANGELOG.md, the version into hub.yaml's `sdk.version`)."""

from __future__ import annotations

import re
from pathlib import Path

from ..catalog import Catalog, HubSpec
from ..errors import UsageError
from . import spec_models
from .changelog import changelog_entry
from .compare import Change, bumped, compare_catalogs, semver_bump

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


def catalog_release(old: Catalog, new: Catalog, since: str) -> tuple[str, str]:
    """(CHANGELOG entry, the SDK version it is for) of the changes from `old` to `new`,
    from the SDK version `old` declares."""
    changes = compare_catalogs(spec_models(old), spec_models(new))
    hub = old.hub
    return release_entry(hub.sdk_package, hub.sdk_version, changes, since)


def write_release(
    hub: HubSpec, entry: str, version: str, *, since: str, specs: Path, changelog: Path | None
) -> str:
    """Add `entry` to `changelog` (default: CHANGELOG.md beside `specs`) and set `version`
    in specs/hub.yaml, unless it is `hub`'s own (no catalog changes); the line saying what
    was done. UsageError when hub.yaml cannot be rewritten."""
    if version == hub.sdk_version:
        return f"no catalog changes since {since}: CHANGELOG.md and hub.yaml left as they are"
    changelog = changelog or specs.resolve().parent / "CHANGELOG.md"
    try:
        set_sdk_version(specs / "hub.yaml", version)
    except (OSError, ValueError) as exc:
        raise UsageError(str(exc)) from None
    add_entry(changelog, entry)
    return f"{changelog}: {hub.sdk_package} {version}; {specs / 'hub.yaml'}: sdk.version {version}"


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
