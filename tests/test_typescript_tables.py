"""The TypeScript client's registry of tables: ids sorted, cut into runs of about √N."""

from __future__ import annotations

import math

import pytest

from generator.targets.typescript.tables import shards


@pytest.mark.parametrize("size", [0, 1, 2, 24, 25, 26, 250, 1000])
def test_shards_cover_the_ids_in_order_in_runs_of_about_sqrt_n(size: int) -> None:
    ids = [f"model-{i:04d}" for i in reversed(range(size))]
    runs = shards(ids)
    assert [i for run in runs for i in run] == sorted(ids)
    assert all(runs)
    bound = math.ceil(math.sqrt(size)) if size else 0
    assert all(len(run) <= bound for run in runs)
    assert len(runs) <= bound
