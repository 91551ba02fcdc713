"""Deals and acquisition costs per company size class, and the data they lack.

Win rates and sales cycles of each size class, the acquisition cost of its new
customers, and the table or column that each of these figures needs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import ibis
import ibis.expr.types as ir
import pandas as pd

from ..engine import as_table
from ..model import DEFAULT_SIZE_BOUNDS, SIZE_CLASSES
from .size import INDIVIDUAL, _check_size_class, _ratio, with_size_class

COST_SEGMENTS = (*DEFAULT_SIZE_BOUNDS, "large", INDIVIDUAL)
"""Size classes that a cost's ``segment`` can name, in any case."""

DEAL_COUNTS = ["won_deals", "lost_deals", "open_deals"]


def size_data_gaps(
    *,
    records: ir.Table | pd.DataFrame | None,
    opportunities: ir.Table | pd.DataFrame | None,
    costs: ir.Table | pd.DataFrame | None,
) -> dict[str, str | None]:
    """Name, for each part of the size breakdown, the data that it lacks.

    Parameters
    ----------
    records
        The canonical customers table, or None.
    opportunities
        The canonical opportunities table, or None.
    costs
        The canonical costs table, or None.

    Returns
    -------
    dict
        For ``classes``, ``win_rates``, ``sales_cycle`` and ``cac``: None when the
        part can be computed, else the code of what is missing:

        - ``customers``: no customers table.
        - ``measures``: no record has a head count, an annual revenue or the
          ``individual`` type.
        - ``opportunities``: no deal.
        - ``deal_customers``: no deal names a customer.
        - ``deal_dates``: no won deal has both a creation and a closing day.
        - ``costs``: no costs table.
        - ``cost_segments``: no acquisition cost has a ``segment`` naming a size
          class.
    """
    deals = _missing_deals(opportunities)
    return {
        "classes": _missing_measures(records),
        "win_rates": deals,
        "sales_cycle": deals or _missing_deal_dates(opportunities),
        "cac": _missing_cost_segments(costs),
    }


def _missing_measures(records: ir.Table | pd.DataFrame | None) -> str | None:
    if records is None:
        return "customers"
    table = as_table(records)
    individual = table.customer_type.cast("string").lower() == INDIVIDUAL
    usable = table.employees.notnull() | table.company_revenue.notnull() | individual
    return None if usable.any().execute() else "measures"


def _missing_deals(opportunities: ir.Table | pd.DataFrame | None) -> str | None:
    if opportunities is None:
        return "opportunities"
    table = as_table(opportunities)
    if not table.count().execute():
        return "opportunities"
    return None if table.customer_id.notnull().any().execute() else "deal_customers"


def _missing_deal_dates(opportunities: ir.Table | pd.DataFrame | None) -> str | None:
    if opportunities is None:
        return "opportunities"
    table = as_table(opportunities)
    dated = table.created_date.notnull() & table.closed_date.notnull()
    return None if ((table.stage == "won") & dated).any().execute() else "deal_dates"


def _missing_cost_segments(costs: ir.Table | pd.DataFrame | None) -> str | None:
    if costs is None:
        return "costs"
    sized = _acquisition_by_size(as_table(costs))
    return None if sized.count().execute() else "cost_segments"


def size_deals(
    opportunities: ir.Table | pd.DataFrame,
    records: ir.Table | pd.DataFrame | None,
    *,
    as_of: dt.date,
    bounds: Mapping[str, Mapping[str, Any]] | None = None,
) -> pd.DataFrame:
    """Count won, lost and open deals per size class of their customer.

    Deals created after ``as_of`` are left out, and a deal closed after ``as_of``
    was still open on that day. A deal without a customer, or whose customer has
    no record, counts under ``unknown``.

    Parameters
    ----------
    opportunities
        The canonical opportunities table.
    records
        The canonical customers table, or None when the source has none.
    as_of
        The inclusive last day of the analysis.
    bounds
        Size bounds, as for :func:`~portfolio.analysis.size.size_classes`.

    Returns
    -------
    pandas.DataFrame
        One row per class of :data:`~portfolio.model.SIZE_CLASSES` with
        ``won_deals``, ``lost_deals``, ``open_deals``, ``win_rate`` (won over won
        plus lost) and ``median_sales_cycle_days`` (days from the creation to the
        closing day of won deals that have both, leaving out deals closed before
        they were created). Both are NaN when the class has no such deal.
    """
    table = as_table(opportunities)
    dated = table.mutate(
        created=table.created_date.cast("date"), closed=table.closed_date.cast("date")
    )
    dated = dated.filter(dated.created.isnull() | (dated.created <= as_of))
    closed_later = dated.closed.notnull() & (dated.closed > as_of)
    deals = dated.select(
        "customer_id",
        stage=ibis.ifelse(closed_later, "open", dated.stage),
        cycle_days=dated.closed.delta(dated.created, unit="day"),
    )
    deals = with_size_class(deals, records, bounds=bounds)

    won = deals.stage == "won"
    timed = won & (deals.cycle_days >= 0)
    grouped = deals.group_by("size_class").agg(
        won_deals=won.sum(),
        lost_deals=(deals.stage == "lost").sum(),
        open_deals=(deals.stage == "open").sum(),
        median_sales_cycle_days=deals.cycle_days.median(where=timed),
    )
    result = grouped.execute().set_index("size_class").reindex(SIZE_CLASSES)
    result[DEAL_COUNTS] = result[DEAL_COUNTS].fillna(0).astype(int)
    won_deals, lost_deals = result["won_deals"], result["lost_deals"]
    result["win_rate"] = _ratio(won_deals, won_deals + lost_deals)
    result["median_sales_cycle_days"] = result["median_sales_cycle_days"].astype(float)
    columns = [*DEAL_COUNTS, "win_rate", "median_sales_cycle_days"]
    return result[columns].rename_axis("size_class").reset_index()


def size_cac(
    costs: ir.Table | pd.DataFrame, customers: ir.Table, *, as_of: dt.date
) -> pd.DataFrame:
    """Divide each size class's acquisition costs by its new customers.

    A cost counts for a class when its ``cost_type`` is ``acquisition`` and its
    ``segment`` names the class, in any case. The class's new customers are its
    customers whose first purchase day falls in the months those costs cover,
    from the first day of the first month to the last day of the last month.

    Parameters
    ----------
    costs
        The canonical costs table.
    customers
        :func:`~portfolio.analysis.customers.customer_table` with ``size_class``.
    as_of
        The inclusive last day of the analysis; costs of later months are left out.

    Returns
    -------
    pandas.DataFrame
        One row per class of :data:`~portfolio.model.SIZE_CLASSES` with
        ``acquisition_costs``, ``first_month``, ``last_month``, ``new_customers``
        and ``cac`` (costs over new customers). Costs and CAC are NaN for a class
        that no cost names, and CAC is NaN for a class without new customers.
    """
    _check_size_class(customers)
    sized = _acquisition_by_size(as_table(costs))
    sized = sized.filter(sized.month <= as_of)
    spend = sized.group_by("size_class").agg(
        acquisition_costs=sized.amount.sum(),
        first_month=sized.month.min(),
        last_month=sized.month.max(),
    )
    spend = spend.mutate(end=(spend.last_month + ibis.interval(months=1)).cast("date"))

    base = customers.filter(customers.in_base).select("size_class", "first_purchase")
    joined = base.inner_join(spend, "size_class")
    started = joined.first_purchase >= joined.first_month
    new = joined.filter(started, joined.first_purchase < joined.end)
    counts = new.group_by("size_class").agg(new_customers=new.count())
    result = spend.left_join(counts, "size_class").drop("size_class_right").execute()

    result = result.set_index("size_class").reindex(SIZE_CLASSES)
    result["acquisition_costs"] = result["acquisition_costs"].astype(float).round(2)
    result["new_customers"] = result["new_customers"].fillna(0).astype(int)
    result["cac"] = _ratio(result["acquisition_costs"], result["new_customers"], 2)
    columns = ["acquisition_costs", "first_month", "last_month", "new_customers", "cac"]
    return result[columns].rename_axis("size_class").reset_index()


def _acquisition_by_size(costs: ir.Table) -> ir.Table:
    """Keep acquisition costs whose segment names a size class, with that class."""
    segment = costs.segment.cast("string").strip().lower()
    cases = [(segment == name.lower(), name) for name in COST_SEGMENTS]
    named = costs.mutate(
        size_class=ibis.cases(*cases, else_=ibis.null().cast("string")),
        month=costs.period.cast("date"),
    )
    kind = named.cost_type.cast("string").strip().lower()
    return named.filter(kind == "acquisition", named.size_class.notnull())
