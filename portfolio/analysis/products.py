"""Products and categories: revenue, ABC classes and revenue by company size.

Definitions:

- A product is its ``product_id``, or its ``product_name`` when no line has an id.
  Lines without the grouping key count under ``"(unknown)"``, so that every
  breakdown adds up to the total revenue. A product id is named by the name that
  most of its lines give, because exports rename products over time and some
  put notes such as "damaged" in the name.
- Revenue is net (returns deducted) and units are the net quantity. Both include
  unattributed lines, which stay out of every customer count.
- A customer buys a product when their net amount on it over the period is
  positive, so a product bought and returned is not bought. Penetration is the
  share of the customer base (customers with a purchase day) who buy it.
- An order counts for a product when its net amount on the product is not
  negative, so a credit note is not an order. A line without an order id stands
  for one order per customer and day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import ibis
import ibis.expr.types as ir
import pandas as pd

from ..engine import as_table, end_of
from ..model import SIZE_CLASSES, UNATTRIBUTED, UNKNOWN
from .size import with_size_class

PRODUCT_FIELDS = ("product_id", "product_name", "product_category", "quantity")
DEFAULT_ABC_SHARES: dict[str, float] = {"A": 0.8, "B": 0.95}
ABC_CLASSES = ("A", "B", "C")
# Shares are compared in whole basis points against sums in whole cents, so that
# a product that reaches a bound exactly is never pushed across it by float error.
_BASIS_POINTS = 10_000


def product_fields(
    orders: ir.Table | pd.DataFrame, *, as_of: dt.date
) -> dict[str, bool]:
    """Check which product columns the order lines up to ``as_of`` fill.

    Returns
    -------
    dict
        ``product_id``, ``product_name``, ``product_category`` and ``quantity``:
        True when at least one line has a non-blank value.
    """
    table = _lines(orders, as_of)
    counts = {}
    for name in PRODUCT_FIELDS:
        column = table[name]
        if column.type().is_string():
            column = column.strip().nullif("")
        counts[name] = column.count()
    row = table.aggregate(**counts).execute().iloc[0]
    return {name: bool(row[name] > 0) for name in PRODUCT_FIELDS}


def product_key(fields: Mapping[str, bool]) -> str | None:
    """Return the column that identifies a product, or None when neither is filled.

    ``product_id`` when it is filled, else ``product_name``.
    """
    for name in ("product_id", "product_name"):
        if fields.get(name):
            return name
    return None


def product_summary(
    orders: ir.Table | pd.DataFrame,
    *,
    customers: ir.Table,
    as_of: dt.date,
    by: str = "product_id",
) -> pd.DataFrame:
    """Sum revenue, units, orders and buyers per product or category.

    Parameters
    ----------
    orders
        Canonical order lines.
    customers
        The output of :func:`~portfolio.analysis.customers.customer_table`, whose
        ``in_base`` customers are the denominator of penetration.
    as_of
        The inclusive last day of the analysis.
    by
        ``product_id``, ``product_name`` or ``product_category``.

    Returns
    -------
    pandas.DataFrame
        One row per value of ``by``, by net revenue (highest first, then ``by``):
        ``by``, ``product_name`` (when ``by`` is ``product_id``), ``revenue``,
        ``revenue_share`` (of the net total), ``units``, ``orders``,
        ``customers`` and ``penetration``. Revenue adds up to the net total.
    """
    lines = _keyed_lines(orders, as_of, by)
    totals = lines.group_by("key").agg(
        revenue=lines.amount.sum(), units=lines.quantity.sum()
    )
    table = totals.left_join(_order_counts(lines), "key").drop("key_right")
    buyers = _buyers(lines, customers)
    counts = buyers.group_by("key").agg(customers=buyers.customer_id.count())
    table = table.left_join(counts, "key").drop("key_right")
    table = _with_names(table, lines, by)
    frame = table.order_by([ibis.desc("revenue"), "key"]).execute()

    base = _base_size(customers)
    frame["revenue"] = frame["revenue"].astype(float).round(2)
    total = frame["revenue"].sum()
    frame["revenue_share"] = (frame["revenue"] / total).round(4) if total else 0.0
    for name in ("orders", "customers"):
        frame[name] = frame[name].fillna(0).astype(int)
    frame["penetration"] = (frame["customers"] / base).round(4) if base else 0.0
    columns = [by, *_name_columns(by), "revenue", "revenue_share", "units"]
    columns += ["orders", "customers", "penetration"]
    return frame.rename(columns={"key": by})[columns]


def product_labels(data: pd.DataFrame, key: str) -> pd.Series:
    """Return each row's ``product_name`` when it has one, else its ``key`` value."""
    if "product_name" in data.columns:
        return data["product_name"].fillna(data[key]).astype(str)
    return data[key].astype(str)


def abc_classes(
    orders: ir.Table | pd.DataFrame,
    *,
    as_of: dt.date,
    by: str = "product_id",
    shares: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """Class products A, B or C on their cumulative share of net revenue.

    Products are sorted by net revenue, highest first, ties broken by ``by``. A
    product is A while the revenue of the products before it is below the A share
    of the total, so the product that crosses the A share is A. The same rule with
    the B share makes B, and the rest is C. A product whose net revenue is zero or
    negative is always C. The total is the sum of the *positive* product revenues,
    so the cumulative share ends at exactly 100 % however large the returns are.

    Parameters
    ----------
    orders
        Canonical order lines.
    as_of
        The inclusive last day of the analysis.
    by
        ``product_id``, ``product_name`` or ``product_category``.
    shares
        ``{"A": 0.8, "B": 0.95}`` by default, read to the basis point.

    Returns
    -------
    pandas.DataFrame
        ``by``, ``revenue``, ``revenue_share`` and ``cumulative_share`` (both of
        the positive total, 0 for C products without positive revenue) and
        ``abc_class``, in the order of the classing.
    """
    bounds = {**DEFAULT_ABC_SHARES, **(shares or {})}
    lines = _keyed_lines(orders, as_of, by)
    grouped = lines.group_by("key").agg(revenue=lines.amount.sum())
    cents = (grouped.revenue * 100).round().cast("int64")
    ranked = grouped.mutate(cents=cents, positive=ibis.greatest(cents, 0))
    order = [ibis.desc(ranked.cents), ranked.key]
    running = ranked.positive.cumsum(order_by=order)
    total = ranked.positive.sum().over(ibis.window())
    ranked = ranked.mutate(running=running, total=total)

    before = (ranked.running - ranked.positive) * _BASIS_POINTS
    cases = [(ranked.cents <= 0, "C")]
    for name in ("A", "B"):
        limit = round(bounds[name] * _BASIS_POINTS)
        cases.append((before < ranked.total * limit, name))
    classed = ranked.mutate(abc_class=ibis.cases(*cases, else_="C"))
    frame = classed.order_by(order).execute()

    total_cents = frame["total"].iloc[0] if len(frame) else 0
    share = frame["positive"] / total_cents if total_cents else 0.0
    running_share = frame["running"] / total_cents if total_cents else 0.0
    frame["revenue"] = frame["revenue"].astype(float).round(2)
    frame["revenue_share"] = share
    frame["cumulative_share"] = running_share
    frame = frame.round({"revenue_share": 4, "cumulative_share": 4})
    columns = ["key", "revenue", "revenue_share", "cumulative_share", "abc_class"]
    return frame[columns].rename(columns={"key": by})


def abc_summary(classes: pd.DataFrame) -> pd.DataFrame:
    """Count the products and sum the revenue of each ABC class.

    Parameters
    ----------
    classes
        The output of :func:`abc_classes`.

    Returns
    -------
    pandas.DataFrame
        One row per class A, B and C, even when empty: ``abc_class``,
        ``products``, ``revenue`` (net, adding up to the net total) and
        ``revenue_share`` (the class's positive revenue over the positive total).
    """
    positive = classes["revenue"].clip(lower=0)
    grouped = classes.assign(positive=positive).groupby("abc_class")
    summary = grouped.agg(
        products=("abc_class", "size"),
        revenue=("revenue", "sum"),
        positive=("positive", "sum"),
    )
    summary = summary.reindex(list(ABC_CLASSES)).fillna(0)
    total = positive.sum()
    summary["revenue_share"] = summary["positive"] / total if total else 0.0
    summary["products"] = summary["products"].astype(int)
    summary = summary.drop(columns="positive").round({"revenue": 2, "revenue_share": 4})
    return summary.rename_axis("abc_class").reset_index()


def rare_products(
    summary: pd.DataFrame,
    *,
    min_penetration: float = 0.01,
    min_orders: int = 5,
) -> pd.DataFrame:
    """Keep the products bought by few customers or in few orders.

    Parameters
    ----------
    summary
        The output of :func:`product_summary`.
    min_penetration
        A product bought by a smaller share of the customer base is rare.
    min_orders
        A product found in fewer orders is rare.

    Returns
    -------
    pandas.DataFrame
        The rows of ``summary`` that are rare, in its order, without the
        ``"(unknown)"`` row of lines that name no product.
    """
    key = summary.columns[0]
    rare = (summary["penetration"] < min_penetration) | (summary["orders"] < min_orders)
    return summary[rare & (summary[key] != UNKNOWN)].reset_index(drop=True)


def revenue_by_size_class(
    orders: ir.Table | pd.DataFrame,
    *,
    as_of: dt.date,
    records: ir.Table | pd.DataFrame | None,
    by: str = "product_category",
    bounds: Mapping[str, Mapping[str, Any]] | None = None,
) -> pd.DataFrame:
    """Split each product's or category's revenue by the buyer's company size.

    Parameters
    ----------
    orders
        Canonical order lines.
    as_of
        The inclusive last day of the analysis.
    records
        The canonical customers table, or None. Customers without a record are
        of ``unknown`` size, and lines without a customer are ``unattributed``.
    by
        ``product_id``, ``product_name`` or ``product_category``.
    bounds
        Size bounds, as for :func:`~portfolio.analysis.size.size_classes`.

    Returns
    -------
    pandas.DataFrame
        One row per value of ``by`` and size class with revenue: ``by``,
        ``size_class``, ``revenue`` and ``class_share`` (the share of the size
        class's revenue, missing when the class nets to zero), by size class in
        :data:`~portfolio.model.SIZE_CLASSES` order, then revenue. Revenue adds
        up to the net total.
    """
    lines = _keyed_lines(orders, as_of, by)
    buyers = lines.filter(lines.customer_id.notnull()).select("customer_id")
    sized = with_size_class(buyers.distinct(), records, bounds=bounds)
    joined = lines.left_join(sized, "customer_id").drop("customer_id_right")
    size = joined.customer_id.isnull().ifelse(UNATTRIBUTED, joined.size_class)
    joined = joined.mutate(size_class=size)
    grouped = joined.group_by(["key", "size_class"]).agg(revenue=joined.amount.sum())
    frame = grouped.execute()

    order = {name: rank for rank, name in enumerate([*SIZE_CLASSES, UNATTRIBUTED])}
    frame["revenue"] = frame["revenue"].astype(float).round(2)
    class_total = frame.groupby("size_class")["revenue"].transform("sum")
    frame["class_share"] = frame["revenue"] / class_total.where(class_total != 0)
    frame["class_share"] = frame["class_share"].round(4)
    frame = frame.assign(rank=frame["size_class"].map(order))
    frame = frame.sort_values(["rank", "revenue", "key"], ascending=[True, False, True])
    columns = ["key", "size_class", "revenue", "class_share"]
    return frame[columns].rename(columns={"key": by}).reset_index(drop=True)


def _lines(orders: ir.Table | pd.DataFrame, as_of: dt.date) -> ir.Table:
    """Return the lines up to ``as_of``, with empty product columns added if absent."""
    table = as_table(orders)
    missing = {
        name: ibis.null().cast("float64" if name == "quantity" else "string")
        for name in PRODUCT_FIELDS
        if name not in table.columns
    }
    if missing:
        table = table.mutate(**missing)
    return table.filter(table.order_date.notnull(), table.order_date < end_of(as_of))


def _keyed_lines(orders: ir.Table | pd.DataFrame, as_of: dt.date, by: str) -> ir.Table:
    """Return the lines up to ``as_of`` with ``key``, the value of ``by`` or unknown."""
    if by not in PRODUCT_FIELDS[:3]:
        raise ValueError(
            f"by must be one of {', '.join(PRODUCT_FIELDS[:3])}, got {by!r}."
        )
    table = _lines(orders, as_of)
    key = table[by].cast("string").strip().nullif("").coalesce(UNKNOWN)
    return table.mutate(key=key)


def _order_counts(lines: ir.Table) -> ir.Table:
    """Count per key the orders whose net amount on it is not negative."""
    day = lines.order_date.date().cast("string")
    fallback = lines.customer_id.coalesce(UNATTRIBUTED).concat(" ", day)
    keyed = lines.mutate(order_key=lines.order_id.coalesce(fallback))
    per_order = keyed.group_by(["key", "order_key"]).agg(net=keyed.amount.sum())
    kept = per_order.filter(per_order.net.round(2) >= 0)
    return kept.group_by("key").agg(orders=kept.count())


def _buyers(lines: ir.Table, customers: ir.Table) -> ir.Table:
    """Return the distinct pairs of a base customer and a key they net-bought."""
    base = customers.filter(customers.in_base).customer_id
    attributed = lines.filter(lines.customer_id.isin(base))
    net = attributed.group_by(["customer_id", "key"]).agg(net=attributed.amount.sum())
    return net.filter(net.net.round(2) > 0).select("customer_id", "key")


def _base_size(customers: ir.Table) -> int:
    return int(customers.filter(customers.in_base).count().execute())


def _with_names(table: ir.Table, lines: ir.Table, by: str) -> ir.Table:
    if by != "product_id":
        return table
    return table.left_join(_product_names(lines), "key").drop("key_right")


def _product_names(lines: ir.Table) -> ir.Table:
    """Return the name that most lines give each key, ties by name."""
    named = lines.filter(lines.product_name.notnull())
    counts = named.group_by(["key", "product_name"]).agg(lines=named.count())
    order = [ibis.desc(counts.lines), counts.product_name]
    window = ibis.window(group_by=counts.key, order_by=order)
    ranked = counts.mutate(rank=ibis.row_number().over(window))
    return ranked.filter(ranked["rank"] == 0).select("key", "product_name")


def _name_columns(by: str) -> list[str]:
    return ["product_name"] if by == "product_id" else []
