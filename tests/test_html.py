"""Tests of the notebook export: a real notebook is executed, exported and parsed."""

from __future__ import annotations

import base64
import html
import re
from decimal import Decimal
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from portfolio.report.html import export_html, sanitize_html
from tests.browser import browser, page_network_requests, render_dom

COMPANIES = [
    "Acme <Retail> GmbH",
    "Bolt & Nut </td></tr> Ltd",
    "<script>alert(1)</script> Shop",
]
TITLE = 'Revenue <review> & "Q3"'
NOTICE = "Synthetic <demo> data"

# Each payload would set document.title if it ran.
UNSAFE_MARKDOWN = (
    "<img src=x onerror=\"document.title='pwned'\">\n\n"
    "<script>document.title='pwned'</script>\n\n"
    "[click](javascript:document.title='pwned')\n\n"
    "![remote](http://127.0.0.1:9/logo.png)"
)
UNSAFE_HTML = (
    "<b onclick=\"document.title='pwned'\">bold</b>"
    '<iframe src="http://127.0.0.1:9/"></iframe>'
    '<p style="background: url(http://127.0.0.1:9/x.png)">styled</p>'
)
UNSAFE_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10" '
    'onload="document.title=\'pwned\'"><rect width="20" height="10"/></svg>'
)

CELLS = [
    new_markdown_cell("# Revenue by company\n\nThe **highest** revenue first."),
    new_code_cell(
        "%matplotlib inline\n"
        "import matplotlib.pyplot as plt\n"
        "import pandas as pd\n"
        "from IPython.display import HTML, SVG, Markdown, display\n"
        "print('setup output that must not appear')",
        metadata={"tags": ["remove-cell"]},
    ),
    new_code_cell(
        "df = pd.DataFrame(\n"
        f"    {{'company': {COMPANIES!r}, 'orders': [12, 8, 3],\n"
        "     'revenue': [1200.00, 800.00, 150.00]}\n"
        ")\n"
        "df"
    ),
    new_code_cell(
        f"display(Markdown({UNSAFE_MARKDOWN!r}))\n"
        f"display(HTML({UNSAFE_HTML!r}))\n"
        f"display(SVG({UNSAFE_SVG!r}))"
    ),
    new_code_cell("print('\\x1b[32mTotal revenue: 2150.00\\x1b[0m')"),
    new_code_cell(
        "fig, ax = plt.subplots(figsize=(4, 3))\n"
        "ax.bar(['A', 'B', 'C'], df['revenue'])\n"
        "plt.show()"
    ),
    new_code_cell(
        "print('hidden output that must not appear')", metadata={"tags": ["hide"]}
    ),
    new_code_cell("raise ValueError('revenue must not be negative: -5.00')"),
]


@pytest.fixture(scope="module")
def notebook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Execute the test notebook in a real kernel and save it."""
    folder = tmp_path_factory.mktemp("notebook")
    nb = new_notebook(cells=CELLS)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    client = NotebookClient(
        nb,
        kernel_name="python3",
        timeout=120,
        allow_errors=True,
        resources={"metadata": {"path": str(folder)}},
    )
    client.execute()

    path = folder / "revenue.ipynb"
    nbformat.write(nb, path)
    return path


@pytest.fixture(scope="module")
def page(notebook: Path) -> Path:
    return export_html(
        notebook, notebook.parent / "out" / "revenue.html", title=TITLE, notice=NOTICE
    )


@pytest.fixture(scope="module")
def source(page: Path) -> str:
    return page.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def soup(source: str) -> BeautifulSoup:
    return BeautifulSoup(source, "html.parser")


def table_rows(soup: BeautifulSoup) -> list[list[str]]:
    """Return the text of the body cells, index included, of the only table."""
    (table,) = soup.find_all("table")
    rows = table.find("tbody").find_all("tr")
    return [[cell.get_text() for cell in row.find_all(["th", "td"])] for row in rows]


def test_export_writes_file(page: Path) -> None:
    assert page.is_file()
    assert page.name == "revenue.html"


def test_title_and_notice_escaped(soup: BeautifulSoup, source: str) -> None:
    assert soup.title.get_text() == TITLE
    assert soup.h1.get_text() == TITLE
    assert soup.find(class_="notice").get_text() == NOTICE
    assert html.escape(TITLE, quote=False) in source
    assert html.escape(NOTICE, quote=False) in source


def test_table_has_three_rows_of_four_cells(soup: BeautifulSoup) -> None:
    rows = table_rows(soup)
    header = soup.find("table").find("thead").find_all("th")

    assert [th.get_text() for th in header] == ["", "company", "orders", "revenue"]
    assert len(rows) == 3
    assert [len(row) for row in rows] == [4, 4, 4]


def test_company_names_shown_literally(soup: BeautifulSoup, source: str) -> None:
    names = [row[1] for row in table_rows(soup)]

    assert names == COMPANIES
    for name in COMPANIES:
        assert html.escape(name, quote=False) in source


def test_revenue_column_sums(soup: BeautifulSoup) -> None:
    # 1200.00 + 800.00 + 150.00 = 2150.00
    revenues = [Decimal(row[3]) for row in table_rows(soup)]

    assert sum(revenues) == Decimal("2150.00")


def test_no_script_or_active_content(soup: BeautifulSoup, source: str) -> None:
    assert "<script" not in source.lower()
    assert soup.find_all(["script", "iframe", "object", "embed", "link", "base"]) == []
    assert "pwned" not in source


def test_no_event_handler_or_javascript_url(soup: BeautifulSoup) -> None:
    for element in soup.find_all(True):
        for name, value in element.attrs.items():
            assert not name.lower().startswith("on"), element
            text = " ".join(value) if isinstance(value, list) else value
            assert "javascript:" not in text.lower(), element


def test_no_network_urls(soup: BeautifulSoup) -> None:
    for element in soup.find_all(True):
        for name, value in element.attrs.items():
            text = " ".join(value) if isinstance(value, list) else value
            assert not re.match(r"\s*(https?:|//)", text, re.IGNORECASE), (name, text)

    styles = [style.get_text() for style in soup.find_all("style")]
    styles += [element["style"] for element in soup.find_all(style=True)]
    for style in styles:
        assert "@import" not in style
        assert not re.search(r"url\(\s*['\"]?\s*(https?:|//)", style, re.IGNORECASE)


def test_code_input_hidden(source: str) -> None:
    assert "df = pd.DataFrame" not in source
    assert "import pandas" not in source
    assert "plt.subplots" not in source


def test_tagged_cells_dropped(source: str) -> None:
    assert "setup output that must not appear" not in source
    assert "hidden output that must not appear" not in source


def test_markdown_rendered(soup: BeautifulSoup) -> None:
    section = soup.find("section", class_="markdown")

    assert section.find("h1").get_text() == "Revenue by company"
    assert section.find("strong").get_text() == "highest"


def test_stream_output_without_ansi(soup: BeautifulSoup, source: str) -> None:
    streams = [pre.get_text() for pre in soup.find_all("pre", class_="stdout")]

    assert streams == ["Total revenue: 2150.00\n"]
    assert "\x1b" not in source


def test_images_embedded_as_data_uris(soup: BeautifulSoup) -> None:
    sources = [img["src"] for img in soup.find_all("img", src=True)]
    png = [src for src in sources if src.startswith("data:image/png;base64,")]
    svg = [src for src in sources if src.startswith("data:image/svg+xml;base64,")]

    assert len(png) == 1
    assert len(svg) == 1
    assert len(sources) == 2
    assert base64.b64decode(png[0].split(",", 1)[1]).startswith(b"\x89PNG\r\n")


def test_error_shown_with_collapsed_traceback(soup: BeautifulSoup) -> None:
    (box,) = soup.find_all(class_="error")
    details = box.find("details")

    assert box.find(class_="error-name").get_text() == "ValueError"
    assert "revenue must not be negative: -5.00" in box.p.get_text()
    assert details is not None
    assert "open" not in details.attrs
    assert "Traceback" in details.find("pre").get_text()


def test_export_missing_notebook(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="missing.ipynb"):
        export_html(tmp_path / "missing.ipynb", tmp_path / "out.html", title="x")


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ("<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>", "&lt;script&gt;"),
        ("<p>Bolt &amp; Nut</p>", "<p>Bolt &amp; Nut</p>"),
        ('<img src="data:image/png;base64,AAAA">', 'src="data:image/png;base64,AAAA"'),
        ('<a href="https://example.org/a">a</a>', 'href="https://example.org/a"'),
        ('<p style="text-align: right">r</p>', 'style="text-align:right"'),
    ],
)
def test_sanitize_keeps_safe_markup(markup: str, expected: str) -> None:
    assert expected in sanitize_html(markup)


@pytest.mark.parametrize(
    ("markup", "removed"),
    [
        ("<script>alert(1)</script>", "alert"),
        ("<style>.a { color: red }</style>", "color"),
        ('<img src="x" onerror="alert(1)">', "onerror"),
        ('<img src="http://127.0.0.1:9/x.png">', "127.0.0.1"),
        ('<a href="javascript:alert(1)">x</a>', "javascript"),
        ('<a href="data:text/html,hi">x</a>', "data:"),
        ('<iframe src="x"></iframe>', "iframe"),
        ('<object data="x"></object>', "object"),
        ('<p style="background-image: url(x.png)">p</p>', "url("),
        ('<p style="color: red; position: fixed">p</p>', "fixed"),
    ],
)
def test_sanitize_removes_unsafe_markup(markup: str, removed: str) -> None:
    assert removed not in sanitize_html(markup)


@browser
def test_browser_dom_keeps_table(page: Path) -> None:
    dom = BeautifulSoup(render_dom(page), "html.parser")
    rows = table_rows(dom)

    assert [len(row) for row in rows] == [4, 4, 4]
    assert [row[1] for row in rows] == COMPANIES
    assert sum(Decimal(row[3]) for row in rows) == Decimal("2150.00")


@browser
def test_browser_runs_no_injected_script(page: Path, soup: BeautifulSoup) -> None:
    dom = BeautifulSoup(render_dom(page), "html.parser")
    tags = [element.name for element in dom.find_all(True)]

    assert dom.title.get_text() == TITLE
    assert "pwned" not in str(dom)
    assert dom.find_all("script") == []
    assert tags == [element.name for element in soup.find_all(True)]


@browser
def test_browser_loads_no_network_resource(page: Path, tmp_path: Path) -> None:
    # A page with a remote image shows that the check detects page requests.
    control = tmp_path / "control.html"
    control.write_text('<img src="http://127.0.0.1:9/x.png">', encoding="utf-8")

    assert page_network_requests(control) == ["http://127.0.0.1:9/x.png"]
    assert page_network_requests(page) == []


@browser
def test_browser_csp_blocks_missed_handler(source: str, tmp_path: Path) -> None:
    # Injected after export, as if the sanitizer had missed it.
    handler = "<img src=x onerror=\"document.title='pwned'\">"
    guarded = tmp_path / "guarded.html"
    guarded.write_text(source.replace("<main>", "<main>" + handler), encoding="utf-8")
    unguarded = tmp_path / "unguarded.html"
    without_csp = re.sub(
        r'<meta content="[^"]*" http-equiv="Content-Security-Policy"/>',
        "",
        guarded.read_text(encoding="utf-8"),
    )
    unguarded.write_text(without_csp, encoding="utf-8")

    guarded_dom = BeautifulSoup(render_dom(guarded), "html.parser")
    unguarded_dom = BeautifulSoup(render_dom(unguarded), "html.parser")

    assert without_csp != guarded.read_text(encoding="utf-8")
    assert guarded_dom.title.get_text() == TITLE
    assert unguarded_dom.title.get_text() == "pwned"
