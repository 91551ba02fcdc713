"""End-to-end runs of ``portfolio run`` on a small hand-checked portfolio.

Nothing is mocked: the command loads the CSV, papermill executes the shipped
notebooks in real kernels and nbconvert writes the HTML pages. The tests of failing
notebooks only point the runner at the test notebooks in ``fixtures/notebooks``,
because the command line has no option for another notebook folder.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import io
import json
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from portfolio import cli
from portfolio.report import runner

pytestmark = pytest.mark.slow

FIXTURE_NOTEBOOKS = Path(__file__).parent / "fixtures" / "notebooks"

ACME = 'Acme <Retail> & "Co"'
NORD_OST = "Nord/Ost"
SCRIPT_SHOP = "<script>alert(1)</script> Shop"
BOLT = "Bolt & Nut </td></tr> Ltd"

HEADER = ("customer", "order", "date", "amount", "unit")
# One row per CSV line. The header is line 1, so ORDER_LINES[i] is line i + 2.
ORDER_LINES = [
    # Acme: K-001 buys every 30 days (2024-01-10, 02-09, 03-10) and returns 50.00.
    ("K-001", "A-01", "2024-01-10", "100.00", ACME),  # line 2
    ("K-001", "A-02", "2024-02-09", "50.00", ACME),  # line 3
    ("K-001", "A-03", "2024-03-10", "150.00", ACME),  # line 4
    ("K-001", "A-04", "2024-03-20", "-50.00", ACME),  # line 5, a return
    (SCRIPT_SHOP, "A-05", "2023-09-15", "200.00", ACME),  # line 6
    (BOLT, "A-06", "2023-06-01", "80.00", ACME),  # line 7
    (BOLT, "A-07", "2023-09-01", "120.00", ACME),  # line 8
    ("K-002", "A-08", "2024-05-01", "40.00", ACME),  # line 9
    ("K-002", "A-09", "2024-05-01", "60.00", ACME),  # line 10, same day
    ("K-002", "A-10", "2024-06-20", "100.00", ACME),  # line 11
    ("K-003", "A-11", "2024-06-30", "30.00", ACME),  # line 12, on as_of
    ("K-003", "A-12", "2024-07-02", "70.00", ACME),  # line 13, after as_of
    ("", "A-13", "2024-04-01", "25.00", ACME),  # line 14, no customer
    ("K-002", "A-10", "2024-06-20", "100.00", ACME),  # line 15, copy of line 11
    ("K-001", "A-15", "2024-04-15", "1O.00", ACME),  # line 16, letter O in amount
    # Nord/Ost
    ("N-1", "N-01", "2023-01-10", "300.00", NORD_OST),  # line 17
    ("N-1", "N-02", "2023-07-10", "200.00", NORD_OST),  # line 18
    ("N-2", "N-03", "2024-02-01", "90.00", NORD_OST),  # line 19
    ("N-2", "N-04", "2024-03-01", "90.00", NORD_OST),  # line 20
    ("N-2", "N-05", "2024-04-01", "90.00", NORD_OST),  # line 21
    ("N-3", "N-06", "2022-03-01", "50.00", NORD_OST),  # line 22
    ("N-3", "N-07", "2023-09-01", "50.00", NORD_OST),  # line 23
    ("N-4", "N-08", "2024-06-01", "120.00", NORD_OST),  # line 24
    ("N-4", "N-09", "2024-06-10", "-20.00", NORD_OST),  # line 25, a return
    ("N-5", "N-10", "2023-02-15", "60.00", NORD_OST),  # line 26
    ("N-5", "N-11", "2024-01-15", "60.00", NORD_OST),  # line 27
    ("N-6", "N-12", "2024-06-25", "45.00", NORD_OST),  # line 28
]
DUPLICATE_LINE = 15
UNPARSEABLE_LINE = 16

PARAMS = """\
title: Fixture portfolio
as_of: 2024-06-30
business_units:
  column: business_unit
  values: all
thresholds:
  cold_after_days: 180
run:
  timeout_seconds: 300
  # The three reports whose figures this module computes by hand.
  notebooks: [01_data_inventory, 03_purchase_frequency, 04_recency]
sources:
  orders:
    - path: orders.csv
      columns:
        customer_id: customer
        order_id: order
        order_date: date
        amount: amount
        business_unit: unit
"""

# With as_of 2024-06-30 and cold after 180 days. A purchase day is a day whose net
# amount is positive, and recency is as_of minus the last purchase day. The
# frequency class comes from the median gap between purchase days: monthly up to
# 61 days, quarterly up to 137, half-yearly 274, yearly 548, occasional above.
#
# Acme, one row per customer:
#   customer  revenue                   last day    recency                  gaps
#   K-001     100 + 50 + 150 - 50 = 250 2024-03-10  21 + 30 + 31 + 30 = 112  30, 30
#   shop      200                       2023-09-15  15 + 274 = 289           none
#   Bolt      80 + 120 = 200            2023-09-01  29 + 274 = 303           92
#   K-002     40 + 60 + 100 = 200       2024-06-20  10                       50
#   K-003     30 (A-12 is after as_of)  2024-06-30  0                        none
# 274 is the days from October 2023 to June 2024, with 29 in February. The return
# day of K-001 is no purchase day. Bolt's gap is 30 + 31 + 31 = 92.
#
# Nord/Ost:
#   customer  revenue                   last day    recency                  gaps
#   N-1       300 + 200 = 500           2023-07-10  21 + 335 = 356           181
#   N-2       90 + 90 + 90 = 270        2024-04-01  29 + 31 + 30 = 90        29, 31
#   N-3       50 + 50 = 100             2023-09-01  303                      549
#   N-4       120 - 20 = 100            2024-06-01  29                       none
#   N-5       60 + 60 = 120             2024-01-15  16 + 151 = 167           334
#   N-6       45                        2024-06-25  5                        none
# N-3's gap from 2022-03-01 to 2023-09-01 is 365 + 184 = 549, above 548.
EXPECTED_FIGURES = {
    ACME: {
        # 15 lines: 13 accepted, line 15 repeats line 11, line 16 has "1O.00".
        "rows_read": 15,
        "rows_rejected": {"duplicate": 1, "unparseable amount": 1},
        "lines_after_as_of": 1,
        "customers": 5,
        # 250 + 200 + 200 + 200 + 30, plus 25 without a customer.
        "revenue": 905.0,
        "unattributed_revenue": 25.0,
        # 25 / 905 = 0.02762
        "unattributed_share": 0.0276,
        # Cold (recency above 180): the shop and Bolt, 2 of 5, with 200 + 200.
        "cold_customers": 2,
        "cold_share": 0.4,
        "cold_revenue": 400.0,
        # Recencies sorted 0, 10, 112, 289, 303.
        "median_recency_days": 112.0,
        # All gaps sorted 30, 30, 50, 92: (30 + 50) / 2.
        "median_gap_days": 40.0,
        # K-001 and K-002 monthly, Bolt quarterly, the shop and K-003 one-time.
        "frequency_classes": {
            "monthly": 2,
            "quarterly": 1,
            "half-yearly": 0,
            "yearly": 0,
            "occasional": 0,
            "one-time": 2,
        },
    },
    NORD_OST: {
        "rows_read": 12,
        "rows_rejected": {},
        "lines_after_as_of": 0,
        "customers": 6,
        # 500 + 270 + 100 + 100 + 120 + 45
        "revenue": 1135.0,
        "unattributed_revenue": 0.0,
        "unattributed_share": 0.0,
        # Cold: N-1 and N-3, 2 of 6 = 0.3333, with 500 + 100.
        "cold_customers": 2,
        "cold_share": 0.3333,
        "cold_revenue": 600.0,
        # Recencies sorted 5, 29, 90, 167, 303, 356: (90 + 167) / 2.
        "median_recency_days": 128.5,
        # All gaps sorted 29, 31, 181, 334, 549.
        "median_gap_days": 181.0,
        # N-2 monthly, N-1 half-yearly, N-5 yearly, N-3 occasional, N-4 and N-6
        # one-time.
        "frequency_classes": {
            "monthly": 1,
            "quarterly": 0,
            "half-yearly": 1,
            "yearly": 1,
            "occasional": 1,
            "one-time": 2,
        },
    },
}
UNIT_FOLDERS = {ACME: "acme-retail-co", NORD_OST: "nord-ost"}
# Cold customers of the base, by lifetime revenue, then customer id.
EXPECTED_REACTIVATION = {ACME: [SCRIPT_SHOP, BOLT], NORD_OST: ["N-1", "N-3"]}
NOTEBOOK_TITLES = {
    "01_data_inventory": "Data inventory",
    "03_purchase_frequency": "Purchase frequency",
    "04_recency": "Recency",
}


def write_portfolio(folder: Path) -> Path:
    """Write the orders CSV and its parameter file, and return the parameter file."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "orders.csv", "w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(HEADER)
        writer.writerows(ORDER_LINES)
    params = folder / "fixture.yaml"
    params.write_text(PARAMS, encoding="utf-8")
    return params


def run_cli(arguments: list[str]) -> tuple[int, str, str]:
    """Run the command line in this process and return exit code, stdout, stderr."""
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = cli.main(arguments)
    return code, stdout.getvalue(), stderr.getvalue()


def choose_fixture_notebooks(params: Path, names: list[str], monkeypatch) -> None:
    """Make the command run the named test notebooks instead of the shipped ones."""
    text = params.read_text(encoding="utf-8")
    shipped = "  notebooks: [01_data_inventory, 03_purchase_frequency, 04_recency]\n"
    chosen = f"  notebooks: {json.dumps(names)}\n"
    params.write_text(text.replace(shipped, chosen), encoding="utf-8")
    monkeypatch.setattr(
        runner, "run", functools.partial(runner.run, notebook_dir=FIXTURE_NOTEBOOKS)
    )


@pytest.fixture(scope="module")
def fixture_run(tmp_path_factory):
    """Run the fixture portfolio once through the command line, in this process."""
    root = tmp_path_factory.mktemp("fixture-run")
    params = write_portfolio(root / "input")
    out = root / "reports"
    code, stdout, stderr = run_cli(
        ["run", str(params), "--out", str(out), "--jobs", "2"]
    )
    return {
        "code": code,
        "stdout": stdout,
        "stderr": stderr,
        "folder": out / "fixture" / "2024-06-30",
        "orders": params.parent / "orders.csv",
    }


def parse(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def external_urls(soup: BeautifulSoup) -> list[str]:
    """Return every attribute value that points at another host."""
    found = []
    for tag in soup.find_all(True):
        for value in tag.attrs.values():
            values = value if isinstance(value, list) else [value]
            for text in values:
                if text.strip().lower().startswith(("http:", "https:", "//")):
                    found.append(f"<{tag.name}> {text}")
    return found


def test_run_exits_zero_and_prints_index(fixture_run):
    assert fixture_run["code"] == 0, fixture_run["stderr"]
    index = fixture_run["folder"] / "index.html"
    assert index.is_file()
    assert fixture_run["stdout"].splitlines()[-1] == str(index)
    assert fixture_run["stderr"].splitlines()[-1] == "6 succeeded, 0 failed"


@pytest.mark.parametrize("unit", [ACME, NORD_OST])
def test_run_writes_unit_files(fixture_run, unit):
    folder = fixture_run["folder"] / UNIT_FOLDERS[unit]
    assert folder.parent == fixture_run["folder"]
    assert sorted(path.stem for path in folder.glob("*.ipynb")) == list(NOTEBOOK_TITLES)
    assert sorted(path.stem for path in folder.glob("*.html")) == list(NOTEBOOK_TITLES)
    assert (folder / "figures.json").is_file()
    assert (folder / "exports" / "reactivation.csv").is_file()


@pytest.mark.parametrize("unit", [ACME, NORD_OST])
def test_run_figures_match_hand_counts(fixture_run, unit):
    folder = fixture_run["folder"] / UNIT_FOLDERS[unit]
    figures = json.loads((folder / "figures.json").read_text(encoding="utf-8"))
    assert figures["business_unit"] == unit
    assert figures["as_of"] == "2024-06-30"
    for key, expected in EXPECTED_FIGURES[unit].items():
        assert figures[key] == pytest.approx(expected), key


@pytest.mark.parametrize("unit", [ACME, NORD_OST])
def test_run_exports_reactivation_list(fixture_run, unit):
    path = fixture_run["folder"] / UNIT_FOLDERS[unit] / "exports" / "reactivation.csv"
    exported = pd.read_csv(path, dtype={"customer_id": str})
    assert exported["customer_id"].tolist() == EXPECTED_REACTIVATION[unit]


def test_run_lists_rejected_rows(fixture_run):
    rejected = pd.read_csv(
        fixture_run["folder"] / "rejected_rows.csv", dtype=str, keep_default_na=False
    )
    rows = rejected[["file", "line", "reason", "business_unit"]].values.tolist()
    orders = str(fixture_run["orders"].resolve())
    assert rows == [
        [orders, str(DUPLICATE_LINE), "duplicate", ACME],
        [orders, str(UNPARSEABLE_LINE), "unparseable amount", ACME],
    ]
    assert json.loads(rejected["values"].iloc[1])["amount"] == "1O.00"


@pytest.mark.parametrize("unit", [ACME, NORD_OST])
@pytest.mark.parametrize("notebook", list(NOTEBOOK_TITLES))
def test_report_page_is_safe_and_titled(fixture_run, unit, notebook):
    path = fixture_run["folder"] / UNIT_FOLDERS[unit] / f"{notebook}.html"
    source = path.read_text(encoding="utf-8")
    soup = BeautifulSoup(source, "html.parser")

    # The code input of the notebook stays out of the leadership page.
    assert "open_run(" not in source
    assert "figures.record(" not in source
    assert soup.find("script") is None
    assert external_urls(soup) == []

    expected_title = f"{NOTEBOOK_TITLES[notebook]} · {unit}"
    assert soup.title.get_text() == expected_title
    assert soup.h1.get_text() == expected_title
    assert soup.find("div", class_="error") is None


def test_report_page_shows_markup_as_text(fixture_run):
    path = fixture_run["folder"] / UNIT_FOLDERS[ACME] / "04_recency.html"
    source = path.read_text(encoding="utf-8")
    soup = BeautifulSoup(source, "html.parser")
    cells = [cell.get_text() for cell in soup.find_all("td")]

    assert SCRIPT_SHOP in cells
    assert BOLT in cells
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Shop" in source
    assert "Bolt &amp; Nut &lt;/td&gt;&lt;/tr&gt; Ltd" in source
    assert "<script>" not in source
    # The unit name in the opening sentence is bold text, not markup.
    assert soup.find("b", string=ACME) is not None


def test_index_links_resolve(fixture_run):
    index = fixture_run["folder"] / "index.html"
    soup = parse(index)
    targets = [link["href"] for link in soup.find_all("a", href=True)]

    files = [href for href in targets if not href.startswith("#")]
    assert len(files) == 6
    for href in files:
        assert (index.parent / unquote(href)).is_file(), href
    for href in targets:
        if href.startswith("#"):
            assert soup.find(id=href[1:]) is not None, href

    assert soup.find("script") is None
    assert external_urls(soup) == []
    headings = [heading.get_text() for heading in soup.find_all("h2")]
    assert ACME in headings
    assert NORD_OST in headings


def test_subprocess_prints_index_last(tmp_path):
    params = write_portfolio(tmp_path / "input")
    out = tmp_path / "reports"
    executable = Path(sys.executable).parent / "portfolio"
    command = [str(executable), "run", str(params), "--out", str(out), "--jobs", "2"]
    completed = subprocess.run(
        [*command, "--only", NORD_OST],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    assert completed.returncode == 0, completed.stderr
    index = out / "fixture" / "2024-06-30" / "index.html"
    assert completed.stdout.splitlines()[-1] == str(index)
    assert index.is_file()
    assert completed.stderr.splitlines()[-1] == "3 succeeded, 0 failed"
    assert not (index.parent / UNIT_FOLDERS[ACME]).exists()


def test_failed_notebook_exits_one(tmp_path, monkeypatch):
    params = write_portfolio(tmp_path / "input")
    choose_fixture_notebooks(params, ["01_echo", "02_fails"], monkeypatch)

    code, stdout, stderr = run_cli(
        ["run", str(params), "--out", str(tmp_path / "out"), "--jobs", "2"]
        + ["--only", NORD_OST]
    )

    assert code == 1
    assert stderr.splitlines()[-1] == "1 succeeded, 1 failed"
    assert stdout.splitlines()[-1].endswith("index.html")
    rows = [line for line in stderr.splitlines() if line.startswith(NORD_OST)]
    failed = [row for row in rows if " 02_fails " in row]
    assert len(failed) == 1
    assert "failed" in failed[0]
    assert "ValueError: boom" in failed[0]


def test_untagged_notebook_exits_two(tmp_path, monkeypatch):
    params = write_portfolio(tmp_path / "input")
    choose_fixture_notebooks(params, ["05_untagged"], monkeypatch)

    code, stdout, stderr = run_cli(["run", str(params), "--out", str(tmp_path / "out")])

    assert code == 2
    assert stdout == ""
    assert stderr.startswith(
        "NotebookError: Notebook 05_untagged.ipynb has no cell tagged 'parameters'"
    )
    assert "Traceback" not in stderr


def test_only_keeps_other_units_in_index(tmp_path):
    params = write_portfolio(tmp_path / "input")
    out = tmp_path / "reports"
    for unit in (ACME, NORD_OST):
        code, _, stderr = run_cli(
            ["run", str(params), "--out", str(out), "--jobs", "2", "--only", unit]
        )
        assert code == 0, stderr

    index = out / "fixture" / "2024-06-30" / "index.html"
    soup = BeautifulSoup(index.read_text(encoding="utf-8"), "html.parser")
    links = {link["href"] for link in soup.find_all("a", href=True)}
    for unit in (ACME, NORD_OST):
        assert f"{UNIT_FOLDERS[unit]}/04_recency.html" in links, unit
