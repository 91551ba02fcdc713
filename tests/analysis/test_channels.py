"""The channel that brought each customer: record, lead, first order, unknown."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from portfolio.analysis.channels import acquisition_channels
from tests.conftest import lines

AS_OF = dt.date(2024, 12, 31)


def test_channel_precedence():
    orders = lines(
        [
            ("A", "1", "2024-01-01", 10.0, None),
            ("B", "2", "2024-01-02", 10.0, "Web"),
            ("B", "3", "2024-01-01", 10.0, "Shop"),
            ("C", "4", "2024-01-05", 10.0, "Web"),
            ("D", "5", "2024-01-01", 10.0, None),
        ],
        columns="customer_id order_id order_date amount channel",
    )
    records = pd.DataFrame(
        {"customer_id": ["A", "B"], "acquisition_channel": ["Trade Fair", None]}
    )
    leads = pd.DataFrame(
        {
            "lead_id": ["L1", "L2"],
            "first_contact_date": pd.to_datetime(["2023-05-01", "2022-03-01"]),
            "channel": ["Ads", "Mailing"],
            "customer_id": ["C", "C"],
        }
    )
    result = acquisition_channels(orders, as_of=AS_OF, records=records, leads=leads)
    found = result.execute().set_index("customer_id")
    # A: its record; B: no record channel, no lead, so its first order (Shop, 1 Jan);
    # C: its earliest lead (Mailing, 2022) beats its order channel; D: nothing.
    assert found.loc["A", "acquisition_channel"] == "Trade Fair"
    assert found.loc["A", "channel_source"] == "customer"
    assert found.loc["B", "acquisition_channel"] == "Shop"
    assert found.loc["B", "channel_source"] == "first order"
    assert found.loc["C", "acquisition_channel"] == "Mailing"
    assert found.loc["C", "channel_source"] == "lead"
    assert found.loc["D", "acquisition_channel"] == "(unknown)"
    assert found.loc["D", "channel_source"] == "unknown"


def test_missing_keys_case_channels(cases_dir):
    # Order 2 (C2) has no channel and order 3 no customer: by channel of the
    # customer, C1 is Paid Search and C2 unknown.
    frame = pd.read_csv(cases_dir / "C17_orders_missing_keys.csv", dtype=str)
    frame["order_date"] = pd.Timestamp("2024-06-01")
    frame["amount"] = frame["amount"].astype(float)
    frame = frame.replace({float("nan"): None})
    result = acquisition_channels(frame, as_of=AS_OF).execute()
    found = result.set_index("customer_id")["acquisition_channel"].to_dict()
    assert found == {"C1": "Paid Search", "C2": "(unknown)"}
