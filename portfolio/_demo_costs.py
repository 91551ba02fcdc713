"""Monthly acquisition and retention costs of the demo portfolio."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from ._demo_catalogue import (
    _CHANNEL_COST,
    _CHANNEL_NAMES,
    _CHANNELS,
    _KEY_ACCOUNT,
    _SEGMENTS,
    UNITS,
)
from .model import COSTS

# Factor on the cost per new customer of a channel, one per segment of _SEGMENTS.
_SEGMENT_COST = np.array([0.3, 0.6, 1.0, 1.8, 3.0])


def _make_costs(
    rng: np.random.Generator,
    profile: dict[str, np.ndarray],
    lines: pd.DataFrame,
    start: date,
    end: date,
) -> pd.DataFrame:
    """Draw monthly acquisition costs per channel, unit and size class.

    Retention costs are per unit and segment (key accounts or standard).
    """
    months = pd.date_range(pd.Timestamp(start).replace(day=1), end, freq="MS")
    acquisition = _acquisition_costs(rng, profile, months, start)
    retention = _retention_costs(rng, profile, lines, months)
    costs = pd.concat([acquisition, retention], ignore_index=True)
    return costs.reindex(columns=COSTS.names)


def _acquisition_costs(
    rng: np.random.Generator,
    profile: dict[str, np.ndarray],
    months: pd.DatetimeIndex,
    start: date,
) -> pd.DataFrame:
    """Draw the monthly spend of each channel, unit and size class from its customers.

    ``segment`` names the segment drawn for the customers: individual, micro, SME,
    mid-cap or large. The size class that the reports derive from head count and
    revenue matches it for most companies. Larger companies cost more to win.
    """
    contact = profile["first_contact_date"]
    new = contact >= np.datetime64(start, "D")
    first_month = np.datetime64(months[0], "M")
    month = (contact.astype("datetime64[M]") - first_month).astype(int)
    counts = np.zeros((len(months), len(_CHANNELS), len(UNITS), len(_SEGMENTS)))
    cell = (month, profile["channel"], profile["unit"], profile["segment"])
    np.add.at(counts, tuple(codes[new] for codes in cell), 1)

    spend = (counts + 0.1) * _CHANNEL_COST[:, None, None] * _SEGMENT_COST
    names = ["period", "channel", "business_unit", "segment"]
    grid = pd.MultiIndex.from_product(
        [months, _CHANNEL_NAMES, UNITS, list(_SEGMENTS)], names=names
    )
    noise = rng.lognormal(0.0, 0.2, spend.size)
    amount = (spend.ravel() * noise).round(2)
    return grid.to_frame(index=False).assign(cost_type="acquisition", amount=amount)


def _retention_costs(
    rng: np.random.Generator,
    profile: dict[str, np.ndarray],
    lines: pd.DataFrame,
    months: pd.DatetimeIndex,
) -> pd.DataFrame:
    """Draw retention budgets per unit and segment that follow its revenue.

    The budget is a fixed base plus 2 % of the revenue of key accounts (mid-caps and
    large companies) and 4 % of the revenue of the other customers.
    """
    known = lines[lines["customer"] >= 0]
    day = known["order_date"].to_numpy()
    month = (day.astype("datetime64[M]") - np.datetime64(months[0], "M")).astype(int)
    standard = profile["segment"][known["customer"].to_numpy()] < _KEY_ACCOUNT
    cell = (month, known["unit"].to_numpy(), standard.astype(int))
    revenue = np.zeros((len(months), len(UNITS), 2))
    np.add.at(revenue, cell, known["amount"].to_numpy())

    budget = revenue * [0.02, 0.04] + 400.0
    names = ["period", "business_unit", "segment"]
    segments = ["key accounts", "standard"]
    grid = pd.MultiIndex.from_product([months, UNITS, segments], names=names)
    amount = (budget.ravel() * rng.lognormal(0.0, 0.1, budget.size)).round(2)
    return grid.to_frame(index=False).assign(cost_type="retention", amount=amount)
