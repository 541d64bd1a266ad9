"""The one exception validation raises, and the problems it carries."""

from __future__ import annotations

from typing import NamedTuple


class Problem(NamedTuple):
    """One thing wrong with an input: where, which rule, and what to do. (A NamedTuple, not
    a dataclass: `import hub_sdk` loads this module, and dataclasses costs more to import.)"""

    field: str
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message} [{self.rule}]"


class InputError(ValueError):
    """An input the model does not accept. `problems` lists every reason."""

    def __init__(self, model_id: str, problems: list[Problem] | tuple[Problem, ...]) -> None:
        self.model_id = model_id
        self.problems = tuple(problems)
        count = len(self.problems)
        lines = [f"invalid input for {model_id} ({count} problem{'s' if count != 1 else ''}):"]
        lines += [f"  - {p}" for p in self.problems]
        super().__init__("\n".join(lines))
