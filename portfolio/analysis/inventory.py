"""Data inventory: field completeness, rejected rows and unattributed lines."""

from __future__ import annotations

import ibis.expr.types as ir
import pandas as pd

from ..engine import Prepared
from ..model import CUSTOMER_FIELD_GROUPS, ORDERS

PURCHASE_FIELDS = (
    "customer_id",
    "order_id",
    "order_date",
    "product_id",
    "product_name",
    "product_category",
    "quantity",
    "unit_price",
    "amount",
    "channel",
    "sales_rep",
)
GOOD_COMPLETENESS = 0.9


def field_completeness(prepared: Prepared) -> pd.DataFrame:
    """Measure how complete each field is, by kind of information.

    Customer fields are measured on the unit's customer records and purchase fields
    on its order lines up to ``as_of``. A field is *collected* when the run's
    exports have at least one value for it, as the load report records. Without a
    load report, a field is collected when the unit has a value. A field that is not
    collected has no completeness.

    Returns
    -------
    pandas.DataFrame
        Columns ``kind``, ``table``, ``field``, ``column`` (field and table, for
        display), ``collected``, ``filled``, ``rows`` and ``completeness`` (filled /
        rows; NaN when the field is not collected, 0 when there are no rows).
    """
    parts = [
        _filled(prepared.orders, "orders", {"purchase behaviour": PURCHASE_FIELDS})
    ]
    if prepared.customers is not None:
        parts.append(_filled(prepared.customers, "customers", CUSTOMER_FIELD_GROUPS))
    else:
        parts.append(_unmapped(CUSTOMER_FIELD_GROUPS))
    frame = pd.concat(parts, ignore_index=True)
    frame["column"] = frame["field"] + " (" + frame["table"] + ")"
    frame["collected"] = _collected(frame, prepared)
    rows = frame["rows"].where(frame["rows"] > 0)
    completeness = (frame["filled"] / rows).fillna(0.0).round(4)
    frame["completeness"] = completeness.where(frame["collected"])
    columns = ["kind", "table", "field", "column", "collected", "filled", "rows"]
    return frame[[*columns, "completeness"]]


def _collected(frame: pd.DataFrame, prepared: Prepared) -> pd.Series:
    report = prepared.load_report or {}
    collected = report.get("collected")
    if collected is None:
        return frame["filled"] > 0
    pairs = {(table, field) for table, fields in collected.items() for field in fields}
    keys = zip(frame["table"], frame["field"], strict=True)
    return pd.Series([key in pairs for key in keys], index=frame.index)


def _filled(
    table: ir.Table, name: str, groups: dict[str, tuple[str, ...]]
) -> pd.DataFrame:
    """Count the non-blank values of each field in one query."""
    counts = {"rows": table.count()}
    for fields in groups.values():
        for field in fields:
            column = table[field]
            present = column.notnull()
            if column.type().is_string():
                present = present & (column.strip() != "")
            counts[field] = present.sum()
    row = table.aggregate(**counts).execute().iloc[0]
    records = [
        {
            "kind": kind,
            "table": name,
            "field": field,
            "filled": int(row[field] or 0),
            "rows": int(row["rows"]),
        }
        for kind, fields in groups.items()
        for field in fields
    ]
    return pd.DataFrame(records)


def _unmapped(groups: dict[str, tuple[str, ...]]) -> pd.DataFrame:
    records = [
        {"kind": kind, "table": "customers", "field": field, "filled": 0, "rows": 0}
        for kind, fields in groups.items()
        for field in fields
    ]
    return pd.DataFrame(records)


def kind_completeness(fields: pd.DataFrame) -> pd.DataFrame:
    """Average the completeness of the collected fields of each kind of information.

    Returns
    -------
    pandas.DataFrame
        Columns ``kind``, ``completeness`` (mean over collected fields, NaN when
        none is collected), ``fields`` and ``collected`` (counts of fields).
    """
    grouped = fields.groupby("kind", sort=False)
    summary = pd.DataFrame(
        {
            "completeness": grouped["completeness"].mean().round(4),
            "fields": grouped.size(),
            "collected": grouped["collected"].sum().astype(int),
        }
    )
    return summary.reset_index()


def fields_to_collect(
    fields: pd.DataFrame, *, below: float = GOOD_COMPLETENESS
) -> list[str]:
    """Return the collected fields filled for fewer than ``below`` of rows.

    The emptiest come first; each is named with its table, as in ``email
    (customers)``.
    """
    weak = fields[fields["collected"] & (fields["completeness"] < below)]
    return weak.sort_values(["completeness", "column"])["column"].tolist()


def fields_not_collected(fields: pd.DataFrame) -> list[str]:
    """Return the fields that no export holds, named with their table."""
    return fields.loc[~fields["collected"], "column"].tolist()


def rejected_by_reason(prepared: Prepared) -> pd.DataFrame:
    """Count the unit's rejected rows by table and reason.

    Returns
    -------
    pandas.DataFrame
        Columns ``table``, ``reason`` and ``rows``, most frequent first.
    """
    rejected = prepared.rejected
    if rejected is None or rejected.empty:
        return pd.DataFrame({"table": [], "reason": [], "rows": []})
    counts = rejected.groupby(["table", "reason"]).size().rename("rows")
    return counts.reset_index().sort_values(["rows", "reason"], ascending=[False, True])


def row_counts(prepared: Prepared) -> dict[str, object]:
    """Count the unit's order lines read, accepted, rejected and after ``as_of``.

    Returns
    -------
    dict
        ``rows_read`` (accepted plus rejected order lines of the unit),
        ``rows_accepted``, ``rows_rejected`` (count by reason) and
        ``lines_after_as_of``.
    """
    every = prepared.all_orders if prepared.all_orders is not None else prepared.orders
    accepted = int(every.count().execute())
    used = int(prepared.orders.count().execute())
    rejected = prepared.rejected
    if rejected is not None and not rejected.empty:
        orders = rejected[rejected["table"] == ORDERS.name]
        reasons = orders["reason"].value_counts().sort_index()
    else:
        reasons = pd.Series(dtype=int)
    by_reason = {str(key): int(value) for key, value in reasons.items()}
    return {
        "rows_read": accepted + sum(by_reason.values()),
        "rows_accepted": accepted,
        "rows_rejected": by_reason,
        "lines_after_as_of": accepted - used,
    }
