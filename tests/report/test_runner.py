"""The runner on small test notebooks: failures, timeouts, parameters and folders.

Every test executes real kernels through papermill and converts the results with
nbconvert. The notebooks in ``fixtures/notebooks`` are chosen per test with the
``run.notebooks`` parameter.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import pickle
import textwrap
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from portfolio.errors import NotebookError
from portfolio.report.execute import Outcome
from portfolio.report.runner import RunResult, run
from portfolio.yaml_strict import load_yaml

pytestmark = pytest.mark.slow

FIXTURE_NOTEBOOKS = Path(__file__).parent / "fixtures" / "notebooks"
AS_OF = "2024-06-30"

# The values of C01_params_typing.yaml as a business user means them.
C01_VALUES = {
    "business_unit": "Nord",
    "as_of_date": dt.date(2024, 3, 31),
    "cost_center": "0710",
    "country": "NO",
    "report_cutoff_time": "12:30",
    "region_filter": None,
    "channels": ["Paid Search", "Referral", "Trade Fair"],
    "thresholds": {"cold_after_days": 180, "vip_min_spend": 1500.0},
}
# The values of C02_params_strings.yaml, character for character.
C02_VALUES = {
    "business_unit": 'O\'Hara & "Partners" Ltd',
    "report_title": 'Customer portfolio Q1/2024\nRegion "Nord \\ Ost"\n',
    "data_path": "C:\\exports\\crm\\nord\\orders.csv",
    "footnote": 'Amounts in EUR; "net" = after returns',
}


def write_inputs(
    folder: Path,
    units: list[str],
    *,
    notebooks: list[str],
    timeout_seconds: int = 120,
    more_yaml: str = "",
) -> Path:
    """Write one order line per unit and a parameter file choosing the notebooks.

    ``more_yaml`` contains more top-level keys of the parameter file.
    """
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "orders.csv", "w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["customer_id", "order_id", "order_date", "amount", "unit"])
        for number, unit in enumerate(units, start=1):
            writer.writerow([f"K-{number}", f"O-{number}", "2024-06-01", "10.00", unit])

    params = folder / "params.yaml"
    params.write_text(
        f"as_of: {AS_OF}\n"
        "run:\n"
        f"  notebooks: {json.dumps(notebooks)}\n"
        f"  timeout_seconds: {timeout_seconds}\n"
        "sources:\n"
        "  orders:\n"
        "    - path: orders.csv\n"
        "      columns:\n"
        "        customer_id: customer_id\n"
        "        order_id: order_id\n"
        "        order_date: order_date\n"
        "        amount: amount\n"
        "        business_unit: unit\n"
        f"{more_yaml}",
        encoding="utf-8",
    )
    return params


def files_outside(root: Path, out: Path) -> list[Path]:
    """List what lies under ``root`` but neither in ``out`` nor on the way to it."""
    return sorted(
        path
        for path in root.rglob("*")
        if path != out and out not in path.parents and path not in out.parents
    )


def run_fixture(params: Path, out: Path) -> RunResult:
    return run(params, out=out, jobs=2, notebook_dir=FIXTURE_NOTEBOOKS)


def outcomes_by_key(result: RunResult) -> dict[tuple[str, str], Outcome]:
    return {(outcome.unit, outcome.notebook): outcome for outcome in result.outcomes}


def parse(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_failed_notebook_leaves_others_running(tmp_path):
    params = write_inputs(
        tmp_path / "input", ["Nord", "Ost"], notebooks=["01_echo", "02_fails"]
    )

    result = run_fixture(params, tmp_path / "out")

    outcomes = outcomes_by_key(result)
    assert sorted(outcomes) == [
        ("Nord", "01_echo"),
        ("Nord", "02_fails"),
        ("Ost", "01_echo"),
        ("Ost", "02_fails"),
    ]
    for unit in ("Nord", "Ost"):
        assert outcomes[(unit, "01_echo")].status == "ok"
        assert outcomes[(unit, "01_echo")].error is None
        failed = outcomes[(unit, "02_fails")]
        assert failed.status == "failed"
        assert "ValueError" in failed.error
        assert "boom" in failed.error
    assert result.summary() == "2 succeeded, 2 failed"


def test_failed_notebook_page_shows_error(tmp_path):
    params = write_inputs(tmp_path / "input", ["Nord"], notebooks=["02_fails"])

    result = run_fixture(params, tmp_path / "out")

    [outcome] = result.outcomes
    assert outcome.html == result.folder / "nord" / "02_fails.html"
    assert outcome.html.is_file()
    page = parse(outcome.html)
    banner = page.find("strong", string="This report failed and is incomplete.")
    assert banner is not None
    assert "ValueError: boom" in banner.parent.get_text()
    assert page.find("span", class_="error-name").get_text() == "ValueError"
    assert "boom" in page.find("div", class_="error").p.get_text()
    # The output before the failure shows how far the notebook went.
    assert page.find("pre", class_="stdout").get_text() == "before the failure\n"

    index = parse(result.index)
    [entry] = index.find_all("li", class_="notebook-failed")
    assert "ValueError: boom" in entry.find("pre", class_="error-text").get_text()


def test_untagged_notebook_stops_before_running(tmp_path):
    # 05_untagged sets business_unit = "Nord" in its first cell, so without the
    # check a report for Sued would show the data of Nord.
    params = write_inputs(
        tmp_path / "input", ["Sued"], notebooks=["01_echo", "05_untagged"]
    )
    out = tmp_path / "out"

    with pytest.raises(
        NotebookError, match=r"05_untagged\.ipynb has no cell tagged 'parameters'"
    ):
        run_fixture(params, out)

    assert list(out.rglob("*.ipynb")) == []
    assert not (out / "params" / AS_OF / "sued").exists()


def test_timeout_and_dead_kernel_fail_alone(tmp_path):
    notebooks = ["01_echo", "03_sleeps", "04_kills_kernel"]
    params = write_inputs(
        tmp_path / "input",
        ["Nord"],
        notebooks=notebooks,
        timeout_seconds=5,
    )

    started = time.monotonic()
    result = run_fixture(params, tmp_path / "out")
    seconds = time.monotonic() - started

    # 03_sleeps would sleep for 60 s without the timeout.
    assert seconds < 30
    outcomes = outcomes_by_key(result)
    assert outcomes[("Nord", "01_echo")].status == "ok"
    slept = outcomes[("Nord", "03_sleeps")]
    assert slept.status == "failed"
    assert slept.error.startswith("timed out after 5 s")
    assert "in the cell executed as number 3" in slept.error
    killed = outcomes[("Nord", "04_kills_kernel")]
    assert killed.status == "failed"
    assert killed.error.startswith("kernel died")
    assert result.summary() == "1 succeeded, 2 failed"
    for notebook in notebooks:
        assert (result.folder / "nord" / f"{notebook}.html").is_file()


def test_strings_reach_notebook_unchanged(tmp_path, cases_dir):
    unit = C02_VALUES["business_unit"]
    assert len(unit) == 23
    strings = load_yaml(cases_dir / "C02_params_strings.yaml")
    assert strings == C02_VALUES
    title = C02_VALUES["report_title"]

    # The case files go in as written, so the YAML parser reads what a user typed.
    more_yaml = (
        f"title: {json.dumps(title)}\n"
        "extra:\n"
        "  typing:\n"
        + textwrap.indent((cases_dir / "C01_params_typing.yaml").read_text(), "    ")
        + "  strings:\n"
        + textwrap.indent((cases_dir / "C02_params_strings.yaml").read_text(), "    ")
    )
    params = write_inputs(
        tmp_path / "input", [unit], notebooks=["01_echo"], more_yaml=more_yaml
    )

    result = run_fixture(params, tmp_path / "out")

    assert result.summary() == "1 succeeded, 0 failed", result.outcomes
    folder = result.folder / "o-hara-partners-ltd"
    expected = {
        "business_unit": unit,
        "title": title,
        "extra": {"typing": C01_VALUES, "strings": C02_VALUES},
    }
    received_text = (folder / "received.txt").read_text(encoding="utf-8")
    assert received_text == repr(expected)

    received = pickle.loads((folder / "received.pickle").read_bytes())
    assert received == expected
    typing = received["extra"]["typing"]
    assert type(typing["as_of_date"]) is dt.date
    assert type(typing["cost_center"]) is str
    assert type(typing["country"]) is str
    assert type(typing["report_cutoff_time"]) is str
    assert typing["region_filter"] is None
    assert type(typing["channels"]) is list
    assert type(typing["thresholds"]["cold_after_days"]) is int
    assert type(typing["thresholds"]["vip_min_spend"]) is float

    page = parse(folder / "01_echo.html")
    assert page.find("pre", class_="stdout").get_text() == title + "\n"
    assert page.title.get_text() == f"Echo the parameters · {unit}"
    index = parse(result.index)
    assert index.h1.get_text() == title
    assert index.title.get_text() == title


def test_unit_names_give_folders_inside_out(tmp_path, cases_dir, monkeypatch):
    case = load_yaml(cases_dir / "C06_batch_output_paths.yaml")
    units = [item["name"] for item in case["business_units"]]
    assert "Süd" in units
    assert "SÜD" in units
    params = write_inputs(tmp_path / "input", units, notebooks=["01_echo"])
    # The output folder does not exist yet, as in the case file.
    out = tmp_path / case["output_dir"]
    workdir = tmp_path / "workdir"
    workdir.mkdir()
    monkeypatch.chdir(workdir)
    before = files_outside(tmp_path, out)

    result = run_fixture(params, out)

    assert result.summary() == "5 succeeded, 0 failed", result.outcomes
    assert files_outside(tmp_path, out) == before
    assert list(workdir.iterdir()) == []

    folder = result.folder
    assert folder == out / "params" / AS_OF
    unit_dirs = [p for p in folder.iterdir() if p.is_dir() and p.name != "data"]
    names = sorted(path.name for path in unit_dirs)
    assert names == ["export-overseas", "nord-ost", "sud", "sud-2", "zentrale"]
    assert len({name.casefold() for name in names}) == len(units)

    folder_of_unit = {}
    for path in unit_dirs:
        assert path.resolve().parent == folder.resolve()
        unit = pickle.loads((path / "received.pickle").read_bytes())["business_unit"]
        page = parse(path / "01_echo.html")
        assert page.h1.get_text() == f"Echo the parameters · {unit}"
        assert page.title.get_text() == f"Echo the parameters · {unit}"
        folder_of_unit[unit] = path.name
    assert sorted(folder_of_unit) == sorted(units)
    assert folder_of_unit["Süd"] != folder_of_unit["SÜD"]

    index = parse(result.index)
    headings = [heading.get_text() for heading in index.find_all("h2")]
    for unit in units:
        assert unit in headings
