"""Leads of the demo portfolio: first contacts, and the customers they became."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from ._demo_catalogue import _CHANNEL_NAMES, _UNIT_NAMES, UNITS
from ._demo_sampling import _blank_unless
from .model import LEADS

_LEADS = {  # channel: share of leads that become customers, share of others with a deal
    "Paid Search": (0.05, 0.02),
    "Organic": (0.12, 0.04),
    "Referral": (0.40, 0.20),
    "Trade Fair": (0.20, 0.15),
    "Outbound": (0.08, 0.10),
    "Partner": (0.30, 0.20),
}
_RECORDED = 0.9  # share of customers first contacted in the history who have a lead


def _draw_leads(
    rng: np.random.Generator,
    profile: dict[str, np.ndarray],
    lines: pd.DataFrame,
    start: date,
    end: date,
) -> pd.DataFrame:
    """Draw the leads first contacted between ``start`` and ``end``.

    Most customers first contacted in that span have a lead with their first contact
    day, channel and unit. It names the customer when the customer has an order
    line. The leads that became nothing follow the conversion rate of each channel
    in ``_LEADS``, on days spread evenly over the span, and some of them are
    ``qualified``: a sales rep opened a deal for them.

    Returns
    -------
    pandas.DataFrame
        One row per lead, by first contact day: ``lead_id``, ``contact`` (day),
        ``customer`` (code, or -1), ``channel`` and ``unit`` (codes), ``qualified``.
    """
    first, last = np.datetime64(start, "D"), np.datetime64(end, "D")
    contact = profile["first_contact_date"]
    n = len(contact)
    recorded = np.flatnonzero(
        (contact >= first) & (contact <= last) & (rng.random(n) < _RECORDED)
    )
    bought = np.zeros(n, dtype=bool)
    bought[lines.loc[lines["customer"] >= 0, "customer"].to_numpy()] = True
    converted = pd.DataFrame(
        {
            "customer": np.where(bought[recorded], recorded, -1),
            "contact": contact[recorded],
            "channel": profile["channel"][recorded],
            "unit": profile["unit"][recorded],
            "qualified": False,
        }
    )

    # For a conversion rate r, each converted lead comes with (1 - r) / r others.
    conversion, qualification = np.array([_LEADS[c] for c in _CHANNEL_NAMES]).T
    cells = np.zeros((len(UNITS), len(_CHANNEL_NAMES)))
    np.add.at(cells, (converted["unit"], converted["channel"]), 1)
    counts = rng.poisson(cells * (1 - conversion) / conversion).ravel()
    cell = np.repeat(np.arange(counts.size), counts)
    unit, channel = np.divmod(cell, len(_CHANNEL_NAMES))
    days = rng.integers(0, (last - first).astype(int) + 1, cell.size)
    others = pd.DataFrame(
        {
            "customer": -1,
            "contact": first + days.astype("timedelta64[D]"),
            "channel": channel,
            "unit": unit,
            "qualified": rng.random(cell.size) < qualification[channel],
        }
    )

    leads = pd.concat([converted, others], ignore_index=True)
    leads = leads.sort_values("contact", kind="stable", ignore_index=True)
    leads["lead_id"] = "LD-" + (leads.index + 1).astype(str).str.zfill(6)
    return leads


def _name_lead_columns(
    leads: pd.DataFrame, deals: pd.DataFrame, profile: dict[str, np.ndarray]
) -> pd.DataFrame:
    """Replace codes by names and add the deal each lead became, if any."""
    customer = leads["customer"].to_numpy()
    known = customer >= 0
    frame = pd.DataFrame(
        {
            "lead_id": leads["lead_id"],
            "first_contact_date": pd.to_datetime(leads["contact"]),
            "channel": _CHANNEL_NAMES[leads["channel"].to_numpy()],
            "customer_id": _blank_unless(
                known, profile["customer_id"][np.maximum(customer, 0)]
            ),
            "opportunity_id": _lead_opportunities(leads, deals),
            "business_unit": _UNIT_NAMES[leads["unit"].to_numpy()],
        }
    )
    return frame[LEADS.names]


def _lead_opportunities(leads: pd.DataFrame, deals: pd.DataFrame) -> np.ndarray:
    """Return the deal id of each lead, or None.

    A prospect's deal names its lead. A customer's lead became the customer's
    earliest deal created on or after the first contact.
    """
    opportunity = np.full(len(leads), None, dtype=object)
    prospect = deals[deals["lead"] >= 0]
    opportunity[prospect["lead"].to_numpy()] = prospect["opportunity_id"].to_numpy()

    contacts = leads.loc[leads["customer"] >= 0, ["customer", "contact"]]
    pairs = contacts.reset_index(names="lead").merge(
        deals[["customer", "created", "opportunity_id"]], on="customer"
    )
    pairs = pairs[pairs["created"] >= pairs["contact"]]
    first = pairs.sort_values(["created", "opportunity_id"]).drop_duplicates("lead")
    opportunity[first["lead"].to_numpy()] = first["opportunity_id"].to_numpy()
    return opportunity
