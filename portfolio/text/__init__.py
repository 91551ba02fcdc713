"""The words around the numbers, kept in one package so that they can be translated.

Each report has a module of labels and sentence templates; :func:`sentence` fills a
template with formatted, HTML-escaped values, so a company name from the data can
never become markup in a report.
"""

from __future__ import annotations

import html
import math
from typing import Any

from . import base, channels, costs, products, reps, segments, size, summary

_MODULES = (base, size, products, channels, costs, reps, summary, segments)


def _merge(attribute: str) -> dict[str, str]:
    merged: dict[str, str] = {}
    for module in _MODULES:
        entries: dict[str, str] = getattr(module, attribute)
        clash = sorted(set(merged) & set(entries))
        if clash:
            raise RuntimeError(f"{module.__name__} repeats the {attribute} {clash}")
        merged.update(entries)
    return merged


LABELS = _merge("LABELS")
SENTENCES = _merge("SENTENCES")


def money(value: Any) -> str:
    """Format an amount with thousands separators and two decimals."""
    return "–" if _missing(value) else f"{float(value):,.2f}"


def count(value: Any) -> str:
    """Format a count with thousands separators."""
    return "–" if _missing(value) else f"{int(value):,}"


def percent(value: Any, digits: int = 1) -> str:
    """Format a fraction as a percentage."""
    if _missing(value):
        return "–"
    number = round(float(value) * 100, digits) + 0.0  # no "-0.0 %"
    return f"{number:.{digits}f} %"


def days(value: Any) -> str:
    """Format a number of days, without decimals when it is whole."""
    if _missing(value):
        return "–"
    number = float(value)
    return f"{number:,.0f}" if number.is_integer() else f"{number:,.1f}"


def _missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return math.isnan(float(value))
    except (TypeError, ValueError):
        return False


def sentence(key: str, **values: Any) -> str:
    """Fill the template ``key`` with values, escaping each one for HTML.

    Values are formatted by the caller (see :func:`money`, :func:`percent`);
    anything that is not a string is turned into one first.
    """
    safe = {name: html.escape(str(value)) for name, value in values.items()}
    return SENTENCES[key].format(**safe)


def label(column: str) -> str:
    """Return the display label of a column."""
    return LABELS.get(column, column.replace("_", " ").capitalize())
