"""Timings: the wall time of each phase of a run, as a table or one line of JSON."""

from __future__ import annotations

import json
import time

import pytest

from generator.timings import Timings


def test_phases_add_up_in_the_order_they_first_ran() -> None:
    timings = Timings()
    with timings.phase("load"):
        time.sleep(0.01)
    with timings.phase("write"):
        pass
    with timings.phase("load"):
        time.sleep(0.01)
    assert list(timings.phases) == ["load", "write"]
    assert timings.phases["load"] >= 0.02
    assert timings.phases["write"] < timings.phases["load"]


def test_a_phase_that_raises_is_still_counted() -> None:
    timings = Timings()
    with pytest.raises(ValueError, match="template"), timings.phase("render"):
        raise ValueError("template")
    assert "render" in timings.phases


def test_since_start_counts_what_no_phase_has_counted() -> None:
    timings = Timings(started=time.perf_counter() - 1.0)
    timings.add("earlier", 0.25)
    timings.since_start("start-up")
    assert 0.75 <= timings.phases["start-up"] < 0.9


def test_json_report_has_every_phase_and_a_total_covering_them() -> None:
    timings = Timings(started=time.perf_counter() - 0.5)
    timings.add("load", 0.2)
    timings.add("write", 0.1)
    report = json.loads(timings.report("json"))
    assert report["phases"] == {"load": 0.2, "write": 0.1}
    assert report["total"] >= 0.5


def test_text_report_is_an_aligned_table_ending_in_the_total() -> None:
    timings = Timings()
    timings.add("load specs", 1.5)
    timings.add("write", 0.0126)
    lines = timings.report("text").splitlines()
    assert [line.split("  ")[0] for line in lines] == ["load specs", "write", "total"]
    assert lines[0].endswith("   1.500 s") and lines[1].endswith("   0.013 s")
    assert len({len(line) for line in lines}) == 1
