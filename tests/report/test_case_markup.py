"""CRM text holding markup goes from the file to the page as literal text."""

from __future__ import annotations

from decimal import Decimal

import nbformat
from bs4 import BeautifulSoup
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_notebook

from portfolio.report.html import export_html

CELL = """
from pathlib import Path

from portfolio.config import FileSpec
from portfolio.report import show
from portfolio.sources import read_file

path = Path({path!r})
spec = FileSpec(
    path=str(path),
    columns={{"customer_id": "customer_id", "name": "company",
              "sector": "segment", "company_revenue": "revenue"}},
)
frame = read_file(spec, path).frame.drop(columns="_line")
frame["company_revenue"] = frame["company_revenue"].astype(float)
show.table(frame, money=["company_revenue"])
"""


def test_markup_case_reaches_page_escaped(tmp_path, cases_dir):
    notebook = new_notebook()
    notebook.cells.append(
        new_code_cell(CELL.format(path=str(cases_dir / "C08_customers_html_text.csv")))
    )
    NotebookClient(notebook, kernel_name="python3", timeout=120).execute()
    executed = tmp_path / "markup.ipynb"
    nbformat.write(notebook, executed)
    page = export_html(executed, tmp_path / "markup.html", title="Customers")

    source = page.read_text(encoding="utf-8")
    soup = BeautifulSoup(source, "html.parser")
    rows = [
        [cell.get_text() for cell in row.find_all(["td", "th"])]
        for row in soup.select("table tbody tr")
    ]
    assert len(rows) == 3
    assert all(len(row) == 4 for row in rows)
    names = [row[1] for row in rows]
    assert names == [
        "Acme <Retail> GmbH",
        "Bolt & Nut </td></tr> Ltd",
        "<script>alert(1)</script> Shop",
    ]
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Shop" in source
    assert soup.find("script") is None
    # 1,200.00 + 800.00 + 150.00 = 2,150.00
    total = sum(Decimal(row[3].replace(",", "")) for row in rows)
    assert total == Decimal("2150.00")
