"""Deals of the sales team.

Win rate, sales cycle and won value per unit and per rep, and each rep's strengths.
The leaderboard that ranks the reps is in :mod:`portfolio.analysis.ranking`.

Definitions:

- A deal is seen as it stood at the end of ``as_of``. Deals created after ``as_of``
  are left out, and a deal won or lost after ``as_of`` still counts as open.
- The win rate is ``won / (won + lost)``. Open deals are left out of it.
- The sales cycle of a won deal is the number of days from ``created_date`` to
  ``closed_date``. Won deals missing either day, or closed before they were
  created, have no cycle.
- A deal without a sales rep belongs to the rep ``"(unknown)"``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import ibis
import ibis.expr.types as ir
import pandas as pd

from ..engine import as_table
from ..model import UNKNOWN
from .size import UNKNOWN_SIZE, with_size_class

STRENGTH_DIMENSIONS = ("size_class", "sector", "product")
"""Dimensions of a rep's strength: the company size class, sector or product."""

DEAL_COLUMNS = [
    "won_deals",
    "lost_deals",
    "open_deals",
    "win_rate",
    "won_value",
    "average_won_value",
    "median_sales_cycle_days",
]


def deals_as_of(opportunities: ir.Table | pd.DataFrame, *, as_of: dt.date) -> ir.Table:
    """Return the deals as they stood at the end of ``as_of``.

    Parameters
    ----------
    opportunities
        The canonical opportunities table.
    as_of
        The inclusive last day of the analysis.

    Returns
    -------
    ibis.expr.types.Table
        The deals created up to ``as_of`` or on an unknown day. A deal closed
        after ``as_of`` has the ``stage`` ``open``, and a deal without a rep has
        the ``sales_rep`` ``"(unknown)"``. ``created_date`` and ``closed_date``
        are dates, ``value`` is a float, and ``cycle_days`` counts the days from
        creation to closing of a won deal closed on or after its known creation
        day (null otherwise).
    """
    table = as_table(opportunities)
    table = table.mutate(
        created_date=table.created_date.cast("date"),
        closed_date=table.closed_date.cast("date"),
        value=table.value.cast("float64"),
    )
    day = ibis.literal(as_of)
    table = table.filter(table.created_date.isnull() | (table.created_date <= day))

    closed_later = table.closed_date.notnull() & (table.closed_date > day)
    stage = ibis.ifelse(closed_later, "open", table.stage)
    cycle = table.closed_date.delta(table.created_date, unit="day")
    timed = (stage == "won") & (cycle >= 0)
    return table.mutate(
        stage=stage,
        sales_rep=table.sales_rep.coalesce(UNKNOWN),
        cycle_days=ibis.ifelse(timed, cycle, ibis.null().cast("int64")),
    )


def _deal_metrics(deals: ir.Table) -> dict[str, ir.Value]:
    won = deals.stage == "won"
    return {
        "won_deals": won.sum(),
        "lost_deals": (deals.stage == "lost").sum(),
        "open_deals": (deals.stage == "open").sum(),
        "won_value": deals.value.sum(where=won),
        "median_sales_cycle_days": deals.cycle_days.median(),
    }


def _finish(frame: pd.DataFrame) -> pd.DataFrame:
    """Add the win rate and average won value to counted deals, in whole cents."""
    for name in ("won_deals", "lost_deals", "open_deals"):
        frame[name] = frame[name].fillna(0).astype(int)
    frame["won_value"] = frame["won_value"].astype(float).fillna(0.0).round(2)
    closed = frame["won_deals"] + frame["lost_deals"]
    frame["win_rate"] = frame["won_deals"] / closed.where(closed > 0)
    won = frame["won_deals"].where(frame["won_deals"] > 0)
    frame["average_won_value"] = (frame["won_value"] / won).round(2)
    frame["median_sales_cycle_days"] = frame["median_sales_cycle_days"].astype(float)
    return frame


def deal_summary(
    opportunities: ir.Table | pd.DataFrame, *, as_of: dt.date
) -> dict[str, Any]:
    """Count the won, lost and open deals of a unit and measure how they close.

    Parameters
    ----------
    opportunities
        The canonical opportunities table.
    as_of
        The inclusive last day of the analysis.

    Returns
    -------
    dict
        ``won_deals``, ``lost_deals``, ``open_deals``, ``win_rate`` (won over won
        plus lost, 4 decimals, None without a closed deal), ``won_value``,
        ``average_won_value`` (None without a won deal) and
        ``median_sales_cycle_days`` (None without a won deal that has both days).

    Examples
    --------
    Three won deals, one lost and two open give a win rate of 3 / (3 + 1) = 0.75.
    """
    deals = deals_as_of(opportunities, as_of=as_of)
    frame = _finish(deals.aggregate(**_deal_metrics(deals)).execute())
    # The unit's rate is a headline figure, stored to 4 decimals like the others;
    # per-rep rates stay exact so that tables round them only once.
    frame["win_rate"] = frame["win_rate"].round(4)
    return {name: _plain(frame[name].iloc[0]) for name in DEAL_COLUMNS}


def _plain(value: Any) -> Any:
    """Turn a numpy number into a Python one and a missing value into None."""
    if value is None or pd.isna(value):
        return None
    return value.item() if hasattr(value, "item") else value


def deals_by_rep(
    opportunities: ir.Table | pd.DataFrame, *, as_of: dt.date
) -> pd.DataFrame:
    """Count each rep's won, lost and open deals and measure how they close.

    Parameters
    ----------
    opportunities
        The canonical opportunities table.
    as_of
        The inclusive last day of the analysis.

    Returns
    -------
    pandas.DataFrame
        One row per rep, deals without a rep under ``"(unknown)"``: ``sales_rep``,
        ``won_deals``, ``lost_deals``, ``open_deals``, ``win_rate``, ``won_value``,
        ``average_won_value`` and ``median_sales_cycle_days``, by won value, highest
        first, then by name. The counts and won values add up to
        :func:`deal_summary`.
    """
    deals = deals_as_of(opportunities, as_of=as_of)
    grouped = deals.group_by("sales_rep").agg(**_deal_metrics(deals)).execute()
    frame = _finish(grouped)[["sales_rep", *DEAL_COLUMNS]]
    frame = frame.sort_values(["won_value", "sales_rep"], ascending=[False, True])
    return frame.reset_index(drop=True)


def top_sales_rep(by_rep: pd.DataFrame) -> str | None:
    """Return the named rep with the highest won value; ties go to the first name.

    Parameters
    ----------
    by_rep
        The output of :func:`deals_by_rep`.

    Returns
    -------
    str or None
        The rep's name, or None when no named rep has won value above zero.
        Deals without a rep (``"(unknown)"``) never make a top rep.
    """
    named = by_rep[(by_rep["sales_rep"] != UNKNOWN) & (by_rep["won_value"] > 0)]
    if named.empty:
        return None
    ordered = named.sort_values(["won_value", "sales_rep"], ascending=[False, True])
    return str(ordered["sales_rep"].iloc[0])


def deal_strengths(
    opportunities: ir.Table | pd.DataFrame,
    *,
    as_of: dt.date,
    records: ir.Table | pd.DataFrame | None = None,
    bounds: Mapping[str, Mapping[str, Any]] | None = None,
    min_deals: int = 10,
) -> pd.DataFrame:
    """Find where each rep wins more often than the team.

    A strength is a company size class, a sector or a product on which the rep
    closed at least ``min_deals`` deals with a win rate above the team's win rate on
    the same size class, sector or product. The team is every deal of the unit,
    the rep's own included. Unknown values and deals without a rep make no strength.

    Parameters
    ----------
    opportunities
        The canonical opportunities table.
    as_of
        The inclusive last day of the analysis.
    records
        The canonical customers table, for the size class and the sector of each
        deal's customer; without it both are unknown.
    bounds
        Company size bounds, as for :func:`~portfolio.analysis.size.size_classes`.
    min_deals
        The fewest closed deals (won or lost) a rep needs on a value.

    Returns
    -------
    pandas.DataFrame
        Columns ``sales_rep``, ``dimension`` (``size_class``, ``sector`` or
        ``product``), ``strength`` (the class, sector or product),
        ``closed_deals``, ``won_deals``, ``win_rate`` and ``team_win_rate``, by
        rep, then by the lead over the team, largest first.
    """
    if min_deals < 1:
        raise ValueError(f"min_deals must be at least 1, got {min_deals}.")
    deals = deals_as_of(opportunities, as_of=as_of)
    closed = deals.filter(deals.stage.isin(["won", "lost"]))
    described = _describe_deals(closed, records, bounds)

    long = ibis.union(
        *[
            described.select(
                "sales_rep",
                "won",
                dimension=ibis.literal(name),
                strength=described[name],
            )
            for name in STRENGTH_DIMENSIONS
        ]
    )
    team = long.group_by(["dimension", "strength"]).agg(
        team_win_rate=long.won.cast("float64").mean()
    )
    rep = long.group_by(["sales_rep", "dimension", "strength"]).agg(
        closed_deals=long.count(), won_deals=long.won.cast("int64").sum()
    )
    joined = rep.inner_join(team, ["dimension", "strength"])
    joined = joined.mutate(win_rate=joined.won_deals / joined.closed_deals)
    strong = joined.filter(
        joined.closed_deals >= min_deals,
        joined.win_rate > joined.team_win_rate,
        joined.sales_rep != UNKNOWN,
        ~joined.strength.isin([UNKNOWN, UNKNOWN_SIZE]),
    )
    return _order_strengths(strong.execute())


def _describe_deals(
    closed: ir.Table,
    records: ir.Table | pd.DataFrame | None,
    bounds: Mapping[str, Mapping[str, Any]] | None,
) -> ir.Table:
    """Add the size class, sector and product of each closed deal, and ``won``."""
    sized = with_size_class(closed, records, bounds=bounds)
    if records is None:
        sector: ir.Value = ibis.literal(UNKNOWN)
    else:
        sectors = as_table(records).select("customer_id", customer_sector="sector")
        sized = sized.left_join(sectors, "customer_id").drop("customer_id_right")
        sector = sized.customer_sector.coalesce(UNKNOWN)
    product = sized.product_name.coalesce(sized.product_id).coalesce(UNKNOWN)
    return sized.select(
        "sales_rep",
        won=sized.stage == "won",
        size_class=sized.size_class,
        sector=sector,
        product=product,
    )


def _order_strengths(frame: pd.DataFrame) -> pd.DataFrame:
    frame["lead"] = frame["win_rate"].astype(float) - frame["team_win_rate"]
    frame["win_rate"] = frame["win_rate"].astype(float)
    frame["team_win_rate"] = frame["team_win_rate"].astype(float)
    frame = frame.sort_values(
        ["sales_rep", "lead", "dimension", "strength"],
        ascending=[True, False, True, True],
    )
    columns = [
        "sales_rep",
        "dimension",
        "strength",
        "closed_deals",
        "won_deals",
        "win_rate",
        "team_win_rate",
    ]
    return frame[columns].reset_index(drop=True)
