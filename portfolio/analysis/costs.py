"""Costs of winning and keeping customers, and the months they take to pay back.

Definitions:

- Acquisition and retention costs are the rows of the costs table whose
  ``cost_type`` is ``acquisition`` or ``retention`` (in any case), in the calendar
  month of their ``period``. Costs of months after ``as_of`` are left out, and so
  are costs without a channel from every channel's figure but the ``"(unknown)"``
  one.
- The new customers of a month are the customers whose first purchase day falls
  in it; their channel is their acquisition channel.
- CAC (customer acquisition cost) is acquisition costs over new customers. Over
  several months, a channel's CAC covers the months from its first to its last
  month with costs, and the overall CAC the months from the first to the last
  month with any acquisition cost.
- CRC (customer retention cost) of a month is its retention costs over the
  returning customers of the month: those who bought in it and had bought before.
- The payback is the first month since acquisition (0 is the acquisition month)
  in which the cumulative gross margin per customer covers the CAC.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import ibis
import ibis.expr.types as ir
import pandas as pd

from ..engine import as_table, end_of
from ..model import UNATTRIBUTED, UNKNOWN
from .cohorts import ALL, month_index, month_start, payback_months
from .customers import purchase_days

ACQUISITION = "acquisition"
RETENTION = "retention"
CHANNEL = "acquisition_channel"


def spend_by_month(
    costs: ir.Table | pd.DataFrame, *, as_of: dt.date, cost_type: str
) -> ir.Table:
    """Add up the costs of one type per calendar month and channel.

    Parameters
    ----------
    costs
        The canonical costs table.
    as_of
        The inclusive last day of the analysis; later months are left out.
    cost_type
        ``"acquisition"`` or ``"retention"``; the costs table may spell it in any
        case.

    Returns
    -------
    ibis.expr.types.Table
        Columns ``month`` (a :func:`~portfolio.analysis.cohorts.month_index`),
        ``acquisition_channel`` (the cost's channel, ``"(unknown)"`` without one)
        and ``cost``.
    """
    table = as_table(costs)
    kind = table.cost_type.cast("string").strip().lower()
    table = table.filter(kind == cost_type, table.period.notnull())
    table = table.mutate(
        month=month_index(table.period.cast("date")),
        acquisition_channel=table.channel.coalesce(UNKNOWN),
    )
    table = table.filter(table.month <= month_index(ibis.literal(as_of)))
    return table.group_by(["month", CHANNEL]).agg(cost=table.amount.sum())


def cac_by_month(
    costs: ir.Table | pd.DataFrame | None,
    customers: ir.Table,
    channels: ir.Table,
    *,
    as_of: dt.date,
) -> pd.DataFrame:
    """Divide each month's acquisition costs of a channel by its new customers.

    Parameters
    ----------
    costs
        The canonical costs table, or None when the source has none.
    customers
        The output of :func:`~portfolio.analysis.customers.customer_table`.
    channels
        The output of :func:`~portfolio.analysis.channels.acquisition_channels`.
    as_of
        The inclusive last day of the analysis.

    Returns
    -------
    pandas.DataFrame
        One row per month (first day) and channel from the first to the last month
        with acquisition costs: ``month``, ``acquisition_channel``,
        ``acquisition_costs`` (NaN when the channel has no cost that month),
        ``new_customers`` and ``cac`` (NaN without costs or new customers). Empty
        without a costs table or an acquisition cost up to ``as_of``.
    """
    columns = ["month", CHANNEL, "acquisition_costs", "new_customers", "cac"]
    if costs is None:
        return pd.DataFrame(columns=columns)
    spend = spend_by_month(costs, as_of=as_of, cost_type=ACQUISITION).execute()
    if spend.empty:
        return pd.DataFrame(columns=columns)

    base = customers.filter(customers.in_base)
    named = channels.select("customer_id", CHANNEL)
    base = base.left_join(named, "customer_id").drop("customer_id_right")
    base = base.mutate(
        month=month_index(base.first_purchase),
        acquisition_channel=base[CHANNEL].coalesce(UNKNOWN),
    )
    new = base.group_by(["month", CHANNEL]).agg(new_customers=base.count()).execute()

    frame = spend.merge(new, on=["month", CHANNEL], how="outer")
    first, last = spend["month"].min(), spend["month"].max()
    frame = frame[frame["month"].between(first, last)].copy()
    frame["acquisition_costs"] = frame.pop("cost").astype(float).round(2)
    frame["new_customers"] = frame["new_customers"].fillna(0).astype(int)
    frame["cac"] = _ratio(frame["acquisition_costs"], frame["new_customers"])
    frame = frame.sort_values(["month", CHANNEL])
    frame["month"] = frame["month"].map(month_start)
    return frame[columns].reset_index(drop=True)


def cac_by_channel(monthly: pd.DataFrame) -> pd.DataFrame:
    """Add up the monthly CAC table per channel over the months of its costs.

    Parameters
    ----------
    monthly
        The output of :func:`cac_by_month`.

    Returns
    -------
    pandas.DataFrame
        One row per channel by CAC, lowest first (channels without a CAC last):
        ``acquisition_channel``, ``acquisition_costs``, ``first_month`` and
        ``last_month`` (of its costs, NaT without costs), ``new_customers`` (in
        those months) and ``cac``.
    """
    columns = [CHANNEL, "acquisition_costs", "first_month", "last_month"]
    if monthly.empty:
        return pd.DataFrame(columns=[*columns, "new_customers", "cac"])
    paid = monthly[monthly["acquisition_costs"].notna()]
    span = paid.groupby(CHANNEL).agg(
        first_month=("month", "min"), last_month=("month", "max")
    )
    frame = monthly.merge(span, on=CHANNEL, how="left")
    inside = frame["month"].between(frame["first_month"], frame["last_month"])
    frame = frame[inside | frame["first_month"].isna()]

    totals = frame.groupby(CHANNEL, as_index=False).agg(
        acquisition_costs=("acquisition_costs", lambda cost: cost.sum(min_count=1)),
        new_customers=("new_customers", "sum"),
    )
    totals = totals.merge(span.reset_index(), on=CHANNEL, how="left")
    totals["acquisition_costs"] = totals["acquisition_costs"].round(2)
    totals["cac"] = _ratio(totals["acquisition_costs"], totals["new_customers"])
    totals = totals.sort_values(["cac", CHANNEL], na_position="last")
    return totals[[*columns, "new_customers", "cac"]].reset_index(drop=True)


def cac_overall(monthly: pd.DataFrame) -> pd.DataFrame:
    """Divide all acquisition costs by all new customers of the months they cover.

    Parameters
    ----------
    monthly
        The output of :func:`cac_by_month`.

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`cac_by_channel` in one row whose channel is
        ``"all"``; no row when ``monthly`` is empty.
    """
    return cac_by_channel(monthly.assign(**{CHANNEL: ALL}))


def crc_by_month(
    costs: ir.Table | pd.DataFrame | None,
    orders: ir.Table | pd.DataFrame,
    customers: ir.Table,
    *,
    as_of: dt.date,
) -> pd.DataFrame:
    """Divide each month's retention costs by the month's returning customers.

    Parameters
    ----------
    costs
        The canonical costs table, or None when the source has none.
    orders
        Canonical order lines.
    customers
        The output of :func:`~portfolio.analysis.customers.customer_table`.
    as_of
        The inclusive last day of the analysis.

    Returns
    -------
    pandas.DataFrame
        One row per month (first day) from the first to the last month with
        retention costs: ``month``, ``retention_costs``, ``returning_customers``
        (customers with a purchase day in the month and one in an earlier month)
        and ``crc`` (NaN without returning customers). Empty without a costs
        table or a retention cost up to ``as_of``.
    """
    columns = ["month", "retention_costs", "returning_customers", "crc"]
    if costs is None:
        return pd.DataFrame(columns=columns)
    spend = spend_by_month(costs, as_of=as_of, cost_type=RETENTION)
    spend = spend.group_by("month").agg(retention_costs=spend.cost.sum()).execute()
    if spend.empty:
        return pd.DataFrame(columns=columns)

    days = purchase_days(orders, as_of=as_of)
    active = days.select("customer_id", month=month_index(days.day)).distinct()
    base = customers.filter(customers.in_base)
    cohorts = base.select("customer_id", cohort=month_index(base.first_purchase))
    active = active.inner_join(cohorts, "customer_id")
    back = active.filter(active.month > active.cohort)
    counts = back.group_by("month").agg(returning_customers=back.count()).execute()

    months = range(int(spend["month"].min()), int(spend["month"].max()) + 1)
    frame = pd.DataFrame({"month": months}).merge(spend, on="month", how="left")
    frame = frame.merge(counts, on="month", how="left")
    frame["retention_costs"] = frame["retention_costs"].astype(float).round(2)
    frame["returning_customers"] = frame["returning_customers"].fillna(0).astype(int)
    frame["crc"] = _ratio(frame["retention_costs"], frame["returning_customers"])
    frame["month"] = frame["month"].map(month_start)
    return frame[columns]


def crc_overall(monthly: pd.DataFrame) -> dict[str, Any] | None:
    """Divide all retention costs by the returning customers summed over months.

    The result is a cost per returning customer and month: a customer who comes
    back in three months counts three times.

    Returns
    -------
    dict or None
        ``retention_costs``, ``returning_customers`` (summed over the months),
        ``crc`` (None without returning customers); None when ``monthly`` is empty.
    """
    if monthly.empty:
        return None
    cost = round(float(monthly["retention_costs"].sum()), 2)
    back = int(monthly["returning_customers"].sum())
    return {
        "retention_costs": cost,
        "returning_customers": back,
        "crc": round(cost / back, 2) if back else None,
    }


def unit_economics(
    cac: pd.DataFrame,
    value: pd.DataFrame,
    curve: pd.DataFrame,
    *,
    column: str = CHANNEL,
    gross_margin_rate: float = 1.0,
) -> pd.DataFrame:
    """Set each group's CAC beside its lifetime value and payback.

    Parameters
    ----------
    cac
        A table with ``column``, ``new_customers`` and ``cac``, such as
        :func:`cac_by_channel`.
    value
        The output of :func:`~portfolio.analysis.cohorts.first_year_value` with the
        same ``gross_margin_rate``.
    curve
        The output of :func:`~portfolio.analysis.cohorts.cohort_curve`.
    column
        The group column shared by the three tables.
    gross_margin_rate
        The share of net revenue kept as gross margin.

    Returns
    -------
    pandas.DataFrame
        One row per group of ``cac``: ``column``, ``new_customers``, ``cac``,
        ``ltv`` (first-year gross margin per customer), ``ltv_to_cac`` (2
        decimals) and ``payback_months``.
    """
    frame = cac[[column, "new_customers", "cac"]].merge(
        value[[column, "ltv"]], on=column, how="left"
    )
    frame["ltv_to_cac"] = _ratio(frame["ltv"], frame["cac"])
    payback = payback_months(
        curve, cac, column=column, gross_margin_rate=gross_margin_rate
    )
    return frame.merge(payback, on=column, how="left")


def sales_cycle_by_channel(
    opportunities: ir.Table | pd.DataFrame,
    channels: ir.Table,
    *,
    as_of: dt.date,
) -> pd.DataFrame:
    """Measure the median days from creation to closing of won deals per channel.

    A deal's channel is its own ``channel``, else the acquisition channel of its
    customer, else ``"(unknown)"``. A deal counts when it is won by ``as_of`` and
    has both days.

    Returns
    -------
    pandas.DataFrame
        Columns ``acquisition_channel``, ``won_deals`` and
        ``median_sales_cycle_days``, shortest cycle first.
    """
    deals = as_table(opportunities)
    won = deals.filter(
        deals.stage == "won",
        deals.created_date.notnull(),
        deals.closed_date < end_of(as_of),
    )
    named = channels.select("customer_id", customer_channel=channels[CHANNEL])
    won = won.left_join(named, "customer_id").drop("customer_id_right")
    channel = won.channel.coalesce(won.customer_channel).coalesce(UNKNOWN)
    cycle = won.closed_date.cast("date").delta(
        won.created_date.cast("date"), unit="day"
    )
    won = won.mutate(acquisition_channel=channel, cycle_days=cycle)
    grouped = won.group_by(CHANNEL).agg(
        won_deals=won.count(), median_sales_cycle_days=won.cycle_days.median()
    )
    frame = grouped.execute()
    frame["won_deals"] = frame["won_deals"].astype(int)
    frame["median_sales_cycle_days"] = frame["median_sales_cycle_days"].astype(float)
    ordered = frame.sort_values(["median_sales_cycle_days", CHANNEL])
    return ordered.reset_index(drop=True)


def quick_wins(
    cac: pd.DataFrame,
    cycles: pd.DataFrame | None = None,
    *,
    top: int = 3,
    min_deals: int = 10,
) -> dict[str, list[str]]:
    """Name the known channels with the lowest CAC and the shortest sales cycle.

    Parameters
    ----------
    cac
        The output of :func:`cac_by_channel`.
    cycles
        The output of :func:`sales_cycle_by_channel`, or None without deals.
    top
        How many channels to name in each list at most.
    min_deals
        A channel needs at least this many won deals to rank by sales cycle.

    Returns
    -------
    dict
        ``lowest_cac`` and ``shortest_cycle``: channel names, best first. A channel
        ranks by CAC only when it has costs and new customers.
    """
    unnamed = [UNKNOWN, UNATTRIBUTED]
    priced = cac[cac["cac"].notna() & ~cac[CHANNEL].isin(unnamed)]
    cheapest = priced.sort_values(["cac", CHANNEL])[CHANNEL].head(top).tolist()
    fastest: list[str] = []
    if cycles is not None:
        named = cycles[~cycles[CHANNEL].isin(unnamed)]
        enough = named[named["won_deals"] >= min_deals]
        enough = enough.dropna(subset=["median_sales_cycle_days"])
        ordered = enough.sort_values(["median_sales_cycle_days", CHANNEL])
        fastest = ordered[CHANNEL].head(top).tolist()
    return {"lowest_cac": cheapest, "shortest_cycle": fastest}


def _ratio(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    """Divide, leaving NaN where the denominator is missing or zero."""
    kept = denominator.astype(float).where(denominator > 0)
    return (numerator.astype(float) / kept).round(2)
