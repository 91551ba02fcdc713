"""Sales reps: who handles each customer, and each rep's portfolio.

Definitions:

- The rep who handles a customer is the account owner of the customer record
  (``customers.sales_rep``), else the rep named on the customer's most recent order
  line that names one, else ``"(unknown)"``. Each rep's figures cover the whole
  history of the customers they handle now, also the sales made by a former rep.
- The last 12 months are the 365 days ending on ``as_of``, and the previous 12
  months are the 365 days before them. A new customer made their first purchase in the
  last 12 months.
- The categories of a customer are the distinct product categories of their lines
  with a positive amount. Customers without such a line have no category count.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import ibis
import ibis.expr.types as ir
import pandas as pd

from ..engine import as_table, end_of
from ..model import UNATTRIBUTED, UNKNOWN
from .customers import attributed_lines

YEAR_DAYS = 365
"""Length in days of the "last 12 months" and "previous 12 months" windows."""


def year_windows(as_of: dt.date) -> dict[str, dt.date]:
    """Return the first day of the last 12 months and the bounds of the 12 before.

    Returns
    -------
    dict
        ``last_start``, ``previous_start`` and ``previous_end`` (inclusive days);
        the last 12 months end on ``as_of``.
    """
    last_start = as_of - dt.timedelta(days=YEAR_DAYS - 1)
    return {
        "last_start": last_start,
        "previous_start": last_start - dt.timedelta(days=YEAR_DAYS),
        "previous_end": last_start - dt.timedelta(days=1),
    }


def reps_known(
    orders: ir.Table | pd.DataFrame, records: ir.Table | pd.DataFrame | None = None
) -> bool:
    """Tell whether any order line or customer record names a sales rep."""
    lines = as_table(orders)
    if lines.sales_rep.notnull().any().execute():
        return True
    if records is None:
        return False
    return bool(as_table(records).sales_rep.notnull().any().execute())


def customer_reps(
    orders: ir.Table | pd.DataFrame,
    *,
    as_of: dt.date,
    records: ir.Table | pd.DataFrame | None = None,
) -> ir.Table:
    """Find the rep who handles each customer who has an order line up to ``as_of``.

    Parameters
    ----------
    orders
        Canonical order lines.
    as_of
        The inclusive last day of the analysis.
    records
        The canonical customers table, if any, whose ``sales_rep`` is the account
        owner.

    Returns
    -------
    ibis.expr.types.Table
        Columns ``customer_id``, ``sales_rep`` and ``rep_source`` (``account
        owner``, ``last order`` or ``unknown``). On the most recent day, the line
        with the highest order id decides.
    """
    lines = attributed_lines(orders, as_of=as_of)
    base = lines.select("customer_id").distinct()

    named = lines.filter(lines.sales_rep.notnull())
    window = ibis.window(
        group_by=named.customer_id,
        order_by=[
            ibis.desc(named.order_date),
            ibis.desc(named.order_id),
            named.sales_rep,
        ],
    )
    ranked = named.mutate(rank=ibis.row_number().over(window))
    last = ranked.filter(ranked["rank"] == 0).select(
        "customer_id", last_order_rep="sales_rep"
    )
    base = base.left_join(last, "customer_id").drop("customer_id_right")

    owner = ibis.null().cast("string")
    if records is not None:
        owners = as_table(records).select("customer_id", owner_rep="sales_rep")
        base = base.left_join(owners, "customer_id").drop("customer_id_right")
        owner = base.owner_rep
    source = ibis.cases(
        (owner.notnull(), "account owner"),
        (base.last_order_rep.notnull(), "last order"),
        else_="unknown",
    )
    rep = owner.coalesce(base.last_order_rep).coalesce(UNKNOWN)
    return base.select("customer_id", sales_rep=rep, rep_source=source)


def customer_categories(orders: ir.Table | pd.DataFrame, *, as_of: dt.date) -> ir.Table:
    """Count the distinct product categories each customer bought up to ``as_of``.

    Returns
    -------
    ibis.expr.types.Table
        Columns ``customer_id`` and ``categories``; customers without a line that
        has a category and a positive amount are left out.
    """
    lines = attributed_lines(orders, as_of=as_of)
    bought = lines.filter(lines.product_category.notnull(), lines.amount > 0)
    return bought.group_by("customer_id").agg(
        categories=bought.product_category.nunique()
    )


def _window_revenue(lines: ir.Table, as_of: dt.date) -> dict[str, ir.Value]:
    starts = year_windows(as_of)
    last = lines.day >= starts["last_start"]
    previous = (lines.day >= starts["previous_start"]) & ~last
    return {
        "revenue_last_12m": lines.amount.sum(where=last),
        "revenue_previous_12m": lines.amount.sum(where=previous),
    }


def _handled_customers(
    customers: ir.Table,
    orders: ir.Table | pd.DataFrame,
    *,
    as_of: dt.date,
    records: ir.Table | pd.DataFrame | None,
) -> ir.Table:
    """Join each customer's rep, category count and revenue of the two windows."""
    lines = attributed_lines(orders, as_of=as_of)
    windows = lines.group_by("customer_id").agg(**_window_revenue(lines, as_of))
    table = customers
    parts = (
        customer_reps(orders, as_of=as_of, records=records),
        customer_categories(orders, as_of=as_of),
        windows,
    )
    for part in parts:
        table = table.left_join(part, "customer_id").drop("customer_id_right")
    return table.mutate(sales_rep=table.sales_rep.coalesce(UNKNOWN))


def rep_portfolio(
    customers: ir.Table,
    orders: ir.Table | pd.DataFrame,
    *,
    as_of: dt.date,
    records: ir.Table | pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Describe the customers each rep handles.

    Parameters
    ----------
    customers
        The output of :func:`~portfolio.analysis.customers.customer_table`.
    orders
        The same order lines.
    as_of
        The inclusive last day of the analysis.
    records
        The canonical customers table, if any, for the account owner.

    Returns
    -------
    pandas.DataFrame
        One row per rep, by revenue, highest first, then the row ``"(unknown)"``
        for customers without a rep and the row ``"unattributed"`` for lines without
        a customer. Each revenue column adds up to the unit's total.

        The columns are ``sales_rep``, ``customers`` (of the customer base),
        ``revenue`` (net), ``new_customers``, ``orders`` and
        ``average_order_value`` (revenue over orders). Then come ``repeat_rate``
        (share of the customers with at least two purchase days), ``cold_share``
        and ``categories_per_customer`` (mean over the customers with a category
        count). Last come ``revenue_last_12m``, ``revenue_previous_12m`` and
        ``revenue_change`` (relative, NaN when the previous 12 months have no
        positive revenue).
    """
    table = _handled_customers(customers, orders, as_of=as_of, records=records)
    base = table.in_base
    start = year_windows(as_of)["last_start"]
    grouped = table.group_by("sales_rep").agg(
        customers=base.sum(),
        revenue=table.revenue.sum(),
        new_customers=(base & (table.first_purchase >= start)).sum(),
        orders=table.orders.sum(),
        repeat_customers=(base & (table.purchase_days >= 2)).sum(),
        cold_customers=(base & table.cold).sum(),
        categories_per_customer=table.categories.mean(),
        revenue_last_12m=table.revenue_last_12m.sum(),
        revenue_previous_12m=table.revenue_previous_12m.sum(),
    )
    frame = grouped.execute()
    frame = pd.concat([frame, _unattributed_row(orders, as_of)], ignore_index=True)
    return _finish_portfolio(frame)


def _unattributed_row(orders: ir.Table | pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    table = as_table(orders)
    loose = table.filter(table.customer_id.isnull(), table.order_date < end_of(as_of))
    loose = loose.mutate(day=loose.order_date.date())
    row = loose.aggregate(revenue=loose.amount.sum(), **_window_revenue(loose, as_of))
    frame = row.execute()
    frame.insert(0, "sales_rep", UNATTRIBUTED)
    return frame


def _finish_portfolio(frame: pd.DataFrame) -> pd.DataFrame:
    counts = ["customers", "new_customers", "orders", "repeat_customers"]
    for name in [*counts, "cold_customers"]:
        frame[name] = frame[name].fillna(0).astype(int)
    for name in ("revenue", "revenue_last_12m", "revenue_previous_12m"):
        frame[name] = frame[name].astype(float).fillna(0.0).round(2)

    customers = frame["customers"].where(frame["customers"] > 0)
    orders = frame["orders"].where(frame["orders"] > 0)
    previous = frame["revenue_previous_12m"]
    change = (frame["revenue_last_12m"] - previous) / previous.where(previous > 0)
    frame["average_order_value"] = (frame["revenue"] / orders).round(2)
    frame["repeat_rate"] = frame["repeat_customers"] / customers
    frame["cold_share"] = frame["cold_customers"] / customers
    frame["categories_per_customer"] = (
        frame["categories_per_customer"].astype(float).round(2)
    )
    frame["revenue_change"] = change

    frame["order"] = frame["sales_rep"].map({UNKNOWN: 1, UNATTRIBUTED: 2}).fillna(0)
    frame = frame.sort_values(
        ["order", "revenue", "sales_rep"], ascending=[True, False, True]
    )
    columns = [
        "sales_rep",
        "customers",
        "revenue",
        "new_customers",
        "orders",
        "average_order_value",
        "repeat_rate",
        "cold_share",
        "categories_per_customer",
        "revenue_last_12m",
        "revenue_previous_12m",
        "revenue_change",
    ]
    return frame[columns].reset_index(drop=True)


def rep_source_counts(
    customers: ir.Table,
    orders: ir.Table | pd.DataFrame,
    *,
    as_of: dt.date,
    records: ir.Table | pd.DataFrame | None = None,
) -> dict[str, int]:
    """Count the customers of the base by where their rep comes from.

    Returns
    -------
    dict
        Customers per ``rep_source`` of :func:`customer_reps`: ``account owner``,
        ``last order`` and ``unknown``, zero when none.
    """
    reps = customer_reps(orders, as_of=as_of, records=records)
    base = customers.filter(customers.in_base).select("customer_id")
    joined = base.inner_join(reps, "customer_id")
    counts = joined.group_by("rep_source").agg(customers=joined.count()).execute()
    found = dict(zip(counts["rep_source"], counts["customers"], strict=True))
    sources = ("account owner", "last order", "unknown")
    return {source: int(found.get(source, 0)) for source in sources}


def portfolio_highlights(portfolio: pd.DataFrame) -> dict[str, Any]:
    """Select the headline figures of the reps' portfolios.

    Parameters
    ----------
    portfolio
        The output of :func:`rep_portfolio`.

    Returns
    -------
    dict
        ``reps`` (named reps), ``customers`` (of the base), ``top_rep`` with
        ``top_customers``, ``top_revenue`` and ``top_share`` (of all revenue),
        ``revenue_change`` (of the named reps together, None without revenue in
        the previous 12 months), ``growing`` and ``shrinking`` (reps whose revenue
        rose or fell), ``cold_rep`` and ``cold_share`` (highest cold share, ties
        to the first name), ``unknown_customers`` and ``unknown_revenue``. The
        rep entries are None when no rep is named.
    """
    named = portfolio[~portfolio["sales_rep"].isin([UNKNOWN, UNATTRIBUTED])]
    unknown = portfolio[portfolio["sales_rep"] == UNKNOWN]
    total = float(portfolio["revenue"].sum())
    last = float(named["revenue_last_12m"].sum())
    previous = float(named["revenue_previous_12m"].sum())
    highlights: dict[str, Any] = {
        "reps": len(named),
        "customers": int(portfolio["customers"].sum()),
        "revenue_change": round(last / previous - 1, 4) if previous > 0 else None,
        "growing": int((named["revenue_change"] > 0).sum()),
        "shrinking": int((named["revenue_change"] < 0).sum()),
        "unknown_customers": int(unknown["customers"].sum()),
        "unknown_revenue": round(float(unknown["revenue"].sum()), 2),
    }
    top = _first_by(named, "revenue")
    cold = _first_by(named[named["customers"] > 0], "cold_share")
    highlights.update(
        top_rep=None if top is None else top["sales_rep"],
        top_customers=None if top is None else int(top["customers"]),
        top_revenue=None if top is None else float(top["revenue"]),
        top_share=None if top is None or not total else _share(top, total),
        cold_rep=None if cold is None else cold["sales_rep"],
        cold_share=None if cold is None else float(cold["cold_share"]),
    )
    return highlights


def _share(row: pd.Series, total: float) -> float:
    return round(float(row["revenue"]) / total, 4)


def _first_by(frame: pd.DataFrame, column: str) -> pd.Series | None:
    """Return the row with the highest ``column``, ties to the first rep name."""
    if frame.empty:
        return None
    ordered = frame.sort_values([column, "sales_rep"], ascending=[False, True])
    return ordered.iloc[0]
