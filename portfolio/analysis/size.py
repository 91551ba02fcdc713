"""Company size classes (micro, SME, mid-cap, large) and the figures of each class."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import ibis
import ibis.expr.types as ir
import pandas as pd

from ..engine import as_table
from ..model import DEFAULT_SIZE_BOUNDS, FREQUENCY_CLASSES, SIZE_CLASSES, UNATTRIBUTED
from .customers import unattributed

INDIVIDUAL = "individual"
UNKNOWN_SIZE = "unknown"
SUMMARY_COLUMNS = [
    "customers",
    "customer_share",
    "revenue",
    "revenue_share",
    "revenue_per_customer",
    "orders",
    "average_order_value",
    "cold_customers",
    "cold_share",
]


def size_classes(
    records: ir.Table | pd.DataFrame,
    *,
    bounds: Mapping[str, Mapping[str, Any]] | None = None,
) -> ir.Table:
    """Class each customer record by head count and annual revenue.

    A company falls in the smallest class whose bounds it meets on every known
    measure: fewer employees than the class bound and revenue at most the class
    bound. When only one measure is known, that one decides. Above mid-cap a
    company is large; a record whose ``customer_type`` is ``individual`` is
    ``individual``, and one with neither measure is ``unknown``.

    Parameters
    ----------
    records
        The canonical customers table (``employees``, ``company_revenue``,
        ``customer_type``).
    bounds
        ``{"micro": {"employees": 10, "revenue": 2e6}, "SME": ..., "mid-cap": ...}``;
        the defaults follow the French company categories.

    Returns
    -------
    ibis.expr.types.Table
        Columns ``customer_id`` and ``size_class``.

    Examples
    --------
    A company of 5 people with 10 M of revenue is an SME: it has fewer than 10
    employees, but its revenue is above the micro bound of 2 M.
    """
    table = as_table(records)
    limits = {**DEFAULT_SIZE_BOUNDS, **(bounds or {})}
    employees = table.employees.cast("float64")
    revenue = table.company_revenue.cast("float64")
    known = employees.notnull() | revenue.notnull()

    cases = [(table.customer_type.lower() == INDIVIDUAL, INDIVIDUAL)]
    cases.append((~known, UNKNOWN_SIZE))
    for name in DEFAULT_SIZE_BOUNDS:
        limit = limits[name]
        fits_staff = employees.isnull() | (employees < float(limit["employees"]))
        fits_revenue = revenue.isnull() | (revenue <= float(limit["revenue"]))
        cases.append((fits_staff & fits_revenue, name))
    size = ibis.cases(*cases, else_="large")
    return table.select("customer_id", size_class=size)


def with_size_class(
    customers: ir.Table,
    records: ir.Table | pd.DataFrame | None,
    *,
    bounds: Mapping[str, Mapping[str, Any]] | None = None,
) -> ir.Table:
    """Add ``size_class`` to a customer table; customers without a record are unknown.

    Parameters
    ----------
    customers
        Any table with ``customer_id``, such as the output of
        :func:`~portfolio.analysis.customers.customer_table`.
    records
        The canonical customers table, or None when the source has none.
    bounds
        Size bounds, as for :func:`size_classes`.
    """
    if records is None:
        return customers.mutate(size_class=ibis.literal(UNKNOWN_SIZE))
    classes = size_classes(records, bounds=bounds)
    joined = customers.left_join(classes, "customer_id").drop("customer_id_right")
    return joined.mutate(size_class=joined.size_class.coalesce(UNKNOWN_SIZE))


def size_summary(
    customers: ir.Table, orders: ir.Table | pd.DataFrame, *, as_of: dt.date
) -> pd.DataFrame:
    """Sum customers, revenue, orders and cold customers per size class.

    Customers count when they are in the customer base (at least one purchase day).
    Revenue counts every line of a customer, so a customer whose lines net to no
    purchase day adds to the class's revenue but not to its customers.

    Parameters
    ----------
    customers
        :func:`~portfolio.analysis.customers.customer_table` with ``size_class``
        added by :func:`with_size_class`.
    orders
        The same order lines, to add the revenue of lines without a customer.
    as_of
        The inclusive last day of the analysis.

    Returns
    -------
    pandas.DataFrame
        One row per class of :data:`~portfolio.model.SIZE_CLASSES`, then
        ``unattributed``, with ``customers``, ``customer_share`` (of the base),
        ``revenue``, ``revenue_share`` (of all revenue), ``revenue_per_customer``,
        ``orders`` (as counted by ``customer_table``), ``average_order_value``
        (revenue over orders), ``cold_customers`` and ``cold_share`` (of the
        class's customers). Revenue adds up to the total revenue; a ratio
        without a denominator is NaN.
    """
    _check_size_class(customers)
    in_base = customers.in_base
    grouped = customers.group_by("size_class").agg(
        customers=in_base.sum(),
        revenue=customers.revenue.sum(),
        orders=customers.orders.sum(),
        cold_customers=(in_base & customers.cold).sum(),
    )
    summary = grouped.execute().set_index("size_class").reindex(SIZE_CLASSES)
    summary = summary.fillna(0)
    loose = unattributed(orders, as_of=as_of)["unattributed_revenue"]
    summary.loc[UNATTRIBUTED] = [0, loose, 0, 0]

    for name in ("customers", "orders", "cold_customers"):
        summary[name] = summary[name].astype(int)
    summary["revenue"] = summary["revenue"].astype(float).round(2)
    customer_total = float(summary["customers"].sum())
    summary["customer_share"] = _ratio(summary["customers"], customer_total)
    summary.loc[UNATTRIBUTED, "customer_share"] = float("nan")
    revenue_total = float(summary["revenue"].sum())
    summary["revenue_share"] = _ratio(summary["revenue"], revenue_total)

    revenue = summary["revenue"]
    summary["revenue_per_customer"] = _ratio(revenue, summary["customers"], 2)
    summary["average_order_value"] = _ratio(revenue, summary["orders"], 2)
    summary["cold_share"] = _ratio(summary["cold_customers"], summary["customers"])
    return summary[SUMMARY_COLUMNS].rename_axis("size_class").reset_index()


def _check_size_class(customers: ir.Table) -> None:
    if "size_class" not in customers.columns:
        raise ValueError(
            "customers has no size_class column; pass the customer table through "
            "with_size_class(customers, records) first."
        )


def _ratio(
    numerator: pd.Series, denominator: pd.Series | float, digits: int = 4
) -> pd.Series:
    """Divide and round to ``digits``, with NaN where the denominator is zero."""
    if not isinstance(denominator, pd.Series):
        denominator = pd.Series(denominator, index=numerator.index)
    safe = denominator.astype(float).where(denominator != 0)
    return (numerator.astype(float) / safe).round(digits)


def size_frequency_mix(customers: ir.Table) -> pd.DataFrame:
    """Count the customers of the base per size class and frequency class.

    Parameters
    ----------
    customers
        :func:`~portfolio.analysis.customers.customer_table` with ``size_class``.

    Returns
    -------
    pandas.DataFrame
        Column ``size_class`` (every class, in order), then one column of customer
        counts per frequency class, from ``monthly`` to ``one-time``.
    """
    _check_size_class(customers)
    base = customers.filter(customers.in_base)
    grouped = base.group_by(["size_class", "frequency_class"]).agg(
        customers=base.count()
    )
    mix = grouped.execute().pivot_table(
        index="size_class",
        columns="frequency_class",
        values="customers",
        aggfunc="sum",
        fill_value=0,
    )
    mix = mix.reindex(index=SIZE_CLASSES, columns=FREQUENCY_CLASSES, fill_value=0)
    mix = mix.astype(int).rename_axis(index="size_class", columns=None)
    return mix.reset_index()
