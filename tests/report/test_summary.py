"""Executive summary: findings, changes between reports and the index page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from portfolio.report import index, runner, summary
from tests.report.test_annotations import one_notebook_portfolio, write_note
from tests.report.test_cli import ACME, NORD_OST, UNIT_FOLDERS

# A unit with every part the rules look at, built by hand.
FIGURES = {
    "as_of": "2024-12-31",
    "customers": 100,
    "revenue": 10000.0,
    "unattributed_share": 0.01,
    "unattributed_revenue": 100.0,
    "cold_customers": 30,
    "cold_share": 0.3,
    "cold_revenue": 2500.0,
    # Large: 10 of 100 customers (10 %) and 6,000 of 10,000 revenue (60 %), a lift
    # of 50 points. Micro: 90 % of customers and 39 % of revenue.
    "size_classes": {
        "micro": {"customers": 90, "revenue": 3900.0},
        "large": {"customers": 10, "revenue": 6000.0},
        "unattributed": {"customers": 0, "revenue": 100.0},
    },
    # Trade Fair costs 400 / 100 = 4 times Organic.
    "cac": {"overall": 250.0, "by_channel": {"Organic": 100.0, "Trade Fair": 400.0}},
    # 0.6 - 0.35 = 0.25 apart. Unknown is not a size class, so it is left out.
    "size_win_rates": {
        "micro": {"win_rate": 0.6},
        "large": {"win_rate": 0.35},
        "unknown": {"win_rate": 0.05},
    },
    "top_products": [{"product": "P1", "name": "Paper <A4>", "revenue": 1500.0}],
    "top_sales_rep": "Lena",
    "won_value": 8000.0,
    "win_rate": 0.4,
}


def texts(figures: dict) -> dict[str, str]:
    found = summary.findings(figures, cold_after_days=365, limit=10)
    return {finding["rule"]: finding["text"] for finding in found}


def test_findings_name_cold_customers():
    assert texts(FIGURES)["finding_cold"].startswith(
        "30.0 % of customers (30) have not bought for more than 365 days; "
        "they brought 2,500.00 of revenue."
    )


def test_findings_skip_cold_below_threshold():
    assert "finding_cold" not in texts({**FIGURES, "cold_share": 0.19})


def test_findings_name_size_concentration():
    assert texts(FIGURES)["finding_size_concentration"].startswith(
        "Customers of size class large are 10.0 % of customers but bring 60.0 % "
        "of revenue (6,000.00)"
    )


def test_findings_name_cac_spread():
    assert texts(FIGURES)["finding_cac_spread"].startswith(
        "Acquiring a customer costs 100.00 through Organic, against 400.00 "
        "through Trade Fair"
    )


def test_findings_skip_close_cac():
    close = {**FIGURES, "cac": {"by_channel": {"Organic": 100.0, "Fair": 150.0}}}
    assert "finding_cac_spread" not in texts(close)


def test_findings_name_win_rate_spread():
    assert texts(FIGURES)["finding_win_rate_spread"].startswith(
        "The win rate ranges from 60.0 % with micro customers to 35.0 % with "
        "large customers"
    )


def test_findings_escape_product_name():
    # 1,500 / 10,000 = 15 % of revenue.
    assert texts(FIGURES)["finding_top_product"].startswith(
        "Paper &lt;A4&gt; is the best-selling product with 1,500.00, 15.0 % of revenue"
    )


def test_findings_top_product_without_total():
    without_total = {"top_products": FIGURES["top_products"]}
    assert texts(without_total)["finding_top_product_revenue"].startswith(
        "Paper &lt;A4&gt; is the best-selling product with 1,500.00:"
    )


def test_findings_stop_at_limit():
    found = summary.findings(FIGURES, cold_after_days=365)
    assert len(found) == summary.MAX_FINDINGS


def test_findings_keep_rule_order():
    found = summary.findings(FIGURES, cold_after_days=365, limit=3)
    rules = [finding["rule"] for finding in found]
    assert rules == ["finding_cold", "finding_size_concentration", "finding_cac_spread"]


def test_findings_empty_without_figures():
    assert summary.findings({}, cold_after_days=365) == []


def test_headline_figures_read_nested_values():
    assert summary.headline_figures(FIGURES)["cac"] == 250.0


def test_changes_subtract_previous():
    previous = {"as_of": "2024-11-30", "customers": 90, "cold_share": 0.35}
    compared = summary.changes(FIGURES, previous)
    # 100 - 90 customers, 0.3 - 0.35 cold share.
    assert compared == {
        "previous_as_of": "2024-11-30",
        "figures": {
            "customers": {"previous": 90, "current": 100, "change": 10},
            "cold_share": {"previous": 0.35, "current": 0.3, "change": -0.05},
        },
    }


def test_changes_none_without_previous():
    assert summary.changes(FIGURES, None) is None


def write_figures(folder: Path, figures: dict) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "figures.json").write_text(json.dumps(figures), encoding="utf-8")


def test_previous_figures_pick_latest_earlier_run(tmp_path):
    for day in ["2024-09-30", "2024-10-31", "2025-01-31"]:
        write_figures(tmp_path / day / "north", {"as_of": day})
    (tmp_path / "2024-11-30" / "south").mkdir(parents=True)
    found = summary.previous_figures(tmp_path / "2024-12-31", "north")
    assert found == {"as_of": "2024-10-31"}


def test_previous_figures_none_for_first_run(tmp_path):
    write_figures(tmp_path / "2025-01-31" / "north", {"as_of": "2025-01-31"})
    assert summary.previous_figures(tmp_path / "2024-12-31", "north") is None


def test_index_leads_with_summaries(tmp_path):
    units = [
        {
            "name": "North <1>",
            "folder": "north-1",
            "figures": {"summary": {"findings": [{"text": "Cold &lt;b&gt; 30 %"}]}},
            "notebooks": [
                {
                    "name": "00_executive_summary",
                    "status": "ok",
                    "html": "north-1/00_executive_summary.html",
                }
            ],
        }
    ]
    path = index.write_index(
        tmp_path / "index.html", title="Run", as_of="2024-12-31", units=units
    )
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    assert soup.find("h2").get_text() == "Summary by business unit"
    assert soup.select_one(".summary-card li").get_text() == "Cold <b> 30 %"


# Two real runs of the fixture portfolio, a month apart.


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory):
    """Run the fixture portfolio as of 2024-05-31, then as of 2024-06-30."""
    root = tmp_path_factory.mktemp("two-runs")
    names = ["00_executive_summary", "04_recency"]
    params = one_notebook_portfolio(root / "input", names)
    out = root / "reports"
    text = params.read_text(encoding="utf-8")
    params.write_text(text.replace("2024-06-30", "2024-05-31"), "utf-8")
    runner.run(params, out=out, jobs=2)
    params.write_text(text, encoding="utf-8")
    notes = root / "input" / "annotations" / "fixture" / "2024-06-30"
    write_note(notes, ACME, "author: Ann\ndate: 2024-07-01\n## 04_recency\nCall.\n")
    result = runner.run(params, out=out, jobs=2)
    return result


def figures_of(result: runner.RunResult, unit: str) -> dict:
    path = result.folder / UNIT_FOLDERS[unit] / "figures.json"
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.slow
def test_summary_runs_after_other_notebooks(two_runs):
    assert [o.status for o in two_runs.outcomes] == ["ok"] * 4


@pytest.mark.slow
def test_summary_compares_with_previous_month(two_runs):
    changes = figures_of(two_runs, NORD_OST)["summary"]["changes"]
    assert changes["previous_as_of"] == "2024-05-31"


@pytest.mark.slow
def test_summary_counts_new_customers(two_runs):
    # As of 2024-05-31 Nord/Ost has 4 customers: N-4 and N-6 first buy in June.
    changes = figures_of(two_runs, NORD_OST)["summary"]["changes"]
    assert changes["figures"]["customers"]["change"] == 2


@pytest.mark.slow
def test_summary_changes_recency(two_runs):
    # As of 2024-05-31 the recencies are N-1 326, N-2 60, N-3 273, N-4 none yet
    # (2024-06-01 is after as_of), N-5 137: median (137 + 273) / 2 = 205. As of
    # 2024-06-30 it is 128.5, so the change is 128.5 - 205 = -76.5.
    changes = figures_of(two_runs, NORD_OST)["summary"]["changes"]
    assert changes["figures"]["median_recency_days"]["change"] == -76.5


@pytest.mark.slow
def test_summary_finds_cold_customers(two_runs):
    # Acme: 2 of 5 customers cold (40 %), with 400.00 of revenue.
    findings = figures_of(two_runs, ACME)["summary"]["findings"]
    assert findings[0]["text"].startswith("40.0 % of customers (2)")


@pytest.mark.slow
def test_summary_page_shows_notes_of_reports(two_runs):
    path = two_runs.folder / UNIT_FOLDERS[ACME] / "00_executive_summary.html"
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    assert soup.select_one(".annotation").get_text(" ", strip=True) == (
        "Analyst note by Ann, 2024-07-01 Call."
    )


@pytest.mark.slow
def test_index_lists_findings_of_each_unit(two_runs):
    soup = BeautifulSoup(two_runs.index.read_text(encoding="utf-8"), "html.parser")
    cards = soup.select(".summary-card h3")
    assert [card.get_text() for card in cards] == [ACME, NORD_OST]
