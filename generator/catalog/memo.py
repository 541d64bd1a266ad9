"""Models built before, reused while every file they came from is unchanged.

Loading a catalog parses, shape-checks, resolves, builds and checks every model; after
one spec changed, only that model needs it. A model that loaded without problems is
kept in a `Store` the caller supplies (load_catalog's `store`; generator/speed keeps one
per specs/ tree on disk) under a hash of this generator's code, the model file's path and
text, and every shared base file; the few models that extend another model file also
record that file's hash, checked on reuse. A base file that was read without a problem
is recorded too, so that it is parsed again only when a model being built extends it.
The loader knows nothing of where a store keeps its entries.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from ..digests import digest
from .located import Loc
from .model import ModelSpec


class Store(Protocol):
    """Where built models are kept between loads: entries by key, written back by `save`."""

    def get(self, key: str) -> object | None: ...

    def put(self, key: str, value: object) -> None: ...

    def save(self) -> None: ...


@dataclass(frozen=True)
class Built:
    """What loading one model file produced, when it produced no problems."""

    model: ModelSpec
    id_loc: Loc
    chain: tuple[str, ...]
    others: tuple[tuple[str, str], ...]
    """(name, text hash) of each file in the chain that is not a base or the file itself."""


class ModelMemo:
    """Lookups and stores of built models for one specs/ tree (`save` when done)."""

    def __init__(
        self, generator: str, specs: Path, bases: Mapping[str, tuple[str, str]], store: Store
    ) -> None:
        """`bases`: each base file's name -> (display path, text)."""
        hasher = hashlib.sha256(f"models\0{generator}\0{specs.name}\0".encode())
        for name, (shown, text) in sorted(bases.items()):
            hasher.update(f"{name}\0{shown}\0{digest(text)}\0".encode())
        self._salt = hasher.hexdigest()
        self._pack = store

    def _key(self, name: str, shown: str, text: str) -> str:
        return digest(f"{self._salt}\0{name}\0{shown}\0{text}")

    def get(self, name: str, shown: str, text: str, texts: Mapping[str, str]) -> Built | None:
        """The model built from these exact files before, or None. `texts`: every spec
        file's current text by name."""
        built = self._pack.get(self._key(name, shown, text))
        if not isinstance(built, Built):
            return None
        for other, recorded in built.others:
            if other not in texts or digest(texts[other]) != recorded:
                return None
        return built

    def put(self, name: str, shown: str, text: str, built: Built) -> None:
        self._pack.put(self._key(name, shown, text), built)

    def clean(self, name: str, shown: str, text: str) -> bool:
        """Whether this base file, with this text, was read, parsed and shape-checked
        without a problem before (put_clean)."""
        return self._pack.get(self._key(name, shown, text)) is True

    def put_clean(self, name: str, shown: str, text: str) -> None:
        self._pack.put(self._key(name, shown, text), True)

    def save(self) -> None:
        self._pack.save()
