"""Write the index page of a report run: every notebook's status and headline figures.

Like the notebook pages, the index is one self-contained HTML file with inline CSS
and no JavaScript.
"""

from __future__ import annotations

import functools
import logging
import math
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from portfolio.report.html import TEMPLATES, sanitize_html

__all__ = ["NOTEBOOK_STATUSES", "write_index"]

logger = logging.getLogger(__name__)

NOTEBOOK_STATUSES = ("ok", "failed")
"""Valid values of a notebook's ``status``."""

SUMMARY_NOTEBOOK = "00_executive_summary"
"""Name of the notebook whose findings lead the page."""

_MISSING = "–"
_URL_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def _format_number(value: Any, *, decimals: int) -> str:
    """Format with thousands separators, or return non-numbers as text."""
    if value is None:
        return _MISSING
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if isinstance(value, float) and not math.isfinite(value):
        return _MISSING
    return f"{value:,.{decimals}f}"


def _format_count(value: Any) -> str:
    return _format_number(value, decimals=0)


def _format_money(value: Any) -> str:
    return _format_number(value, decimals=2)


def _format_days(value: Any) -> str:
    # A median of whole days is whole or halfway between two days.
    whole = isinstance(value, int) or (isinstance(value, float) and value.is_integer())
    return _format_number(value, decimals=0 if whole else 1)


def _format_share(value: Any) -> str:
    """Format a fraction between 0 and 1 as a percentage with one decimal."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"{value:.1%}" if math.isfinite(value) else _MISSING
    return _format_number(value, decimals=0)


# Headline figures of figures.json in display order: key, row label, formatter.
_HEADLINE_FIGURES: list[tuple[str, str, Callable[[Any], str]]] = [
    ("customers", "Customers", _format_count),
    ("revenue", "Revenue", _format_money),
    ("unattributed_revenue", "Unattributed revenue", _format_money),
    ("cold_share", "Cold customers, share of customers", _format_share),
    ("median_recency_days", "Median recency (days)", _format_days),
]


def _figure_rows(units: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Build one row per headline figure that at least one unit reports."""
    figures = [unit.get("figures") or {} for unit in units]
    rows = []
    for key, label, format_value in _HEADLINE_FIGURES:
        if any(key in unit_figures for unit_figures in figures):
            values = [format_value(unit_figures.get(key)) for unit_figures in figures]
            rows.append({"label": label, "cells": values})

    # Frequency classes in order of first appearance. A unit that reports the
    # classes but not this one has no customer in it.
    classes: dict[str, None] = {}
    for unit_figures in figures:
        classes.update(dict.fromkeys(unit_figures.get("frequency_classes") or {}))
    for name in classes:
        values = []
        for unit_figures in figures:
            counts = unit_figures.get("frequency_classes")
            values.append(_format_count(counts.get(name, 0)) if counts else _MISSING)
        rows.append({"label": f"Frequency class: {name}", "cells": values})
    return rows


def _relative_href(path: str | PurePath, *, unit: str) -> str:
    """Quote a relative path for an href, rejecting absolute paths and URLs."""
    text = path.as_posix() if isinstance(path, PurePath) else str(path)
    if text.startswith(("/", "\\")) or _URL_SCHEME.match(text):
        raise ValueError(
            f"Notebook html path {text!r} of business unit {unit!r} is not relative. "
            "Pass a path relative to the folder of the index file."
        )
    return quote(text, safe="/")


def _notebook_view(notebook: Mapping[str, Any], *, unit: str) -> dict[str, Any]:
    """Check one notebook entry and prepare it for the template."""
    missing = [key for key in ("name", "status") if key not in notebook]
    if missing:
        raise ValueError(
            f"Notebook entry {dict(notebook)!r} of business unit {unit!r} is missing "
            f"the key(s) {', '.join(missing)}."
        )

    status = notebook["status"]
    if status not in NOTEBOOK_STATUSES:
        raise ValueError(
            f"Invalid status {status!r} for notebook {notebook['name']!r} of business "
            f"unit {unit!r}. Valid statuses are {', '.join(NOTEBOOK_STATUSES)}."
        )

    html = notebook.get("html")
    return {
        "title": notebook.get("title") or notebook["name"],
        "status": status,
        "href": _relative_href(html, unit=unit) if html else None,
        "error": notebook.get("error"),
    }


def _unit_view(unit: Mapping[str, Any], position: int) -> dict[str, Any]:
    """Check one business unit entry and prepare it for the template."""
    missing = [key for key in ("name", "folder", "notebooks") if key not in unit]
    if missing:
        raise ValueError(
            f"Business unit entry {position} is missing the key(s) "
            f"{', '.join(missing)}. Expected keys: name, folder, figures, notebooks."
        )

    name = str(unit["name"])
    notebooks = [_notebook_view(notebook, unit=name) for notebook in unit["notebooks"]]
    return {
        "name": name,
        "folder": str(unit["folder"]),
        "notebooks": notebooks,
        "findings": _findings(unit.get("figures") or {}),
        "summary_href": _summary_href(notebooks, unit["notebooks"]),
    }


def _findings(figures: Mapping[str, Any]) -> list[Markup] | None:
    """Return the executive summary's finding sentences, or ``None`` without one.

    The sentences are HTML whose data values were escaped when they were written;
    they are sanitized again because figures.json is a file on disk.
    """
    summary = figures.get("summary")
    if not isinstance(summary, Mapping):
        return None
    found = summary.get("findings") or []
    return [
        Markup(sanitize_html(str(finding.get("text", ""))))  # noqa: S704
        for finding in found
        if isinstance(finding, Mapping)
    ]


def _summary_href(
    views: list[dict[str, Any]], entries: Sequence[Mapping[str, Any]]
) -> str | None:
    """Return the link of the unit's executive summary page, if it was written."""
    for view, entry in zip(views, entries, strict=True):
        if entry["name"] == SUMMARY_NOTEBOOK:
            return str(view["href"]) if view["href"] else None
    return None


@functools.cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


def write_index(
    path: Path,
    *,
    title: str,
    as_of: str,
    units: list[dict[str, Any]],
    notice: str | None = None,
) -> Path:
    """
    Write the index page of a report run.

    The page leads with the findings of every business unit's executive summary,
    read from ``figures["summary"]["findings"]`` and shown side by side. Below
    them come the headline figures, one column per unit, and every notebook with
    a link to its HTML page and its status. Failed notebooks are shown in
    red with their error text. All text is escaped, so business unit names and
    error messages may contain any character.

    Parameters
    ----------
    path : Path
        HTML file to write, usually ``index.html`` in the run folder. Missing
        parent folders are created.
    title : str
        Page title, shown in ``<title>`` and as the ``<h1>`` heading.
    as_of : str
        Reference date of the data, shown below the title.
    units : list of dict
        One entry per business unit with the keys ``name`` (original business unit
        name), ``folder`` (its output folder), ``figures`` (the content of its
        ``figures.json``, may be empty or missing) and ``notebooks``. Each notebook
        is a dict with ``name``, ``title``, ``status`` (``"ok"`` or ``"failed"``),
        ``html`` (path of its HTML page relative to the folder of ``path``, or
        ``None`` when no page was written) and ``error`` (text or ``None``).
        The headline figures read from ``figures`` are ``customers``, ``revenue``,
        ``unattributed_revenue``, ``cold_share`` (a fraction),
        ``median_recency_days`` and ``frequency_classes`` (class to count).
    notice : str, optional
        Banner shown above the title, for example ``"Synthetic demo data"``.

    Returns
    -------
    Path
        ``path``, after it was written.

    Raises
    ------
    ValueError
        If a unit or notebook entry misses a key, a status is not ``"ok"`` or
        ``"failed"``, or an ``html`` path is absolute or a URL.
    """
    unit_views = [_unit_view(unit, position) for position, unit in enumerate(units)]
    page = (
        _environment()
        .get_template("run_index.html.j2")
        .render(
            title=title,
            as_of=as_of,
            notice=notice,
            units=unit_views,
            figure_rows=_figure_rows(units),
        )
    )

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
    logger.debug("Wrote the run index %s with %d business units", path, len(units))
    return path
