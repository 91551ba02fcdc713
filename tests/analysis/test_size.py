"""Company size classes from head count and revenue."""

from __future__ import annotations

import pandas as pd
import pytest

from portfolio.analysis.size import size_classes, with_size_class
from portfolio.engine import as_table


def classify(rows: list[tuple], bounds=None) -> dict[str, str]:
    records = pd.DataFrame(
        rows, columns=["customer_id", "employees", "company_revenue", "customer_type"]
    )
    result = size_classes(records, bounds=bounds).execute()
    return dict(zip(result["customer_id"], result["size_class"], strict=True))


@pytest.mark.parametrize(
    ("employees", "revenue", "expected"),
    [
        (9, 2e6, "micro"),  # under 10 people and at most 2 M
        (10, 1e6, "SME"),  # 10 people is not under 10
        (9, 2_000_000.01, "SME"),  # above 2 M by one cent
        (249, 50e6, "SME"),
        (250, 50e6, "mid-cap"),
        (4999, 1.5e9, "mid-cap"),
        (5000, 1e6, "large"),
        (10, 1.6e9, "large"),
        (None, 2e6, "micro"),  # only revenue known
        (300, None, "mid-cap"),  # only head count known
        (None, None, "unknown"),
    ],
)
def test_size_class_bounds(employees, revenue, expected):
    assert classify([("C", employees, revenue, "company")])["C"] == expected


def test_individual_wins_over_measures():
    assert classify([("P", 1, 1e3, "Individual")])["P"] == "individual"


def test_bounds_are_parameters():
    # With a micro bound of 5 people, a company of 7 is an SME.
    bounds = {"micro": {"employees": 5, "revenue": 2e6}}
    assert classify([("C", 7, 1e6, "company")], bounds)["C"] == "SME"


def test_customers_without_record_are_unknown():
    customers = as_table(pd.DataFrame({"customer_id": ["A", "B"]}))
    records = pd.DataFrame(
        {
            "customer_id": ["A"],
            "employees": [3],
            "company_revenue": [1e5],
            "customer_type": ["company"],
        }
    )
    result = with_size_class(customers, records).execute().set_index("customer_id")
    assert result.loc["A", "size_class"] == "micro"
    assert result.loc["B", "size_class"] == "unknown"
    no_records = with_size_class(customers, None).execute()
    assert set(no_records["size_class"]) == {"unknown"}
