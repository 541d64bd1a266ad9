"""Semantic checks of one model: meaning, not shape.

`ModelChecker` runs them all on a built model with its located tree; the checks of its
parameters are parameter_checks.py, of its example example_check.py. Nothing here raises.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ..errors import SpecError
from ..naming import attribute_name
from .example_check import check_example
from .images import IMAGE_URLS
from .located import LMap
from .model import ModelSpec
from .model_report import ModelReport
from .parameter_checks import check_parameter
from .shape import Vouch, dotted, suggest

SAFE_ID = re.compile(r"^[a-z0-9]+(?:[.-][a-z0-9]+)*$")


class ModelChecker(ModelReport):
    """Semantic checks of one model; `problems` lists what they found.

    `capabilities`: each declared capability's modes (None when hub.yaml itself is broken,
    and then a model's capability and mode are not checked)."""

    def __init__(
        self,
        model: ModelSpec,
        tree: LMap,
        capabilities: Mapping[str, tuple[str, ...]] | None = None,
        vouch: Vouch | None = None,
    ) -> None:
        super().__init__(model, tree)
        self.capabilities = capabilities
        self.vouch = vouch

    def run(self, file_stem: str) -> list[SpecError]:
        self.check_id(file_stem)
        self.check_capability()
        for param in self.model.parameters:
            check_parameter(self, param, ["parameters", param.name])
        self.check_images()
        self.check_rules()
        self.check_names()
        if not self.problems:
            check_example(self, self.vouch)
        return self.problems

    def check_id(self, file_stem: str) -> None:
        model_id = self.model.id
        if not SAFE_ID.match(model_id) or len(model_id) > 100:
            self.at(
                ["id"],
                "E206",
                f"id '{model_id}' is not safe as a file name: use lowercase letters, digits, "
                "and single '.' or '-' between them",
            )
        elif model_id != file_stem:
            self.at(["id"], "E207", f"id '{model_id}' must match the file name '{file_stem}.yaml'")

    def check_capability(self) -> None:
        """The capability is one hub.yaml declares; the mode one that capability lists."""
        if self.capabilities is None:
            return
        capability, mode = self.model.capability, self.model.mode
        if capability not in self.capabilities:
            declared = ", ".join(self.capabilities)
            hint = suggest(capability, list(self.capabilities))
            self.at(
                ["capability"],
                "E210",
                f"capability '{capability}' is not declared in hub.yaml{hint} "
                f"(declared: {declared})",
            )
            return
        modes = self.capabilities[capability]
        if not modes:
            if mode is not None:
                self.at(
                    ["mode"],
                    "E210",
                    f"mode '{mode}': capability '{capability}' lists no modes in hub.yaml, "
                    "so its models give none",
                )
        elif mode is None:
            listed = ", ".join(modes)
            self.at(
                ["id"], "E210", f"a {capability} model needs a mode, one of: {listed}", key=True
            )
        elif mode not in modes:
            listed = ", ".join(modes)
            self.at(
                ["mode"],
                "E210",
                f"mode '{mode}' is not one capability '{capability}' lists{suggest(mode, modes)} "
                f"(listed: {listed})",
            )

    def _field(self, name: str, path: list[Any], what: str, expect: str) -> None:
        param = self.model.parameter(name)
        if param is None:
            hint = suggest(name, [p.name for p in self.model.parameters])
            self.at(
                path,
                "E203" if what == "images" else "E204",
                f"{dotted(path)}: '{name}' is not a parameter of this model{hint}",
            )
        elif expect not in (param.type, "any"):
            self.at(
                path, "E203", f"{dotted(path)}: '{name}' is {param.type}; {what} needs {expect}"
            )

    def check_images(self) -> None:
        images = self.model.images
        if images is None:
            return
        if bool(images.slots) == bool(images.list_field):
            self.at(["images"], "E203", "images: give exactly one of 'slots' or 'list'")
            return
        if images.max is not None and images.min > images.max:
            self.at(
                ["images", "count"], "E203", f"images.count: min {images.min} > max {images.max}"
            )
        for index, name in enumerate(images.slots):
            self._field(name, ["images", "slots", index], "images", "string")
        if images.slots and images.max is not None and images.max > len(images.slots):
            self.at(
                ["images", "count", "max"],
                "E203",
                f"images.count.max: {images.max} images but only {len(images.slots)} slots",
            )
        if images.list_field:
            self._field(images.list_field, ["images", "list"], "images", "array")
        if images.slots and self.model.parameter(IMAGE_URLS) is not None:
            self.at(
                ["parameters", IMAGE_URLS],
                "E203",
                "image_urls is the hub's own field; with 'slots' it cannot be a parameter too",
            )

    def check_rules(self) -> None:
        for index, rule in enumerate(self.model.rules):
            names = [*rule.fields, *([rule.when] if rule.when else [])]
            for name in names:
                if self.model.parameter(name) is None and name != IMAGE_URLS:
                    self._field(name, ["rules", index], "rules", "any")

    def check_names(self) -> None:
        seen: dict[str, str] = {}
        for param in self.model.input_parameters():
            attr = attribute_name(param.name)
            if attr in seen:
                self.at(
                    ["parameters", param.name],
                    "E208",
                    f"parameters '{seen[attr]}' and '{param.name}' both become the Python "
                    f"name '{attr}'",
                )
            seen[attr] = param.name
