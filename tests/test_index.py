"""Tests of the run index page, parsed as HTML."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup

from portfolio.report.index import write_index
from tests.browser import browser, page_network_requests, render_dom

RETAIL = "Retail <b>&\"'"
ERROR_TEXT = 'ValueError: revenue <0> & "negative"'


def make_units() -> list[dict]:
    return [
        {
            "name": RETAIL,
            "folder": "retail",
            "figures": {
                "customers": 12345,
                "revenue": 1234567.891,
                "unattributed_revenue": 2500.5,
                "cold_share": 0.1234,
                "median_recency_days": 45.0,
                "frequency_classes": {"one-off": 9000, "repeat": 3345},
            },
            "notebooks": [
                {
                    "name": "01_data_inventory",
                    "title": "Data inventory",
                    "status": "ok",
                    "html": "retail/01_data_inventory.html",
                    "error": None,
                },
                {
                    "name": "02_rfm",
                    "title": "RFM segments",
                    "status": "ok",
                    "html": "retail/02 rfm #2.html",
                    "error": None,
                },
            ],
        },
        {
            "name": "Wholesale",
            "folder": "wholesale",
            "figures": {"customers": 812, "revenue": 99.5, "cold_share": 0.5},
            "notebooks": [
                {
                    "name": "01_data_inventory",
                    "title": "Data inventory",
                    "status": "failed",
                    "html": "wholesale/01_data_inventory.html",
                    "error": ERROR_TEXT,
                },
            ],
        },
    ]


@pytest.fixture
def index(tmp_path: Path) -> Path:
    units = make_units()
    for unit in units:
        for notebook in unit["notebooks"]:
            target = tmp_path / notebook["html"]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text("<!DOCTYPE html><title>page</title>", encoding="utf-8")

    return write_index(
        tmp_path / "index.html",
        title="Portfolio <run>",
        as_of="2026-11-30",
        units=units,
        notice="Synthetic demo data",
    )


@pytest.fixture
def soup(index: Path) -> BeautifulSoup:
    return BeautifulSoup(index.read_text(encoding="utf-8"), "html.parser")


def figure_table(soup: BeautifulSoup) -> dict[str, list[str]]:
    """Map each row label of the headline figures to its cells."""
    table = soup.find("table", class_="figures")
    return {
        row.th.get_text(): [td.get_text() for td in row.find_all("td")]
        for row in table.tbody.find_all("tr")
    }


def test_title_notice_and_as_of(soup: BeautifulSoup) -> None:
    assert soup.title.get_text() == "Portfolio <run>"
    assert soup.h1.get_text() == "Portfolio <run>"
    assert soup.find(class_="notice").get_text() == "Synthetic demo data"
    assert soup.find(class_="as-of").get_text() == "Data as of 2026-11-30"


def test_unit_name_shown_literally(soup: BeautifulSoup, index: Path) -> None:
    headers = [th.get_text() for th in soup.find("table").thead.find_all("th")]
    sections = [section.h2.get_text() for section in soup.find_all("section")]

    assert headers == ["Figure", RETAIL, "Wholesale"]
    assert sections == [RETAIL, "Wholesale"]
    assert soup.find_all("b") == []
    assert "Retail &lt;b&gt;&amp;" in index.read_text(encoding="utf-8")


def test_links_resolve_to_given_paths(soup: BeautifulSoup, index: Path) -> None:
    expected = [
        notebook["html"] for unit in make_units() for notebook in unit["notebooks"]
    ]
    hrefs = [a["href"] for a in soup.select(".notebooks a")]

    assert [unquote(href) for href in hrefs] == expected
    assert "retail/02%20rfm%20%232.html" in hrefs
    for href in hrefs:
        assert (index.parent / unquote(href)).is_file()


def test_failed_notebook_shows_error(soup: BeautifulSoup) -> None:
    (failed,) = soup.select("li.notebook-failed")
    ok = soup.select("li.notebook-ok")

    assert failed.find(class_="status-failed").get_text() == "failed"
    assert failed.find(class_="error-text").get_text() == ERROR_TEXT
    assert failed.a.get_text() == "Data inventory"
    assert len(ok) == 2
    assert all(item.find(class_="error-text") is None for item in ok)


def test_headline_figures_side_by_side(soup: BeautifulSoup) -> None:
    rows = figure_table(soup)

    assert rows["Customers"] == ["12,345", "812"]
    assert rows["Revenue"] == ["1,234,567.89", "99.50"]
    assert rows["Unattributed revenue"] == ["2,500.50", "–"]
    assert rows["Cold customers, share of customers"] == ["12.3%", "50.0%"]
    assert rows["Median recency (days)"] == ["45", "–"]
    assert rows["Frequency class: one-off"] == ["9,000", "–"]
    assert rows["Frequency class: repeat"] == ["3,345", "–"]
    assert len(rows) == 7


def test_figures_absent_from_all_units_omitted(tmp_path: Path) -> None:
    units = [{"name": "Retail", "folder": "retail", "notebooks": []}]
    page = write_index(tmp_path / "index.html", title="t", as_of="d", units=units)
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")

    assert figure_table(soup) == {}
    assert "No notebook was run." in soup.find("section").get_text()


def test_no_script_or_network_url(index: Path, soup: BeautifulSoup) -> None:
    source = index.read_text(encoding="utf-8")

    assert "<script" not in source.lower()
    assert "@import" not in source
    for element in soup.find_all(True):
        for value in element.attrs.values():
            text = " ".join(value) if isinstance(value, list) else value
            assert not re.match(r"\s*(https?:|//|javascript:)", text, re.IGNORECASE)


@pytest.mark.parametrize(
    "html", ["/etc/passwd", "//example.org/x.html", "javascript:alert(1)", "C:/x.html"]
)
def test_non_relative_html_path_rejected(tmp_path: Path, html: str) -> None:
    units = make_units()
    units[1]["notebooks"][0]["html"] = html

    with pytest.raises(ValueError, match="is not relative"):
        write_index(tmp_path / "index.html", title="t", as_of="d", units=units)


def test_invalid_status_rejected(tmp_path: Path) -> None:
    units = make_units()
    units[0]["notebooks"][0]["status"] = "done"

    with pytest.raises(ValueError, match="Valid statuses are ok, failed"):
        write_index(tmp_path / "index.html", title="t", as_of="d", units=units)


def test_missing_unit_key_rejected(tmp_path: Path) -> None:
    units = [{"name": "Retail", "notebooks": []}]

    with pytest.raises(ValueError, match="missing the key"):
        write_index(tmp_path / "index.html", title="t", as_of="d", units=units)


def test_notebook_without_page_not_linked(tmp_path: Path) -> None:
    units = make_units()
    units[1]["notebooks"][0]["html"] = None
    page = write_index(tmp_path / "index.html", title="t", as_of="d", units=units)
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    (failed,) = soup.select("li.notebook-failed")

    assert failed.a is None
    assert "Data inventory" in failed.get_text()


@browser
def test_browser_renders_index(index: Path, soup: BeautifulSoup) -> None:
    dom = BeautifulSoup(render_dom(index), "html.parser")

    assert dom.title.get_text() == "Portfolio <run>"
    assert [a["href"] for a in dom.select(".notebooks a")] == [
        a["href"] for a in soup.select(".notebooks a")
    ]
    assert [th.get_text() for th in dom.find("table").thead.find_all("th")] == [
        "Figure",
        RETAIL,
        "Wholesale",
    ]
    assert page_network_requests(index) == []
