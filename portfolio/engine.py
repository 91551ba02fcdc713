"""The query engine: an Ibis connection (DuckDB by default) and a run's tables.

A run stores its canonical tables as Parquet files in ``<run folder>/data``; each
notebook opens them for one business unit with :func:`open_run`. Analysts can call
:func:`prepare` on their own DataFrames to get the same tables.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ibis
import ibis.expr.types as ir
import pandas as pd

from .errors import PortfolioError
from .model import TABLES

logger = logging.getLogger(__name__)

DATA_FOLDER = "data"
REJECTED_FILE = "rejected_rows.csv"
LOAD_REPORT_FILE = "load_report.json"


@dataclass
class Prepared:
    """The tables of one business unit, cut at ``as_of``.

    Attributes
    ----------
    orders
        Order lines dated up to the end of ``as_of``.
    customers
        Customer records, or None when the source has no customers table.
    costs
        Monthly costs, or None when the source has none.
    opportunities, leads, sales_reps, products
        The other optional tables, or None when the source has none.
    as_of
        The inclusive last day of the analysis.
    business_unit
        The unit, or None for the whole portfolio.
    all_orders
        Order lines of the unit at any date, to count what ``as_of`` leaves out.
    rejected
        Rows rejected while loading, for this unit.
    load_report
        Row counts per input file.
    """

    orders: ir.Table
    customers: ir.Table | None
    costs: ir.Table | None
    as_of: dt.date
    business_unit: str | None = None
    opportunities: ir.Table | None = None
    leads: ir.Table | None = None
    sales_reps: ir.Table | None = None
    products: ir.Table | None = None
    all_orders: ir.Table | None = None
    rejected: pd.DataFrame | None = None
    load_report: dict[str, Any] | None = None


def connect(backend: str = "duckdb", **options: Any) -> Any:
    """Open an Ibis connection, by default to an in-memory DuckDB database."""
    return getattr(ibis, backend).connect(**options)


def end_of(as_of: dt.date) -> dt.datetime:
    """Return the first instant after the inclusive last day ``as_of``."""
    return dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time())


def as_table(data: ir.Table | pd.DataFrame) -> ir.Table:
    """Wrap a pandas DataFrame as an Ibis table; pass an Ibis table through."""
    if isinstance(data, ir.Table):
        return data
    return ibis.memtable(data)


def prepare(
    orders: ir.Table | pd.DataFrame,
    *,
    as_of: dt.date,
    customers: ir.Table | pd.DataFrame | None = None,
    costs: ir.Table | pd.DataFrame | None = None,
    business_unit: str | None = None,
    unit_column: str = "business_unit",
    **others: ir.Table | pd.DataFrame | None,
) -> Prepared:
    """Cut tables at ``as_of`` and keep one business unit.

    Parameters
    ----------
    orders
        Canonical order lines.
    as_of
        The inclusive last day; later lines are left out.
    customers, costs
        Optional canonical tables.
    business_unit
        Keep only lines whose ``unit_column`` equals this value; None keeps all.
    unit_column
        The orders column naming the business unit.
    **others
        ``opportunities``, ``leads``, ``sales_reps`` or ``products``. Rows of
        opportunities and leads are kept when their ``business_unit`` is the unit
        or blank.

    Returns
    -------
    Prepared
        The tables of the unit.
    """
    every = as_table(orders)
    people = as_table(customers) if customers is not None else None
    if business_unit is not None:
        every = every.filter(every[unit_column] == business_unit)
        if people is not None:
            people = _customers_of_unit(people, every, business_unit, unit_column)
    table = every.filter(every.order_date.notnull(), every.order_date < end_of(as_of))
    spend = _of_unit(costs, business_unit)
    prepared = Prepared(table, people, spend, as_of, business_unit, all_orders=every)
    unknown = sorted(set(others) - {"opportunities", "leads", "sales_reps", "products"})
    if unknown:
        raise TypeError(f"prepare() got unknown tables {unknown}")
    prepared.opportunities = _of_unit(others.get("opportunities"), business_unit)
    prepared.leads = _of_unit(others.get("leads"), business_unit)
    for name in ("sales_reps", "products"):
        data = others.get(name)
        setattr(prepared, name, as_table(data) if data is not None else None)
    return prepared


def _of_unit(
    data: ir.Table | pd.DataFrame | None, business_unit: str | None
) -> ir.Table | None:
    """Keep a table's rows of one unit and those without a unit; pass None through."""
    if data is None:
        return None
    table = as_table(data)
    if business_unit is None or "business_unit" not in table.columns:
        return table
    unit = table.business_unit
    return table.filter(unit.isnull() | (unit == business_unit))


def _customers_of_unit(
    customers: ir.Table, orders: ir.Table, unit: str, unit_column: str
) -> ir.Table:
    """Keep customers who bought in the unit or whose record names the unit."""
    bought = customers.customer_id.isin(orders.customer_id)
    if unit_column in customers.columns:
        return customers.filter(bought | (customers[unit_column] == unit))
    return customers.filter(bought)


def store_run_tables(
    tables: dict[str, pd.DataFrame],
    rejected: pd.DataFrame,
    report: dict[str, Any],
    folder: Path,
) -> Path:
    """Write a run's canonical tables as Parquet, with rejected rows and counts."""
    data = folder / DATA_FOLDER
    data.mkdir(parents=True, exist_ok=True)
    for name, frame in tables.items():
        frame.to_parquet(data / f"{name}.parquet", index=False)
    rejected.to_csv(folder / REJECTED_FILE, index=False)
    (folder / LOAD_REPORT_FILE).write_text(json.dumps(report, indent=2, default=str))
    logger.info("Stored %s tables in %s", len(tables), data)
    return data


def open_run(
    folder: str | Path,
    *,
    as_of: dt.date | str,
    business_unit: str | None = None,
    unit_column: str = "business_unit",
    con: Any | None = None,
) -> Prepared:
    """Open the stored tables of a run for one business unit.

    Parameters
    ----------
    folder
        The run folder that :func:`store_run_tables` wrote.
    as_of
        The inclusive last day of the analysis.
    business_unit
        The unit to keep, or None for the whole portfolio.
    unit_column
        The orders column naming the business unit.
    con
        An Ibis connection; a new in-memory DuckDB one by default.

    Returns
    -------
    Prepared
        The unit's tables.
    """
    folder = Path(folder)
    data = folder / DATA_FOLDER
    if not (data / "orders.parquet").exists():
        raise PortfolioError(
            f"No stored tables in {data}. Run `portfolio run PARAMS.yaml` first."
        )
    con = con or connect()
    tables = {
        name: con.read_parquet(data / f"{name}.parquet", table_name=name)
        for name in TABLES
        if (data / f"{name}.parquet").exists()
    }
    day = dt.date.fromisoformat(as_of) if isinstance(as_of, str) else as_of
    prepared = prepare(
        tables.pop("orders"),
        as_of=day,
        customers=tables.pop("customers", None),
        costs=tables.pop("costs", None),
        business_unit=business_unit,
        unit_column=unit_column,
        **tables,
    )
    prepared.rejected = _rejected_of_unit(folder, business_unit)
    report_file = folder / LOAD_REPORT_FILE
    if report_file.exists():
        prepared.load_report = json.loads(report_file.read_text())
    return prepared


def _rejected_of_unit(folder: Path, unit: str | None) -> pd.DataFrame:
    path = folder / REJECTED_FILE
    if not path.exists():
        return pd.DataFrame(columns=["file", "line", "reason", "business_unit"])
    rejected = pd.read_csv(path, dtype=str, keep_default_na=False)
    if unit is None:
        return rejected
    return rejected[rejected["business_unit"] == unit].reset_index(drop=True)
