"""Cross-sell: the pairs of products or categories bought by the same customers.

Products, buyers and the customer base follow the definitions of
:mod:`portfolio.analysis.products`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import ibis
import ibis.expr.types as ir
import pandas as pd

from ..model import UNKNOWN
from .products import _base_size, _buyers, _keyed_lines, _product_names

PAIR_COLUMNS = [
    "level",
    "item_a",
    "name_a",
    "item_b",
    "name_b",
    "customers_a",
    "customers_b",
    "customers_both",
    "prospects",
    "support",
    "confidence",
    "reverse_confidence",
    "lift",
]


@dataclass(frozen=True)
class CrossSell:
    """The top cross-sell pairs and how many pairs passed the minimum.

    Attributes
    ----------
    pairs
        The top pairs, as :func:`cross_sell_pairs` describes them.
    total
        Pairs bought together by at least the minimum number of customers.
    base
        Customers in the base, the denominator of support.
    """

    pairs: pd.DataFrame
    total: int
    base: int


def cross_sell_pairs(
    orders: ir.Table | pd.DataFrame,
    *,
    customers: ir.Table,
    as_of: dt.date,
    by: str = "product_id",
    min_customers: int = 10,
    top: int = 100,
) -> CrossSell:
    """Find the pairs of products (or categories) bought by the same customers.

    For items A and B, with N customers in the base: support is the share of N
    buying both, confidence is P(B | A), the share of A's buyers who also buy B,
    and lift is confidence over B's share of N (above 1, A's buyers buy B more
    often than the base does). Each pair appears once, A being the item with more
    buyers (ties by ``by``), so ``prospects``, A's buyers without B, is the larger
    group to offer B to. Lines naming no item are left out.

    Parameters
    ----------
    orders
        Canonical order lines.
    customers
        The output of :func:`~portfolio.analysis.customers.customer_table`.
    as_of
        The inclusive last day of the analysis.
    by
        ``product_id``, ``product_name`` or ``product_category``.
    min_customers
        Keep pairs bought by at least this many customers.
    top
        Number of pairs returned, by lift, then support, then A and B.

    Returns
    -------
    CrossSell
        ``pairs`` has the columns of :data:`PAIR_COLUMNS`: ``level`` (the value
        of ``by``), ``item_a``, ``name_a``, ``item_b``, ``name_b`` (product names
        when ``by`` is ``product_id``, else empty), ``customers_a``,
        ``customers_b``, ``customers_both``, ``prospects``, ``support``,
        ``confidence``, ``reverse_confidence`` (P(A | B)) and ``lift``.
    """
    lines = _keyed_lines(orders, as_of, by)
    buyers = _buyers(lines, customers)
    buyers = buyers.filter(buyers.key != UNKNOWN)
    counts = buyers.group_by("key").agg(buyers=buyers.customer_id.count())
    frequent = counts.filter(counts.buyers >= min_customers)
    buyers = buyers.filter(buyers.key.isin(frequent.key))

    left = buyers.rename(first="key")
    right = buyers.rename(second="key", other_customer="customer_id")
    joined = left.join(
        right,
        [left.customer_id == right.other_customer, left.first < right.second],
    )
    pairs = joined.group_by(["first", "second"]).agg(customers_both=joined.count())
    pairs = pairs.filter(pairs.customers_both >= min_customers)
    base = _base_size(customers)
    table = _oriented(pairs, frequent, base)
    table = _with_pair_names(table, lines, by)

    order = [ibis.desc("lift"), ibis.desc("support"), "item_a", "item_b"]
    table = table.mutate(total=table.item_a.count().over(ibis.window()))
    frame = table.order_by(order).limit(top).execute()
    total = int(frame["total"].iloc[0]) if len(frame) else 0
    frame = frame.assign(level=by)[PAIR_COLUMNS]
    frame = frame.round({"support": 4, "confidence": 4, "reverse_confidence": 4})
    return CrossSell(frame.round({"lift": 3}), total, base)


def _oriented(pairs: ir.Table, counts: ir.Table, base: int) -> ir.Table:
    """Put the item with more buyers first and add support, confidence and lift."""
    first = counts.rename(first="key", buyers_first="buyers")
    second = counts.rename(second="key", buyers_second="buyers")
    table = pairs.join(first, "first").join(second, "second")
    swap = (table.buyers_second > table.buyers_first) | (
        (table.buyers_second == table.buyers_first) & (table.second < table.first)
    )
    both = table.customers_both
    oriented = table.select(
        item_a=swap.ifelse(table.second, table.first),
        item_b=swap.ifelse(table.first, table.second),
        customers_a=swap.ifelse(table.buyers_second, table.buyers_first),
        customers_b=swap.ifelse(table.buyers_first, table.buyers_second),
        customers_both=both,
    )
    a, b = oriented.customers_a, oriented.customers_b
    return oriented.mutate(
        prospects=a - oriented.customers_both,
        support=oriented.customers_both / base,
        confidence=oriented.customers_both / a,
        reverse_confidence=oriented.customers_both / b,
        lift=oriented.customers_both * base / (a * b),
    )


def _with_pair_names(table: ir.Table, lines: ir.Table, by: str) -> ir.Table:
    if by != "product_id":
        empty = ibis.null().cast("string")
        return table.mutate(name_a=empty, name_b=empty)
    names = _product_names(lines)
    first = names.rename(item_a="key", name_a="product_name")
    table = table.left_join(first, "item_a").drop("item_a_right")
    second = names.rename(item_b="key", name_b="product_name")
    table = table.left_join(second, "item_b")
    return table.drop("item_b_right")
