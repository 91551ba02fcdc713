"""Columns and tables derived from others once every source is loaded.

- Won opportunities become order lines when the parameter file sets
  ``orders_from: opportunities`` (closing day, value, product, rep).
- Leads that became a deal take the deal's customer.
- Order lines and deals without a business unit take their sales rep's unit from
  the ``sales_reps`` table.
- Order lines without a product name or category take them from ``products``.
"""

from __future__ import annotations

import logging

import pandas as pd

from .model import ORDERS

logger = logging.getLogger(__name__)


def derive_tables(
    tables: dict[str, pd.DataFrame], *, orders_from: str | None = None
) -> dict[str, pd.DataFrame]:
    """Return the tables with derived order lines and filled-in columns.

    Parameters
    ----------
    tables
        Canonical tables by name, as validation accepted them.
    orders_from
        ``"opportunities"`` to add an order line for each won deal.

    Returns
    -------
    dict
        The same tables, completed; the input frames are not modified.
    """
    tables = dict(tables)
    if orders_from == "opportunities":
        won = orders_from_won_deals(tables["opportunities"])
        existing = tables.get("orders")
        frames = [won] if existing is None else [existing, won]
        tables["orders"] = pd.concat(frames, ignore_index=True)

    deals = tables.get("opportunities")
    if deals is not None and "leads" in tables:
        tables["leads"] = fill_from(
            tables["leads"], deals, "opportunity_id", ["customer_id"]
        )

    reps = tables.get("sales_reps")
    if reps is not None:
        for name in ("orders", "opportunities", "leads"):
            if name in tables and "sales_rep" in tables[name]:
                tables[name] = fill_from(
                    tables[name], reps, "sales_rep", ["business_unit"]
                )

    products = tables.get("products")
    if products is not None and "orders" in tables:
        columns = ["product_name", "product_category"]
        tables["orders"] = fill_from(tables["orders"], products, "product_id", columns)
    return tables


def orders_from_won_deals(opportunities: pd.DataFrame) -> pd.DataFrame:
    """Turn each won deal with a closing day and a value into one order line.

    The line has quantity 1 and the deal value as unit price and amount; the deal
    id becomes the order id.
    """
    won = opportunities[opportunities["stage"] == "won"]
    usable = won["closed_date"].notna() & won["value"].notna()
    if (~usable).any():
        logger.warning(
            "%s won deals have no closing day or value and give no order line",
            int((~usable).sum()),
        )
    won = won[usable]
    lines = pd.DataFrame(
        {
            "customer_id": won["customer_id"],
            "order_id": won["opportunity_id"],
            "order_date": won["closed_date"],
            "product_id": won["product_id"],
            "product_name": won["product_name"],
            "quantity": 1.0,
            "unit_price": won["value"],
            "amount": won["value"],
            "business_unit": won["business_unit"],
            "sales_rep": won["sales_rep"],
            "channel": won["channel"],
        }
    )
    for column in ORDERS.names:
        if column not in lines:
            lines[column] = pd.Series(pd.NA, index=lines.index, dtype="string")
    logger.info("Made %s order lines from won deals", len(lines))
    return lines[ORDERS.names].reset_index(drop=True)


def fill_from(
    frame: pd.DataFrame, reference: pd.DataFrame, key: str, columns: list[str]
) -> pd.DataFrame:
    """Fill blank ``columns`` of ``frame`` from ``reference`` rows with the same key."""
    present = [name for name in columns if name in reference and name in frame]
    if not present:
        return frame
    lookup = reference.dropna(subset=[key]).drop_duplicates(key).set_index(key)
    frame = frame.copy()
    for name in present:
        found = frame[key].map(lookup[name])
        frame[name] = frame[name].fillna(found)
    return frame
