"""Analysts' annotations: parsing, checks before the run and boxes in the HTML."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from portfolio.errors import NotebookError, ParameterError
from portfolio.report import annotations, runner
from tests.report.test_cli import ACME, NORD_OST, UNIT_FOLDERS, write_portfolio

NOTEBOOKS = ["00_executive_summary", "01_data_inventory", "04_recency"]

NOTES = """\
author: Jane Doe
date: 2024-07-02

## 00_executive_summary
The north grows.

## 04_recency
author: Max Roth
date: 2024-07-03
Call the **cold** customers.
"""

HOSTILE = """\
author: Eve <b>Evil</b>
date: 2024-07-02

## 01_data_inventory
Before <script>alert("note")</script> after.

<img src=x onerror="alert(2)">

[click](javascript:alert(3))
"""


def write_note(folder: Path, name: str, content: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.md"
    path.write_text(content, encoding="utf-8")
    return path


def test_parse_reads_sections_in_order(tmp_path):
    path = write_note(tmp_path, "North", NOTES)
    notes = annotations.parse(path, notebooks=NOTEBOOKS)
    assert [note.notebook for note in notes] == ["00_executive_summary", "04_recency"]


def test_parse_front_matter_applies_to_sections(tmp_path):
    path = write_note(tmp_path, "North", NOTES)
    notes = annotations.parse(path, notebooks=NOTEBOOKS)
    assert (notes[0].author, notes[0].date) == ("Jane Doe", "2024-07-02")


def test_parse_section_overrides_author(tmp_path):
    path = write_note(tmp_path, "North", NOTES)
    notes = annotations.parse(path, notebooks=NOTEBOOKS)
    assert (notes[1].author, notes[1].date) == ("Max Roth", "2024-07-03")


def test_parse_section_text_drops_meta(tmp_path):
    path = write_note(tmp_path, "North", NOTES)
    notes = annotations.parse(path, notebooks=NOTEBOOKS)
    assert notes[1].markdown == "Call the **cold** customers."


def test_parse_unknown_notebook_hints(tmp_path):
    path = write_note(tmp_path, "North", "## 04_recncy\nText.\n")
    with pytest.raises(
        NotebookError, match=r"North\.md, line 1: .*Did you mean '04_recency'"
    ):
        annotations.parse(path, notebooks=NOTEBOOKS)


def test_parse_error_lists_names(tmp_path):
    path = write_note(tmp_path, "North", "## 99_unknown\nText.\n")
    with pytest.raises(NotebookError, match="Valid names: 00_executive_summary, 01_"):
        annotations.parse(path, notebooks=NOTEBOOKS)


def test_parse_rejects_bad_date(tmp_path):
    path = write_note(tmp_path, "North", "date: 02/07/2024\n## 04_recency\nText.\n")
    with pytest.raises(ParameterError, match="line 1: date '02/07/2024'"):
        annotations.parse(path, notebooks=NOTEBOOKS)


def test_parse_rejects_loose_text(tmp_path):
    path = write_note(tmp_path, "North", "author: A\nLoose text.\n## 04_recency\n")
    with pytest.raises(ParameterError, match="line 2: text before the first section"):
        annotations.parse(path, notebooks=NOTEBOOKS)


def test_parse_rejects_repeated_section(tmp_path):
    path = write_note(tmp_path, "North", "## 04_recency\nA\n## 04_recency\nB\n")
    with pytest.raises(ParameterError, match="line 3: a second section for 04_rec"):
        annotations.parse(path, notebooks=NOTEBOOKS)


def test_unit_notes_by_folder_name(tmp_path):
    write_note(tmp_path, "nord-ost", NOTES)
    parsed = annotations.parse_folder(tmp_path, notebooks=NOTEBOOKS)
    notes = annotations.unit_annotations(parsed, unit=NORD_OST, folder="nord-ost")
    assert len(notes) == 2


def test_unit_notes_reject_two_files(tmp_path):
    write_note(tmp_path, "North", NOTES)
    write_note(tmp_path, "north", NOTES)
    parsed = annotations.parse_folder(tmp_path, notebooks=NOTEBOOKS)
    with pytest.raises(ParameterError, match="two annotation files"):
        annotations.unit_annotations(parsed, unit="North", folder="north")


def test_box_escapes_script_tags(tmp_path):
    path = write_note(tmp_path, "North", HOSTILE)
    box = annotations.box_html(annotations.parse(path, notebooks=NOTEBOOKS)[0])
    soup = BeautifulSoup(box, "html.parser")
    assert soup.find_all(["script", "img", "b"]) == []


def test_box_drops_javascript_links(tmp_path):
    path = write_note(tmp_path, "North", HOSTILE)
    box = annotations.box_html(annotations.parse(path, notebooks=NOTEBOOKS)[0])
    assert "href" not in box


def test_box_shows_author_and_date(tmp_path):
    path = write_note(tmp_path, "North", NOTES)
    box = annotations.box_html(annotations.parse(path, notebooks=NOTEBOOKS)[1])
    assert "Analyst note by Max Roth, 2024-07-03" in box


# Runs through the real runner: papermill, kernels and nbconvert.


def one_notebook_portfolio(folder: Path, names: list[str]) -> Path:
    """Write the fixture portfolio of test_cli, running only the named notebooks."""
    params = write_portfolio(folder)
    text = params.read_text(encoding="utf-8")
    shipped = "  notebooks: [01_data_inventory, 03_purchase_frequency, 04_recency]\n"
    params.write_text(text.replace(shipped, f"  notebooks: {names}\n"), "utf-8")
    return params


@pytest.mark.slow
def test_unknown_notebook_stops_run_early(tmp_path):
    params = one_notebook_portfolio(tmp_path / "input", ["01_data_inventory"])
    notes = annotations.default_folder(params, dt.date(2024, 6, 30))
    write_note(notes, ACME, "## 01_data_inventry\nText.\n")
    with pytest.raises(NotebookError, match=r"Acme.*\.md, line 1"):
        runner.run(params, out=tmp_path / "reports", jobs=1)
    assert not (tmp_path / "reports").exists()


@pytest.mark.slow
def test_note_for_unknown_unit_warns(tmp_path, caplog):
    params = one_notebook_portfolio(tmp_path / "input", ["01_data_inventory"])
    write_note(tmp_path / "notes", "Acme Retail", "## 01_data_inventory\nText.\n")
    runner.run(
        params, out=tmp_path / "reports", jobs=1, annotations_dir=tmp_path / "notes"
    )
    assert "Acme Retail.md names no business unit" in caplog.text


@pytest.fixture(scope="module")
def annotated_run(tmp_path_factory):
    """Run the data inventory of the fixture portfolio with hostile notes."""
    root = tmp_path_factory.mktemp("annotated")
    params = one_notebook_portfolio(root / "input", ["01_data_inventory"])
    write_note(root / "notes", UNIT_FOLDERS[ACME], HOSTILE)
    result = runner.run(
        params, out=root / "reports", jobs=2, annotations_dir=root / "notes"
    )
    return result.folder


def page(folder: Path, unit: str) -> BeautifulSoup:
    path = folder / UNIT_FOLDERS[unit] / "01_data_inventory.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.mark.slow
def test_box_follows_page_title(annotated_run):
    heading = page(annotated_run, ACME).find("h1")
    assert "annotation" in heading.find_next_sibling().get("class", [])


@pytest.mark.slow
def test_box_shows_markup_as_text(annotated_run):
    box = page(annotated_run, ACME).find(class_="annotation")
    assert '<script>alert("note")</script>' in box.get_text()


@pytest.mark.slow
def test_annotated_page_runs_no_script(annotated_run):
    soup = page(annotated_run, ACME)
    handlers = [
        name for tag in soup.find_all(True) for name in tag.attrs if name[:2] == "on"
    ]
    assert soup.find_all("script") == []
    assert handlers == []


@pytest.mark.slow
def test_unit_without_notes_has_no_box(annotated_run):
    assert page(annotated_run, NORD_OST).find(class_="annotation") is None
