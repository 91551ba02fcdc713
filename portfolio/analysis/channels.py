"""The channel that brought each customer."""

from __future__ import annotations

import datetime as dt

import ibis
import ibis.expr.types as ir
import pandas as pd

from ..engine import as_table
from ..model import UNKNOWN
from .customers import attributed_lines


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
