"""The docs target: model pages against the reference page, escaping, index, mkdocs."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.catalog import Catalog
from generator.render.filters import md_cell
from generator.targets.docs.cells import compact_values
from generator.targets.docs.model_page import table_rows

from .support.docs_tables import index_section, tables_of
from .support.local_hubs import mock_hub
from .support.reference_page import EXPECTED_IDS, PageRow, parse_page
from .support.repository import GENERATED, ROOT, run_hubgen

PAGE = parse_page()
COLUMNS = ["Parameter", "Type", "Req", "Default", "Values / Range", "Description"]


def _page_cells(row: PageRow) -> list[str]:
    description = row.description + (" Note: API-only parameter." if row.api_only else "")
    return [
        row.name,
        row.type,
        "✓" if row.required else "–",
        row.default if row.default is not None else "–",
        " ".join(row.values) if row.values else "–",
        description or "–",
    ]


@pytest.mark.parametrize("model_id", EXPECTED_IDS)
def test_model_page_table_says_what_the_reference_page_says(model_id: str) -> None:
    text = (GENERATED / "docs/models" / f"{model_id}.md").read_text("utf-8")
    table = tables_of(text)[0]
    assert table[0] == COLUMNS
    assert table[1:] == [_page_cells(row) for row in PAGE[model_id].rows]


ADVERSARIAL_CELLS = [
    "pipe | in the middle and at the end |",
    "line one\nline two\n\nafter a blank line",
    "`code` and ``double`` and a lone `",
    "<b>bold</b> <script>alert(1)</script> &amp; &lt; 5 > 3",
    "{{ jinja }} {% raw %} ${shell}",
    "backslash \\ and \\| escaped pipe and trailing \\",
    "*stars* _under_scores_ [link](http://x) ![img](y) # hash",
    "unicode ✓ – ‘quotes’ 日本語",
]


@pytest.mark.parametrize("text", ADVERSARIAL_CELLS)
def test_md_cell_keeps_a_table_intact_and_reads_back_as_itself(text: str) -> None:
    row = "| " + " | ".join(md_cell(v) for v in ("name", text, "last")) + " |"
    document = f"| A | B | C |\n|---|---|---|\n{row}\n"
    [table] = tables_of(document)
    expected = "\n".join(line.strip() for line in text.splitlines())
    assert table == [["A", "B", "C"], ["name", expected, "last"]]


def test_adversarial_descriptions_leave_a_generated_page_intact(project: Path) -> None:
    spec = project / "specs/models/veo-3.1.yaml"
    extra = "".join(
        f"  extra_{i}:\n    type: string\n    description: {json.dumps(text)}\n"
        for i, text in enumerate(ADVERSARIAL_CELLS)
    )
    spec.write_text(spec.read_text("utf-8") + "parameters:\n" + extra, encoding="utf-8")
    result = run_hubgen("generate", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    page = (project / "generated/docs/models/veo-3.1.md").read_text("utf-8")
    table = tables_of(page)[0]
    assert all(len(row) == len(COLUMNS) for row in table)
    described = {row[0]: row[5] for row in table[1:]}
    for i, text in enumerate(ADVERSARIAL_CELLS):
        expected = "\n".join(line.strip() for line in text.splitlines())
        assert described[f"extra_{i}"] == expected


def test_table_rows_mark_api_only_and_empty_cells(catalog: Catalog) -> None:
    model = catalog.model("veo-3.1")
    assert model is not None
    rows = {row.name: row for row in table_rows(model)}
    assert rows["safety_tolerance"].description.endswith(" Note: API-only parameter.")
    assert rows["safety_tolerance"].values == "1 2 3 4 5 6"
    assert (rows["seed"].req, rows["seed"].default, rows["seed"].values) == ("–", "–", "–")
    assert (rows["prompt"].req, rows["auto_fix"].default) == ("✓", "true")


def test_compact_values_folds_integer_runs_only() -> None:
    assert compact_values(tuple(range(2, 16))) == "2–15"
    assert compact_values((1, 2, 4, 5, 6, 9)) == "1 2 4–6 9"
    assert compact_values(("4s", "6s", "8s")) == "4s 6s 8s"
    assert compact_values(None) == "–"


def test_comparison_matrix_rows() -> None:
    index = (GENERATED / "docs/index.md").read_text("utf-8")
    matrix = tables_of(index_section(index, "Video"))[-1]
    # The columns are the video models' shared parameters with values or a switch.
    columns = ["Duration", "Resolution", "Aspect ratio", "Generate audio", "Images"]
    assert matrix[0] == ["Model", *columns]
    by_id = {row[0]: row[1:] for row in matrix[1:]}
    assert sorted(by_id) == sorted(EXPECTED_IDS)
    veo = ["4s 6s 8s", "720p 1080p 4k", "16:9 9:16", "yes (default on)", "none"]
    assert by_id["veo-3.1"] == veo
    assert by_id["wan-2.7-image"][0] == "2–15"
    assert by_id["wan-2.7-image"][3:] == ["–", "up to 2 images"]
    assert by_id["veo-3.1-first-last"][4] == "2 images"
    assert by_id["seedance-2.0-ref"][4] == "up to 9 images"
    assert by_id["wan-2.7-ref"][4] == "any number of images"


def test_index_has_a_section_per_capability_with_its_models_by_mode() -> None:
    index = (GENERATED / "docs/index.md").read_text("utf-8")
    headings = [line for line in index.splitlines() if line.startswith("## ")]
    assert headings == ["## Video", "## Image", "## Audio", "## Transcribe"]
    video = index_section(index, "Video")
    assert "`POST /hub/v1/video`, `client.video`" in video
    assert [line[4:] for line in video.splitlines() if line.startswith("### ")] == [
        "Text-to-video",
        "Image-to-video",
        "Reference-to-video",
        "First-last-frame-to-video",
        "Video-to-video",
        "Video comparison",
    ]
    groups = tables_of(video)[:-1]
    listed = [row[0] for table in groups for row in table[1:]]
    assert sorted(listed) == sorted(EXPECTED_IDS)
    modes = ["text-to-video", "image-to-video", "reference-to-video"]
    modes += ["first-last-frame-to-video", "video-to-video"]
    for mode, table in zip(modes, groups, strict=True):
        assert [row[0] for row in table[1:]] == sorted(m for m in PAGE if PAGE[m].mode == mode)
    assert "No image models in the catalog yet." in index_section(index, "Image")


def _mkdocs(config: Path, site: Path) -> subprocess.CompletedProcess[str]:
    command = ["mkdocs", "build", "--strict", "-f", str(config), "--site-dir", str(site)]
    return subprocess.run(
        [sys.executable, "-m", *command],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_mkdocs_builds_the_site_strictly_with_working_links(tmp_path: Path) -> None:
    site = tmp_path / "site"
    built = _mkdocs(GENERATED / "mkdocs.yml", site)
    assert built.returncode == 0, built.stderr
    for model_id in EXPECTED_IDS:  # name.html (use_directory_urls: false): opens from file://
        assert (site / "models" / f"{model_id}.html").is_file()
    index = (site / "index.html").read_text("utf-8")
    assert 'href="models/veo-3.1.html"' in index
    # The matrix scrolls in a box of its own, its header row and model column kept in view.
    assert '<div class="hub-matrix">\n<table>' in index and "stylesheets/hubgen.css" in index
    css = (site / "stylesheets" / "hubgen.css").read_text("utf-8")
    assert ".hub-matrix table:not([class]) th {\n  position: sticky;" in css
    # mkdocs-material: search, highlighted code with copy buttons
    assert (site / "search" / "search_index.json").is_file()
    page = (site / "models" / "veo-3.1.html").read_text("utf-8")
    assert "content.code.copy" in page and 'class="highlight"' in page


def test_mkdocs_strict_build_fails_on_a_broken_link(tmp_path: Path) -> None:
    shutil.copytree(GENERATED / "docs", tmp_path / "docs")
    shutil.copy(GENERATED / "mkdocs.yml", tmp_path / "mkdocs.yml")
    page = tmp_path / "docs/models/veo-3.1.md"
    page.write_text(page.read_text("utf-8") + "\n[gone](no-such-page.md)\n", encoding="utf-8")
    built = _mkdocs(tmp_path / "mkdocs.yml", tmp_path / "site")
    assert built.returncode != 0
    assert "no-such-page.md" in built.stderr


@pytest.mark.parametrize(
    "rel",
    [
        "generated/docs/models/veo-3.1.md",
        "generated/docs/index.md",
        "generated/mkdocs.yml",
        "generated/tests/test_contract.py",
        "generated/vectors/veo-3.1.json",
        "generated/tests/hub_contract.py",
    ],
)
def test_hand_edited_docs_and_contract_tests_are_caught_by_check(project: Path, rel: str) -> None:
    assert run_hubgen("generate", cwd=project).returncode == 0
    target = project / rel
    target.write_text(target.read_text("utf-8") + "\n", encoding="utf-8")
    result = run_hubgen("generate", "--check", cwd=project)
    assert result.returncode == 1
    assert result.stdout == f"stale: {rel} (changed)\n"


def test_an_example_that_fails_its_model_stops_generation(project: Path) -> None:
    spec = project / "specs/models/veo-3.1.yaml"
    spec.write_text(spec.read_text("utf-8").replace('duration: "8s"', 'duration: "9s"'))
    result = run_hubgen("generate", cwd=project)
    assert result.returncode == 1
    assert "specs/models/veo-3.1.yaml:" in result.stdout
    assert "example.duration" in result.stdout
    assert not (project / "generated").exists()


def _python_snippets() -> dict[str, str]:
    snippets = {}
    for model_id in EXPECTED_IDS:
        page = (GENERATED / "docs/models" / f"{model_id}.md").read_text("utf-8")
        snippets[model_id] = page.split("```python\n", 1)[1].split("```", 1)[0]
    return snippets


def test_every_python_example_type_checks_and_runs_against_the_mock_hub(
    tmp_path: Path, catalog: Catalog
) -> None:
    snippets = _python_snippets()
    for number, source in enumerate(snippets.values()):
        (tmp_path / f"example_{number}.py").write_text(source, encoding="utf-8")
    files = sorted(str(p) for p in tmp_path.glob("example_*.py"))
    checked = subprocess.run(
        [
            *(sys.executable, "-m", "mypy", "--strict"),
            *("--config-file", str(ROOT / "pyproject.toml")),
            *("--cache-dir", str(tmp_path / ".mypy_cache"), *files),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout
    with mock_hub(catalog, "docs-token", task_delay=0) as (url, _):
        env = {**os.environ, "HUB_BASE_URL": url, "HUB_API_KEY": "docs-token"}
        for path in files:
            ran = subprocess.run(
                [sys.executable, path],
                capture_output=True,
                text=True,
                env=env,
                timeout=60,
                check=False,
            )
            assert ran.returncode == 0, ran.stderr
            assert ran.stdout.startswith("completed ['https://"), ran.stdout
