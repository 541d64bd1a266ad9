"""How a model takes images: the hub-facing `image_urls` field and where it lands
upstream."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

IMAGE_URLS = "image_urls"


@dataclass(frozen=True)
class ImageMapping:
    """How the hub-facing `image_urls` lands on the model's upstream fields.

    Either `slots` (image_urls[i] -> slots[i]) or `list_field` (the whole list -> that
    array field); `min`/`max` bound len(image_urls) whenever it is given.
    """

    min: int
    max: int | None
    slots: tuple[str, ...] = ()
    list_field: str | None = None

    def slot_index(self, name: str) -> int | None:
        return self.slots.index(name) if name in self.slots else None

    @property
    def targets(self) -> tuple[str, ...]:
        if self.slots:
            return self.slots
        return (self.list_field,) if self.list_field else ()

    @property
    def is_passthrough(self) -> bool:
        """True when the upstream field is itself called image_urls."""
        return self.list_field == IMAGE_URLS

    def count_text(self) -> str:
        if self.max is None:
            return f"at least {self.min}" if self.min else "any number of"
        if self.min == self.max:
            return str(self.min)
        return f"{self.min}–{self.max}" if self.min else f"up to {self.max}"

    def document(self) -> dict[str, Any]:
        """The mapping as data: min, max, and slots or list."""
        out: dict[str, Any] = {"min": self.min, "max": self.max}
        if self.slots:
            out["slots"] = list(self.slots)
        else:
            out["list"] = self.list_field
        return out

    def count_phrase(self) -> str:
        """'1 image', 'up to 9 images', ..."""
        return f"{self.count_text()} {'image' if self.max == 1 else 'images'}"

    def describe(self) -> str:
        if self.slots:
            where = ", ".join(f"image_urls[{i}] → {name}" for i, name in enumerate(self.slots))
            return f"Takes {self.count_phrase()}: {where}."
        if self.is_passthrough:
            return f"Takes {self.count_phrase()}, passed upstream as image_urls."
        return f"Takes {self.count_phrase()}: the whole list → {self.list_field}."
