"""Company size classes: micro, SME, mid-cap and large companies."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import ibis
import ibis.expr.types as ir
import pandas as pd

from ..engine import as_table
from ..model import DEFAULT_SIZE_BOUNDS

INDIVIDUAL = "individual"
UNKNOWN_SIZE = "unknown"


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
