"""Cohorts by acquisition month: who buys again, and what customers bring over time.

Definitions:

- A customer's cohort is the calendar month of their first purchase day.
- Month 0 is the cohort month itself; month ``m`` is the ``m``-th calendar month
  after it. Only complete months are measured: when ``as_of`` is not the last day of
  its month, that month is left out.
- A customer is active in a month when they have a purchase day in it.
- Revenue is the net amount of all of the customer's lines, returns included, from
  the cohort month on.
- The first-year value of a customer is the net revenue of their lines dated in the
  365 days that start on their first purchase day. Only customers whose first
  purchase is at least 365 days before ``as_of`` have a complete first year.
- The payback is the first month since acquisition (0 is the acquisition month) in
  which the cumulative gross margin per customer covers the acquisition cost.
"""

from __future__ import annotations

import datetime as dt

import ibis
import ibis.expr.types as ir
import pandas as pd

from ..model import UNKNOWN
from .customers import attributed_lines, purchase_days

ALL = "all"
"""Group name of every customer when a function is given no groups."""

YEAR_DAYS = 365


def month_index(value: ir.Value) -> ir.IntegerValue:
    """Number a date's calendar month: ``year * 12 + month - 1``."""
    return value.year() * 12 + value.month() - 1  # type: ignore[attr-defined,no-any-return]


def month_start(index: int) -> pd.Timestamp:
    """Return the first day of a month numbered by :func:`month_index`."""
    return pd.Timestamp(year=index // 12, month=index % 12 + 1, day=1)


def last_complete_month(as_of: dt.date) -> int:
    """Return the index of the last calendar month that ends on or before ``as_of``."""
    following = as_of + dt.timedelta(days=1)
    return following.year * 12 + following.month - 2


def cohort_members(
    customers: ir.Table,
    groups: ir.Table | None = None,
    *,
    column: str = "acquisition_channel",
) -> ir.Table:
    """Return each customer of the base with their cohort month and group.

    Parameters
    ----------
    customers
        The output of :func:`~portfolio.analysis.customers.customer_table`.
    groups
        A table of ``customer_id`` and ``column``, such as the output of
        :func:`~portfolio.analysis.channels.acquisition_channels`; None puts every
        customer in the group ``"all"``.
    column
        The column of ``groups`` that names the group.

    Returns
    -------
    ibis.expr.types.Table
        Columns ``customer_id``, ``group`` (``"(unknown)"`` when a customer has no
        group) and ``cohort`` (a :func:`month_index`).
    """
    base = customers.filter(customers.in_base)
    members = base.select("customer_id", cohort=month_index(base.first_purchase))
    if groups is None:
        return members.mutate(group=ibis.literal(ALL))
    named = groups.select("customer_id", group=groups[column])
    joined = members.left_join(named, "customer_id").drop("customer_id_right")
    return joined.mutate(group=joined.group.coalesce(UNKNOWN))


def cohort_cells(
    orders: ir.Table | pd.DataFrame,
    members: ir.Table,
    *,
    as_of: dt.date,
    max_months: int,
) -> pd.DataFrame:
    """Count active customers and net revenue per group, cohort and month since.

    Parameters
    ----------
    orders
        Canonical order lines.
    members
        The output of :func:`cohort_members`.
    as_of
        The inclusive last day of the analysis.
    max_months
        The last month since acquisition to measure.

    Returns
    -------
    pandas.DataFrame
        One row per group, cohort and month since acquisition from 0 to
        ``max_months`` that is complete by ``as_of``: ``group``, ``cohort``,
        ``months_since``, ``customers`` (the cohort's size), ``active_customers``
        and ``revenue`` (of that month alone).
    """
    last = last_complete_month(as_of)
    keys = ["group", "cohort", "months_since"]

    days = purchase_days(orders, as_of=as_of)
    months = days.select("customer_id", month=month_index(days.day)).distinct()
    active = _since(months, members)
    active = active.group_by(keys).agg(active_customers=active.count())

    lines = attributed_lines(orders, as_of=as_of)
    spend = _since(lines.mutate(month=month_index(lines.day)), members)
    spend = spend.group_by(keys).agg(revenue=spend.amount.sum())

    sizes = members.group_by(["group", "cohort"]).agg(customers=members.count())
    grid = sizes.execute().merge(
        pd.DataFrame({"months_since": range(max_months + 1)}), how="cross"
    )
    grid = grid[grid["cohort"] + grid["months_since"] <= last]
    cells = grid.merge(active.execute(), on=keys, how="left")
    cells = cells.merge(spend.execute(), on=keys, how="left")
    cells["active_customers"] = cells["active_customers"].fillna(0).astype(int)
    cells["revenue"] = cells["revenue"].astype(float).fillna(0.0)
    return cells.sort_values(keys).reset_index(drop=True)


def _since(table: ir.Table, members: ir.Table) -> ir.Table:
    """Join a table with a ``month`` column to the members and number the months."""
    joined = table.inner_join(members, "customer_id")
    joined = joined.mutate(months_since=joined.month - joined.cohort)
    return joined.filter(joined.months_since >= 0)


def cohort_matrix(
    orders: ir.Table | pd.DataFrame,
    customers: ir.Table,
    *,
    as_of: dt.date,
    channels: ir.Table | None = None,
    channel: str | None = None,
    max_months: int = 12,
) -> pd.DataFrame:
    """Measure each acquisition cohort's buying and revenue month after month.

    Parameters
    ----------
    orders
        Canonical order lines.
    customers
        The output of :func:`~portfolio.analysis.customers.customer_table`.
    as_of
        The inclusive last day of the analysis.
    channels
        The output of :func:`~portfolio.analysis.channels.acquisition_channels`;
        needed with ``channel``.
    channel
        Keep only the customers acquired by this channel; None keeps everyone.
    max_months
        The last month since acquisition to measure.

    Returns
    -------
    pandas.DataFrame
        One row per cohort and complete month since acquisition, with ``cohort``
        (first day of the acquisition month), ``months_since``, ``customers``
        (cohort size), ``active_customers`` and ``active_share`` (of the cohort).
        ``revenue_per_customer`` is the cumulative net revenue from month 0 to
        this month over the cohort's size, in whole cents.

    Examples
    --------
    A cohort of 4 customers of whom 1 buys again the next month has an
    ``active_share`` of 0.25 in month 1.
    """
    if channel is not None and channels is None:
        raise ValueError(
            f"channel={channel!r} needs the channels table; pass "
            "channels=acquisition_channels(...)."
        )
    members = cohort_members(customers, channels)
    if channel is not None:
        members = members.filter(members.group == channel)
    cells = cohort_cells(orders, members, as_of=as_of, max_months=max_months)

    cumulative = cells.groupby("cohort")["revenue"].cumsum()
    cells["active_share"] = (cells["active_customers"] / cells["customers"]).round(4)
    cells["revenue_per_customer"] = (cumulative / cells["customers"]).round(2)
    cells["cohort"] = cells["cohort"].map(month_start)
    columns = ["cohort", "months_since", "customers", "active_customers"]
    return cells[[*columns, "active_share", "revenue_per_customer"]]


def cohort_curve(
    orders: ir.Table | pd.DataFrame,
    customers: ir.Table,
    *,
    as_of: dt.date,
    groups: ir.Table | None = None,
    column: str = "acquisition_channel",
    max_months: int = 36,
) -> pd.DataFrame:
    """Average the cohorts of each group month by month since acquisition.

    Month ``m`` of a group averages the cohorts that have completed ``m`` months,
    each weighted by its size, so that young cohorts do not pull the curve down.

    Parameters
    ----------
    orders
        Canonical order lines.
    customers
        The output of :func:`~portfolio.analysis.customers.customer_table`.
    as_of
        The inclusive last day of the analysis.
    groups, column
        The group of each customer, as for :func:`cohort_members`.
    max_months
        The last month since acquisition to measure.

    Returns
    -------
    pandas.DataFrame
        One row per group (named ``column``) and month since acquisition:
        ``months_since``, ``customers`` (in the cohorts measured),
        ``active_share`` and ``revenue_per_customer`` (cumulative net revenue per
        customer from month 0, in whole cents).
    """
    members = cohort_members(customers, groups, column=column)
    cells = cohort_cells(orders, members, as_of=as_of, max_months=max_months)
    cells["cumulative"] = cells.groupby(["group", "cohort"])["revenue"].cumsum()

    curve = cells.groupby(["group", "months_since"], as_index=False)[
        ["customers", "active_customers", "cumulative"]
    ].sum()
    curve["active_share"] = (curve["active_customers"] / curve["customers"]).round(4)
    curve["revenue_per_customer"] = (curve["cumulative"] / curve["customers"]).round(2)
    curve = curve.rename(columns={"group": column})
    columns = [column, "months_since", "customers", "active_share"]
    return curve[[*columns, "revenue_per_customer"]]


def first_year_value(
    orders: ir.Table | pd.DataFrame,
    customers: ir.Table,
    *,
    as_of: dt.date,
    groups: ir.Table | None = None,
    column: str = "acquisition_channel",
    gross_margin_rate: float = 1.0,
) -> pd.DataFrame:
    """Measure what customers bring in the first year after their first purchase.

    Parameters
    ----------
    orders
        Canonical order lines.
    customers
        The output of :func:`~portfolio.analysis.customers.customer_table`.
    as_of
        The inclusive last day of the analysis.
    groups, column
        The group of each customer, as for :func:`cohort_members`.
    gross_margin_rate
        The share of net revenue kept as gross margin, between 0 and 1.

    Returns
    -------
    pandas.DataFrame
        One row per group (named ``column``) with ``customers`` (acquired at least
        365 days before ``as_of``), ``first_year_revenue`` (their net revenue in
        the 365 days from their first purchase day), ``revenue_per_customer`` and
        ``ltv`` (``revenue_per_customer * gross_margin_rate``), in whole cents.

    Raises
    ------
    ValueError
        When ``gross_margin_rate`` is not above 0 and at most 1.
    """
    if not 0 < gross_margin_rate <= 1:
        raise ValueError(
            f"gross_margin_rate must be above 0 and at most 1, got "
            f"{gross_margin_rate!r}; 0.35 means a 35 % gross margin."
        )
    base = customers.filter(customers.in_base)
    cutoff = as_of - dt.timedelta(days=YEAR_DAYS)
    grown = base.filter(base.first_purchase <= cutoff).select(
        "customer_id", "first_purchase"
    )
    members = cohort_members(customers, groups, column=column)
    grown = grown.inner_join(members.select("customer_id", "group"), "customer_id")

    lines = attributed_lines(orders, as_of=as_of)
    joined = lines.inner_join(grown, "customer_id")
    age = joined.day.delta(joined.first_purchase, unit="day")
    inside = joined.filter(age >= 0, age < YEAR_DAYS)
    spend = inside.group_by("group").agg(first_year_revenue=inside.amount.sum())
    counts = grown.group_by("group").agg(customers=grown.count())

    frame = counts.execute().merge(spend.execute(), on="group", how="left")
    revenue = frame["first_year_revenue"].astype(float).fillna(0.0)
    frame["first_year_revenue"] = revenue.round(2)
    per_customer = revenue / frame["customers"]
    frame["revenue_per_customer"] = per_customer.round(2)
    frame["ltv"] = (per_customer * gross_margin_rate).round(2)
    frame = frame.rename(columns={"group": column}).sort_values(column)
    return frame.reset_index(drop=True)


def payback_months(
    curve: pd.DataFrame,
    cac: pd.DataFrame,
    *,
    column: str = "acquisition_channel",
    gross_margin_rate: float = 1.0,
) -> pd.DataFrame:
    """Find when the cumulative gross margin per customer first covers the CAC.

    Parameters
    ----------
    curve
        The output of :func:`cohort_curve`.
    cac
        A table with ``column`` and ``cac``, such as
        :func:`~portfolio.analysis.costs.cac_by_channel`.
    column
        The group column shared by both tables.
    gross_margin_rate
        The share of net revenue kept as gross margin.

    Returns
    -------
    pandas.DataFrame
        ``column`` and ``payback_months``: the first month since acquisition
        (0 is the acquisition month) whose cumulative margin per customer reaches
        the CAC, NaN when it never does within the curve or the CAC is unknown.
    """
    joined = curve.merge(cac[[column, "cac"]], on=column, how="inner")
    margin = joined["revenue_per_customer"] * gross_margin_rate
    covered = joined[margin >= joined["cac"]]
    first = covered.groupby(column)["months_since"].min().rename("payback_months")
    result = cac[[column]].merge(first.reset_index(), on=column, how="left")
    result["payback_months"] = result["payback_months"].astype(float)
    return result
