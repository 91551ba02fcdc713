"""Acquisition channels: the channel that brought each customer, and what it is worth.

The channel of a customer comes from their record, else their earliest lead, else
their first order line that names one, else it is ``"(unknown)"``. Lines without a
customer have no acquisition channel: they form their own ``"unattributed"`` row, so
that every breakdown adds up to the revenue of all lines.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import ibis
import ibis.expr.types as ir
import pandas as pd

from ..engine import as_table, end_of
from ..model import UNATTRIBUTED, UNKNOWN
from .cohorts import YEAR_DAYS, month_index, month_start
from .customers import attributed_lines, unattributed

CHANNEL_SOURCES = ("customer", "lead", "first order", "unknown")
"""Sources of a customer's channel, in order of precedence."""

TOTAL = "total"
"""Label of the row that adds up every lead channel."""

SUMMARY_COLUMNS = [
    "acquisition_channel",
    "customers",
    "revenue",
    "revenue_share",
    "revenue_per_customer",
    "repeat_rate",
    "customers_year_ago",
    "retained_within_year",
    "median_days_to_second",
]


def acquisition_channels(
    orders: ir.Table | pd.DataFrame,
    *,
    as_of: dt.date,
    records: ir.Table | pd.DataFrame | None = None,
    leads: ir.Table | pd.DataFrame | None = None,
) -> ir.Table:
    """Find the channel that brought each customer who has an order line.

    The channel is the customer record's ``acquisition_channel``, else the channel
    of the customer's earliest lead, else the channel of the first order line that
    names one, else ``"(unknown)"``.

    Parameters
    ----------
    orders
        Canonical order lines.
    as_of
        The inclusive last day of the analysis.
    records
        The canonical customers table, if any.
    leads
        The canonical leads table, if any.

    Returns
    -------
    ibis.expr.types.Table
        Columns ``customer_id``, ``acquisition_channel`` and ``channel_source``
        (``customer``, ``lead``, ``first order`` or ``unknown``).
    """
    lines = attributed_lines(orders, as_of=as_of)
    base = lines.select("customer_id").distinct()
    candidates = [("customer", _from_records(records))]
    candidates.append(("lead", _from_leads(leads)))
    candidates.append(("first order", _from_first_order(lines)))

    channel: ir.Value = ibis.null().cast("string")
    source: ir.Value = ibis.null().cast("string")
    for label, found in candidates:
        if found is None:
            continue
        name = f"channel_{label.replace(' ', '_')}"
        base = base.left_join(found.rename({name: "channel"}), "customer_id")
        base = base.drop("customer_id_right")
        channel = channel.coalesce(base[name])
        source = ibis.ifelse(source.isnull() & base[name].notnull(), label, source)
    result = base.select(
        "customer_id",
        acquisition_channel=channel.coalesce(UNKNOWN),
        channel_source=source.coalesce("unknown"),
    )
    return result


def _from_records(records: ir.Table | pd.DataFrame | None) -> ir.Table | None:
    if records is None:
        return None
    table = as_table(records)
    known = table.filter(table.acquisition_channel.notnull())
    return known.select("customer_id", channel=known.acquisition_channel)


def _from_leads(leads: ir.Table | pd.DataFrame | None) -> ir.Table | None:
    if leads is None:
        return None
    table = as_table(leads)
    known = table.filter(table.customer_id.notnull(), table.channel.notnull())
    window = ibis.window(
        group_by=known.customer_id, order_by=[known.first_contact_date, known.lead_id]
    )
    ranked = known.mutate(rank=ibis.row_number().over(window))
    first = ranked.filter(ranked["rank"] == 0)
    return first.select("customer_id", "channel")


def _from_first_order(lines: ir.Table) -> ir.Table:
    known = lines.filter(lines.channel.notnull())
    window = ibis.window(
        group_by=known.customer_id, order_by=[known.order_date, known.order_id]
    )
    ranked = known.mutate(rank=ibis.row_number().over(window))
    first = ranked.filter(ranked["rank"] == 0)
    return first.select("customer_id", "channel")


def channel_summary(
    customers: ir.Table,
    channels: ir.Table,
    orders: ir.Table | pd.DataFrame,
    *,
    as_of: dt.date,
) -> pd.DataFrame:
    """Measure the customers that each acquisition channel brought and what they buy.

    Parameters
    ----------
    customers
        The output of :func:`~portfolio.analysis.customers.customer_table`.
    channels
        The output of :func:`acquisition_channels`.
    orders
        The same order lines, to add the revenue of lines without a customer.
    as_of
        The inclusive last day of the analysis.

    Returns
    -------
    pandas.DataFrame
        One row per channel by customers, most first, then ``"unattributed"`` for
        lines without a customer. Columns: ``acquisition_channel``, ``customers``
        (in the base), ``revenue`` (net, of every customer of the channel),
        ``revenue_share`` and ``revenue_per_customer``. Then ``repeat_rate``, the
        share of customers with two purchase days or more, and
        ``customers_year_ago``, those whose first purchase is at least 365 days
        before ``as_of``. Of these, ``retained_within_year`` is the share who bought
        again within 365 days of their first purchase. ``median_days_to_second``
        counts the days from the first to the second purchase day. The revenue
        column adds up to the revenue of all lines.
    """
    joined = _with_channel(customers, channels)

    base = joined.in_base
    cutoff = as_of - dt.timedelta(days=YEAR_DAYS)
    grown = base & (joined.first_purchase <= cutoff)
    gap = joined.second_purchase.delta(joined.first_purchase, unit="day")
    kept = grown & gap.notnull() & (gap <= YEAR_DAYS)
    grouped = joined.group_by("acquisition_channel").agg(
        customers=base.sum(),
        revenue=joined.revenue.sum(),
        repeat_customers=(base & (joined.purchase_days >= 2)).sum(),
        customers_year_ago=grown.sum(),
        retained=kept.sum(),
        median_days_to_second=gap.median(),
    )
    frame = grouped.execute()
    frame = frame.sort_values(
        ["customers", "acquisition_channel"], ascending=[False, True]
    )
    frame = pd.concat([frame, _unattributed_row(orders, as_of)], ignore_index=True)
    return _channel_ratios(frame)


def _with_channel(customers: ir.Table, channels: ir.Table) -> ir.Table:
    """Add each customer's acquisition channel to the customer table."""
    named = channels.select("customer_id", "acquisition_channel")
    joined = customers.left_join(named, "customer_id").drop("customer_id_right")
    return joined.mutate(
        acquisition_channel=joined.acquisition_channel.coalesce(UNKNOWN)
    )


def _unattributed_row(orders: ir.Table | pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    revenue = unattributed(orders, as_of=as_of)["unattributed_revenue"]
    counts = dict.fromkeys(
        ["customers", "repeat_customers", "customers_year_ago", "retained"], 0
    )
    return pd.DataFrame(
        [{"acquisition_channel": UNATTRIBUTED, "revenue": revenue, **counts}]
    )


def _channel_ratios(frame: pd.DataFrame) -> pd.DataFrame:
    """Turn the counts of :func:`channel_summary` into shares and averages."""
    counts = ["customers", "repeat_customers", "customers_year_ago", "retained"]
    frame[counts] = frame[counts].fillna(0).astype(int)
    frame["revenue"] = frame["revenue"].astype(float).fillna(0.0).round(2)
    total = frame["revenue"].sum()
    frame["revenue_share"] = (frame["revenue"] / total).round(4) if total else 0.0

    customers = frame["customers"].where(frame["customers"] > 0)
    grown = frame["customers_year_ago"].where(frame["customers_year_ago"] > 0)
    frame["revenue_per_customer"] = (frame["revenue"] / customers).round(2)
    frame["repeat_rate"] = (frame["repeat_customers"] / customers).round(4)
    frame["retained_within_year"] = (frame["retained"] / grown).round(4)
    frame["median_days_to_second"] = frame["median_days_to_second"].astype(float)
    return frame[SUMMARY_COLUMNS].reset_index(drop=True)


def ranked_channels(
    table: pd.DataFrame,
    column: str,
    *,
    ascending: bool = False,
    key: str = "acquisition_channel",
) -> pd.DataFrame:
    """Order the named channels of a table by one column, leaving out missing values.

    Parameters
    ----------
    table
        A table of channels, such as :func:`channel_summary` or
        :func:`lead_conversion`.
    column
        The column to order by; ties go to the first channel name.
    ascending
        Smallest first when True, largest first by default.
    key
        The column that names the channel.

    Returns
    -------
    pandas.DataFrame
        The rows of ``table`` without ``"(unknown)"``, ``"unattributed"``,
        ``"total"`` and missing values of ``column``, in order.
    """
    named = table[~table[key].isin([UNKNOWN, UNATTRIBUTED, TOTAL])]
    named = named.dropna(subset=[column])
    order = [column, key]
    ranked = named.sort_values(order, ascending=[ascending, True])
    return ranked.reset_index(drop=True)


def new_customers_by_month(customers: ir.Table, channels: ir.Table) -> pd.DataFrame:
    """Count the customers whose first purchase falls in each month, per channel.

    Returns
    -------
    pandas.DataFrame
        Columns ``month`` (first day of the month), ``acquisition_channel`` and
        ``new_customers``, by month and channel.
    """
    joined = _with_channel(customers, channels)
    base = joined.filter(joined.in_base)
    base = base.mutate(month=month_index(base.first_purchase))
    counts = base.group_by(["month", "acquisition_channel"]).agg(
        new_customers=base.count()
    )
    frame = counts.execute().sort_values(["month", "acquisition_channel"])
    frame["month"] = frame["month"].map(month_start)
    frame["new_customers"] = frame["new_customers"].astype(int)
    return frame.reset_index(drop=True)


def revenue_by_line_channel(
    orders: ir.Table | pd.DataFrame, *, as_of: dt.date
) -> pd.DataFrame:
    """Add up net revenue by the channel written on each order line.

    Unlike :func:`channel_summary`, which credits a customer's whole revenue to
    the channel that acquired them, this view reads each line's own ``channel``:
    lines without a customer keep their channel, and lines without a channel
    count under ``"(unknown)"``.

    Returns
    -------
    pandas.DataFrame
        Columns ``channel``, ``revenue`` and ``revenue_share``, by revenue, highest
        first. The revenue column adds up to the revenue of all lines.
    """
    table = as_table(orders)
    table = table.filter(table.order_date < end_of(as_of))
    named = table.mutate(channel=table.channel.coalesce(UNKNOWN))
    grouped = named.group_by("channel").agg(revenue=named.amount.sum()).execute()
    grouped["revenue"] = grouped["revenue"].astype(float).fillna(0.0).round(2)
    total = grouped["revenue"].sum()
    grouped["revenue_share"] = (grouped["revenue"] / total).round(4) if total else 0.0
    ordered = grouped.sort_values(["revenue", "channel"], ascending=[False, True])
    return ordered.reset_index(drop=True)


def lead_conversion(
    leads: ir.Table | pd.DataFrame,
    *,
    as_of: dt.date,
    opportunities: ir.Table | pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Measure the share of each lead channel's leads that became customers.

    A lead converts when it names the customer it became, or when it names an
    opportunity whose stage is ``won``. Leads first contacted after ``as_of`` are
    left out.

    Parameters
    ----------
    leads
        The canonical leads table.
    as_of
        The inclusive last day of the analysis.
    opportunities
        The canonical opportunities table, to find the won deals; None counts only
        the leads that name a customer.

    Returns
    -------
    pandas.DataFrame
        One row per lead channel (``"(unknown)"`` for leads without one), by leads,
        most first, then a ``"total"`` row: ``channel``, ``leads``, ``converted``
        and ``conversion_rate``.
    """
    table = as_table(leads)
    table = table.filter(table.first_contact_date < end_of(as_of))
    converted = table.customer_id.notnull()
    if opportunities is not None:
        deals = as_table(opportunities)
        closed = deals.closed_date.isnull() | (deals.closed_date < end_of(as_of))
        won = deals.filter(deals.stage == "won", closed)
        # isin() is null on a lead without an opportunity; null is not converted.
        became_deal = table.opportunity_id.isin(won.opportunity_id).coalesce(False)
        converted = converted | became_deal
    named = table.mutate(
        channel=table.channel.coalesce(UNKNOWN), converted=converted.cast("int64")
    )
    grouped = named.group_by("channel").agg(
        leads=named.count(), converted=named.converted.sum()
    )
    frame = grouped.execute().sort_values(["leads", "channel"], ascending=[False, True])
    total = {"channel": TOTAL, **frame[["leads", "converted"]].sum().to_dict()}
    frame = pd.concat([frame, pd.DataFrame([total])], ignore_index=True)
    frame[["leads", "converted"]] = frame[["leads", "converted"]].astype(int)
    leads_count = frame["leads"].where(frame["leads"] > 0)
    frame["conversion_rate"] = (frame["converted"] / leads_count).round(4)
    return frame


def channel_sources(channels: ir.Table) -> dict[str, int]:
    """Count the customers whose channel comes from each source.

    Returns
    -------
    dict
        Customers per ``channel_source`` of :func:`acquisition_channels`:
        ``customer``, ``lead``, ``first order`` and ``unknown``, zeros included.
    """
    counts = channels.group_by("channel_source").agg(customers=channels.count())
    found = counts.execute().set_index("channel_source")["customers"]
    return {name: int(found.get(name, 0)) for name in CHANNEL_SOURCES}


def recent_new_customers(monthly: pd.DataFrame, *, as_of: dt.date) -> dict[str, Any]:
    """Compare the new customers of the last 12 months with the 12 before.

    Parameters
    ----------
    monthly
        The output of :func:`new_customers_by_month`.
    as_of
        The inclusive last day of the analysis; its month counts as the last one.

    Returns
    -------
    dict
        ``last_12_months`` and ``previous_12_months`` (new customers), and
        ``top_channel`` with ``top_channel_customers``: the channel that brought
        the most new customers in the last 12 months (None when there were none).
    """
    last = pd.Timestamp(as_of.year, as_of.month, 1)
    start = last - pd.DateOffset(months=11)
    before = start - pd.DateOffset(months=12)
    recent = monthly[monthly["month"] >= start]
    earlier = monthly[(monthly["month"] >= before) & (monthly["month"] < start)]
    by_channel = recent.groupby("acquisition_channel")["new_customers"].sum()
    by_channel = by_channel.sort_index().sort_values(ascending=False, kind="stable")
    top = by_channel.index[0] if len(by_channel) else None
    return {
        "last_12_months": int(recent["new_customers"].sum()),
        "previous_12_months": int(earlier["new_customers"].sum()),
        "top_channel": top,
        "top_channel_customers": int(by_channel.iloc[0]) if top else 0,
    }
