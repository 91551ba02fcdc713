"""Cross-sell by rep: the customers who buy fewer categories than their size class.

The rep of a customer and their category count follow the definitions of
:mod:`portfolio.analysis.reps`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import ibis
import ibis.expr.types as ir
import pandas as pd

from ..model import UNKNOWN
from .reps import _handled_customers
from .size import with_size_class

CROSS_SELL_COLUMNS = [
    "sales_rep",
    "customer_id",
    "size_class",
    "categories",
    "class_median_categories",
    "revenue",
]


def cross_sell_by_rep(
    customers: ir.Table,
    orders: ir.Table | pd.DataFrame,
    *,
    as_of: dt.date,
    records: ir.Table | pd.DataFrame | None = None,
    bounds: Mapping[str, Mapping[str, Any]] | None = None,
) -> pd.DataFrame:
    """List each rep's customers who buy fewer categories than their size class.

    A customer of the base is listed when they bought fewer distinct product
    categories than the median customer of their company size class, the median
    taken over the customers of the class who have a category count.

    Parameters
    ----------
    customers
        The output of :func:`~portfolio.analysis.customers.customer_table`.
    orders
        The same order lines, with ``product_category``.
    as_of
        The inclusive last day of the analysis.
    records
        The canonical customers table, if any, for the account owner and the size
        class; without it every customer's size class is unknown.
    bounds
        Company size bounds, as for :func:`~portfolio.analysis.size.size_classes`.

    Returns
    -------
    pandas.DataFrame
        Columns ``sales_rep``, ``customer_id``, ``size_class``, ``categories``,
        ``class_median_categories`` and ``revenue`` (net, lifetime), by rep, then
        revenue, highest first.
    """
    table = _handled_customers(customers, orders, as_of=as_of, records=records)
    table = table.filter(table.in_base, table.categories.notnull())
    sized = with_size_class(table, records, bounds=bounds)
    medians = sized.group_by("size_class").agg(
        class_median_categories=sized.categories.median()
    )
    joined = sized.inner_join(medians, "size_class")
    below = joined.filter(joined.categories < joined.class_median_categories)
    ordered = below.select(CROSS_SELL_COLUMNS).order_by(
        ["sales_rep", ibis.desc("revenue"), "customer_id"]
    )
    frame = ordered.execute()
    frame["revenue"] = frame["revenue"].astype(float).round(2)
    frame["class_median_categories"] = frame["class_median_categories"].astype(float)
    return frame


def cross_sell_leader(cross_sell: pd.DataFrame) -> tuple[str, int] | None:
    """Return the named rep with the most customers to cross-sell, and their count.

    Ties go to the first name; None when only ``"(unknown)"`` has customers listed.
    """
    named = cross_sell[cross_sell["sales_rep"] != UNKNOWN]
    if named.empty:
        return None
    counts = named.groupby("sales_rep").size().reset_index(name="customers")
    top = counts.sort_values(["customers", "sales_rep"], ascending=[False, True])
    return str(top["sales_rep"].iloc[0]), int(top["customers"].iloc[0])
