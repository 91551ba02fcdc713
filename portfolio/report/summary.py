"""The executive summary of a business unit, computed from its ``figures.json``.

Pure functions on figures dicts: the headline figures of every report, the changes
against the previous report of the same parameter file, and the findings that
matter most, each phrased as a sentence with its numbers.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeGuard

import pandas as pd

from .. import text
from ..model import UNATTRIBUTED, UNKNOWN
from .figures import FIGURES_FILE

__all__ = [
    "COLD_SHARE_THRESHOLD",
    "HEADLINES",
    "MAX_FINDINGS",
    "changes",
    "changes_table",
    "findings",
    "findings_html",
    "headline_figures",
    "headline_table",
    "previous_figures",
]

COLD_SHARE_THRESHOLD = 0.2
"""Share of cold customers from which the summary names them as a finding."""

MAX_FINDINGS = 5
"""Most findings the summary shows."""

# Headline figures: name, path inside figures.json and kind, in display order.
HEADLINES: list[tuple[str, tuple[str, ...], str]] = [
    ("customers", ("customers",), "count"),
    ("revenue", ("revenue",), "money"),
    ("unattributed_share", ("unattributed_share",), "percent"),
    ("median_gap_days", ("median_gap_days",), "days"),
    ("median_recency_days", ("median_recency_days",), "days"),
    ("cold_share", ("cold_share",), "percent"),
    ("cold_revenue", ("cold_revenue",), "money"),
    ("cross_sell_pairs", ("cross_sell_pairs",), "count"),
    ("cac", ("cac", "overall"), "money"),
    ("ltv", ("ltv", "overall"), "money"),
    ("win_rate", ("win_rate",), "percent"),
    ("won_value", ("won_value",), "money"),
    ("median_sales_cycle_days", ("median_sales_cycle_days",), "days"),
    ("top_sales_rep", ("top_sales_rep",), "text"),
]

FORMATS: dict[str, Callable[[Any], str]] = {
    "count": text.count,
    "money": text.money,
    "percent": text.percent,
    "days": text.days,
    "text": str,
}
"""Formatter of each kind of headline figure."""

# Rounding of a change, so that 0.1 + 0.2 shows as 0.3.
_DIGITS = {"count": 0, "money": 2, "percent": 4, "days": 1}
_NOT_A_CLASS = {UNATTRIBUTED, UNKNOWN, "unknown"}


def _at(figures: Mapping[str, Any], path: tuple[str, ...]) -> Any:
    value: Any = figures
    for key in path:
        if not isinstance(value, Mapping):
            return None
        value = value.get(key)
    return value


def _number(value: Any) -> TypeGuard[float]:
    return isinstance(value, int | float) and not isinstance(value, bool)


def headline_figures(figures: Mapping[str, Any]) -> dict[str, Any]:
    """Return the headline figures that the unit's reports recorded, in order.

    Parameters
    ----------
    figures : mapping
        The content of a unit's ``figures.json``.

    Returns
    -------
    dict
        Figure name to value, for the names of :data:`HEADLINES` whose value is
        present and not null.
    """
    found = {name: _at(figures, path) for name, path, _ in HEADLINES}
    return {name: value for name, value in found.items() if value is not None}


def headline_table(figures: Mapping[str, Any]) -> pd.DataFrame:
    """Return the headline figures as a two-column table of formatted text."""
    kinds = {name: kind for name, _, kind in HEADLINES}
    found = headline_figures(figures)
    return pd.DataFrame(
        {
            "summary_figure": [text.label(f"summary_{name}") for name in found],
            "summary_value": [FORMATS[kinds[name]](found[name]) for name in found],
        }
    )


def previous_figures(run_dir: Path, unit_folder: str) -> dict[str, Any] | None:
    """Return the unit's figures of the latest earlier report, or ``None``.

    The run folder is ``<out>/<params stem>/<as_of>``, so its sibling folders are
    the reports of the same parameter file on other dates.

    Parameters
    ----------
    run_dir : Path
        The folder of this run.
    unit_folder : str
        The unit's folder name inside a run folder.

    Returns
    -------
    dict or None
        The ``figures.json`` of the unit in the run with the latest ``as_of``
        before this one, or ``None`` when no earlier run reported on the unit.
    """
    current = _as_date(run_dir.name)
    if current is None:
        return None
    earlier = [
        (day, folder / unit_folder / FIGURES_FILE)
        for folder in run_dir.parent.iterdir()
        if (day := _as_date(folder.name)) is not None and day < current
    ]
    present = [(day, path) for day, path in earlier if path.is_file()]
    if not present:
        return None
    _, path = max(present)
    figures: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return figures


def _as_date(name: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(name)
    except ValueError:
        return None


def changes(
    current: Mapping[str, Any], previous: Mapping[str, Any] | None
) -> dict[str, Any] | None:
    """Compare the numeric headline figures of two reports.

    Parameters
    ----------
    current, previous : mapping
        The ``figures.json`` of this report and of the previous one.

    Returns
    -------
    dict or None
        ``{"previous_as_of": ..., "figures": {name: {"previous", "current",
        "change"}}}`` for every numeric headline figure of both reports, or
        ``None`` without a previous report.
    """
    if previous is None:
        return None
    now, before = headline_figures(current), headline_figures(previous)
    compared = {}
    for name, _, kind in HEADLINES:
        if _number(now.get(name)) and _number(before.get(name)):
            change = round(now[name] - before[name], _DIGITS[kind])
            compared[name] = {
                "previous": before[name],
                "current": now[name],
                "change": change,
            }
    return {"previous_as_of": previous.get("as_of"), "figures": compared}


def changes_table(compared: Mapping[str, Any]) -> pd.DataFrame:
    """Return the result of :func:`changes` as a table of formatted text."""
    kinds = {name: kind for name, _, kind in HEADLINES}
    rows = []
    for name, values in compared["figures"].items():
        show = FORMATS[kinds[name]]
        sign = "+" if values["change"] > 0 else ""
        rows.append(
            {
                "summary_figure": text.label(f"summary_{name}"),
                "summary_previous": show(values["previous"]),
                "summary_current": show(values["current"]),
                "summary_change": sign + show(values["change"]),
            }
        )
    columns = ["summary_figure", "summary_previous", "summary_current"]
    return pd.DataFrame(rows, columns=[*columns, "summary_change"])


def findings(
    figures: Mapping[str, Any],
    *,
    cold_after_days: int,
    cold_threshold: float = COLD_SHARE_THRESHOLD,
    limit: int = MAX_FINDINGS,
) -> list[dict[str, Any]]:
    """Return the findings that matter most, as sentences with their numbers.

    Each rule looks at one part of the figures and yields a finding only when
    the figures for it exist and cross its threshold. The rules, in order of
    importance:

    - cold customers, at or above ``cold_threshold`` of all customers,
    - the size class whose revenue share exceeds its customer share the most,
      by 10 points or more,
    - the cheapest and dearest channel to acquire a customer, when one costs
      twice the other,
    - the highest and lowest win rate by size class, 10 points apart or more,
    - the best-selling product,
    - the top sales rep,
    - revenue without a customer, above 5 %.

    Parameters
    ----------
    figures : mapping
        The content of a unit's ``figures.json``.
    cold_after_days : int
        Days without purchase after which a customer is cold.
    cold_threshold : float
        Share of cold customers from which they make a finding.
    limit : int
        Most findings returned.

    Returns
    -------
    list of dict
        Up to ``limit`` findings, each with ``rule`` (its sentence key) and
        ``text`` (the sentence, HTML-escaped).
    """
    rules: list[tuple[str, dict[str, Any] | None]] = [
        ("finding_cold", _cold(figures, cold_after_days, cold_threshold)),
        ("finding_size_concentration", _size_concentration(figures)),
        ("finding_cac_spread", _cac_spread(figures)),
        ("finding_win_rate_spread", _win_rate_spread(figures)),
        _top_product_rule(figures),
        ("finding_top_rep", _top_rep(figures)),
        ("finding_unattributed", _unattributed(figures)),
    ]
    found = [
        {"rule": key, "text": text.sentence(key, **values)}
        for key, values in rules
        if values is not None
    ]
    return found[:limit]


def _cold(
    figures: Mapping[str, Any], cold_after_days: int, threshold: float
) -> dict[str, Any] | None:
    share = figures.get("cold_share")
    if not _number(share) or share < threshold:
        return None
    return {
        "share": text.percent(share),
        "customers": text.count(figures.get("cold_customers")),
        "days": text.days(cold_after_days),
        "revenue": text.money(figures.get("cold_revenue")),
    }


def _size_concentration(figures: Mapping[str, Any]) -> dict[str, Any] | None:
    classes = figures.get("size_classes")
    if not isinstance(classes, Mapping):
        return None
    named = {
        name: part
        for name, part in classes.items()
        if name not in _NOT_A_CLASS and isinstance(part, Mapping)
    }
    customers = sum(part.get("customers") or 0 for part in classes.values())
    revenue = sum(part.get("revenue") or 0 for part in classes.values())
    if not named or customers <= 0 or revenue <= 0:
        return None
    lift = {
        name: (part.get("revenue") or 0) / revenue
        - (part.get("customers") or 0) / customers
        for name, part in named.items()
    }
    size = max(lift, key=lambda name: (lift[name], name))
    if lift[size] < 0.1:
        return None
    part = named[size]
    return {
        "size": size,
        "customer_share": text.percent((part.get("customers") or 0) / customers),
        "revenue_share": text.percent((part.get("revenue") or 0) / revenue),
        "revenue": text.money(part.get("revenue")),
    }


def _extremes(values: Mapping[str, Any]) -> tuple[str, str] | None:
    """Return the names of the lowest and highest number, or ``None`` below two."""
    numbers = {name: value for name, value in values.items() if _number(value)}
    if len(numbers) < 2:
        return None
    lowest = min(numbers, key=lambda name: (numbers[name], name))
    highest = max(numbers, key=lambda name: (numbers[name], name))
    return lowest, highest


def _cac_spread(figures: Mapping[str, Any]) -> dict[str, Any] | None:
    by_channel = _at(figures, ("cac", "by_channel"))
    if not isinstance(by_channel, Mapping):
        return None
    ends = _extremes(by_channel)
    if ends is None:
        return None
    lowest, highest = ends
    if by_channel[lowest] <= 0 or by_channel[highest] < 2 * by_channel[lowest]:
        return None
    return {
        "lowest": lowest,
        "lowest_cost": text.money(by_channel[lowest]),
        "highest": highest,
        "highest_cost": text.money(by_channel[highest]),
    }


def _win_rate_spread(figures: Mapping[str, Any]) -> dict[str, Any] | None:
    by_size = figures.get("size_win_rates")
    if not isinstance(by_size, Mapping):
        return None
    rates: dict[str, Any] = {
        name: part.get("win_rate")
        for name, part in by_size.items()
        if name not in _NOT_A_CLASS and isinstance(part, Mapping)
    }
    ends = _extremes(rates)
    if ends is None:
        return None
    lowest, highest = ends
    if rates[highest] - rates[lowest] < 0.1:
        return None
    return {
        "highest": highest,
        "highest_rate": text.percent(rates[highest]),
        "lowest": lowest,
        "lowest_rate": text.percent(rates[lowest]),
    }


def _top_product_rule(
    figures: Mapping[str, Any],
) -> tuple[str, dict[str, Any] | None]:
    """Return the top product's sentence key and values, without a share if unknown."""
    values = _top_product(figures)
    if values is not None and values["share"] is None:
        del values["share"]
        return "finding_top_product_revenue", values
    return "finding_top_product", values


def _top_product(figures: Mapping[str, Any]) -> dict[str, Any] | None:
    products = figures.get("top_products")
    revenue = figures.get("revenue")
    if not products or not isinstance(products[0], Mapping):
        return None
    top = products[0]
    top_revenue = top.get("revenue")
    share = None
    if _number(top_revenue) and _number(revenue) and revenue > 0:
        share = top_revenue / revenue
    return {
        "product": top.get("name") or top.get("product"),
        "revenue": text.money(top.get("revenue")),
        "share": None if share is None else text.percent(share),
    }


def _top_rep(figures: Mapping[str, Any]) -> dict[str, Any] | None:
    rep = figures.get("top_sales_rep")
    if not rep:
        return None
    return {
        "rep": rep,
        "won_value": text.money(figures.get("won_value")),
        "win_rate": text.percent(figures.get("win_rate")),
    }


def _unattributed(figures: Mapping[str, Any]) -> dict[str, Any] | None:
    share = figures.get("unattributed_share")
    if not _number(share) or share <= 0.05:
        return None
    return {
        "share": text.percent(share),
        "revenue": text.money(figures.get("unattributed_revenue")),
    }


def findings_html(found: list[dict[str, Any]]) -> str:
    """Return the findings as a numbered list; their texts are escaped already."""
    items = "".join(f"<li>{finding['text']}</li>" for finding in found)
    return f'<ol class="findings">{items}</ol>'
