"""Validation: every input row is accepted or rejected with a reason."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest

from portfolio.analysis import customer_table, unattributed
from portfolio.config import Params
from portfolio.errors import DateFormatError, SourceError
from portfolio.validate import load_sources


def load(tmp_path: Path, files: list[dict], table: str = "orders"):
    """Load files mapped onto one table; other tables get a one-line orders file."""
    sources = {table: files}
    if table != "orders":
        path = write(tmp_path, "one_order.csv", "d,a\n2024-01-01,1\n")
        sources["orders"] = [
            {"path": path, "columns": {"order_date": "d", "amount": "a"}}
        ]
    params = Params.model_validate({"as_of": "2024-06-30", "sources": sources})
    return load_sources(params, params_file=tmp_path / "p.yaml")


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


ORDERS_2023 = """Invoice,Customer,Date,Qty,Price
1, C1 ,2023-05-01 10:00,2,10.00
2,C2,2023-05-02 11:00,1,5.50
2,C2,2023-05-02 11:00,1,5.50
3,,2023-05-03 12:00,1,7.00
4,C3,,1,1.00
5,C3,someday,1,1.00
6,C4,2023-05-04 09:00,abc,1.00
"""
ORDERS_2024 = """InvoiceNo;CustomerID;InvoiceDate;Quantity;UnitPrice
2;C2;2023-05-02 11:00;1;5,50
7;C1;2024-01-10 08:00;-1;10,00
"""
MAPPING_2023 = {
    "order_id": "Invoice",
    "customer_id": "Customer",
    "order_date": "Date",
    "quantity": "Qty",
    "unit_price": "Price",
}
MAPPING_2024 = {
    "order_id": "InvoiceNo",
    "customer_id": "CustomerID",
    "order_date": "InvoiceDate",
    "quantity": "Quantity",
    "unit_price": "UnitPrice",
}


@pytest.fixture
def two_exports(tmp_path):
    first = write(tmp_path, "2023.csv", ORDERS_2023)
    second = write(tmp_path, "2024.csv", ORDERS_2024)
    files = [
        {"path": first, "columns": MAPPING_2023},
        {"path": second, "delimiter": ";", "decimal": ",", "columns": MAPPING_2024},
    ]
    return load(tmp_path, files)


def test_every_row_is_counted(two_exports):
    for report in two_exports.files:
        rejected = sum(report.rows_rejected.values())
        assert report.rows_read == report.rows_accepted + rejected, report.file


def test_rejection_reasons_per_file(two_exports):
    first, second = two_exports.files
    # 7 rows: line 4 repeats line 3, line 6 has no date, line 7 an unreadable
    # date and line 8 an unreadable quantity; 3 accepted.
    assert first.rows_read == 7
    assert first.rows_accepted == 3
    assert first.rows_rejected == {
        "duplicate": 1,
        "missing order_date": 1,
        "unparseable order_date": 1,
        "unparseable quantity": 1,
    }
    # The 2024 export repeats invoice 2 of 2023 under other headers.
    assert second.rows_read == 2
    assert second.rows_accepted == 1
    assert second.rows_rejected == {"duplicate": 1}


def test_rejected_rows_keep_file_line_and_values(two_exports):
    rejected = two_exports.rejected.set_index(["reason"])
    row = rejected.loc["unparseable quantity"]
    assert row["file"].endswith("2023.csv")
    assert row["line"] == 8
    assert json.loads(row["values"])["quantity"] == "abc"
    across = two_exports.rejected[two_exports.rejected["file"].str.endswith("2024.csv")]
    assert across["line"].tolist() == [2]


def test_text_is_stripped_and_amount_derived(two_exports):
    orders = two_exports.tables["orders"].set_index("order_id")
    assert orders.loc["1", "customer_id"] == "C1"
    # 2 x 10.00 = 20.00; the 2024 return: -1 x 10,00 = -10.00
    assert orders.loc["1", "amount"] == pytest.approx(20.00)
    assert orders.loc["7", "amount"] == pytest.approx(-10.00)
    assert pd.isna(orders.loc["3", "customer_id"])


def test_missing_file_names_it(tmp_path):
    files = [{"path": str(tmp_path / "absent.csv"), "columns": MAPPING_2023}]
    with pytest.raises(SourceError, match=r"absent\.csv"):
        load(tmp_path, files)


def test_missing_column_names_file_and_column(tmp_path):
    path = write(tmp_path, "orders.csv", ORDERS_2023)
    mapping = {**MAPPING_2023, "amount": "Total"}
    with pytest.raises(SourceError, match=r"(?s)orders\.csv.*Total"):
        load(tmp_path, [{"path": path, "columns": mapping}])


def test_amount_or_quantity_and_price_required(tmp_path):
    path = write(tmp_path, "orders.csv", ORDERS_2023)
    mapping = {"order_id": "Invoice", "order_date": "Date"}
    with pytest.raises(SourceError, match=r"neither 'amount' nor both"):
        load(tmp_path, [{"path": path, "columns": mapping}])


def test_locale_case(tmp_path, cases_dir):
    spec = {
        "path": str(cases_dir / "C09_orders_locale.csv"),
        "delimiter": ";",
        "decimal": ",",
        "thousands": ".",
        "dayfirst": True,
        "columns": {
            "customer_id": "kunde_id",
            "order_date": "bestelldatum",
            "amount": "betrag",
        },
    }
    orders = load(tmp_path, [spec]).tables["orders"]
    assert orders["amount"].round(2).tolist() == [1320.00, 600.00, 1234.56, 89.90]
    # 1320.00 + 600.00 + 1234.56 + 89.90 = 3244.46
    assert orders["amount"].sum() == pytest.approx(3244.46)
    by_customer = orders.groupby("customer_id")["amount"].agg(["sum", "size"])
    assert by_customer.loc["K-001", "sum"] == pytest.approx(1920.00)
    assert by_customer.loc["K-001", "size"] == 2
    assert orders["order_date"].dt.date.tolist()[0] == dt.date(2024, 2, 5)


def test_date_case_recency(tmp_path, cases_dir):
    spec = {
        "path": str(cases_dir / "C11_orders_dates.csv"),
        "columns": {"customer_id": "customer_id", "order_date": "order_date"},
        "values": {},
    }
    path = write(tmp_path, "with_amount.csv", "")
    frame = pd.read_csv(spec["path"], dtype=str)
    frame["amount"] = "10.00"
    frame.to_csv(path, index=False)
    spec = {**spec, "path": path, "columns": {**spec["columns"], "amount": "amount"}}
    orders = load(tmp_path, [spec]).tables["orders"]
    table = customer_table(orders, as_of=dt.date(2024, 4, 30)).execute()
    table = table.set_index("customer_id")
    # C1: 03 and 13 April (gap 10), recency 30 - 13 = 17; C2: serial 45383 is
    # 2024-04-01, then 04-02, recency 28; C3: 12 January, recency 109.
    assert table.loc["C1", "median_gap_days"] == 10
    assert table.loc["C1", "recency_days"] == 17
    assert table.loc["C2", "first_purchase"] == pd.Timestamp("2024-04-01")
    assert table.loc["C2", "recency_days"] == 28
    assert table.loc["C3", "recency_days"] == 109


def test_ambiguous_dates_stop_the_run(tmp_path):
    path = write(tmp_path, "o.csv", "d,a\n03/04/2024,1\n05/06/2024,2\n")
    spec = {"path": path, "columns": {"order_date": "d", "amount": "a"}}
    with pytest.raises(DateFormatError, match=r"(?s)o\.csv.*dayfirst"):
        load(tmp_path, [spec])


def test_missing_keys_case(tmp_path, cases_dir):
    spec = {
        "path": str(cases_dir / "C17_orders_missing_keys.csv"),
        "columns": {
            "order_id": "order_id",
            "customer_id": "customer_id",
            "channel": "channel",
            "amount": "amount",
        },
        "values": {"order_date": "2024-06-01"},
    }
    orders = load(tmp_path, [spec]).tables["orders"]
    totals = unattributed(orders, as_of=dt.date(2024, 6, 30))
    # 100 + 50 + 30 + 20 = 200.00, of which order 3 (30.00) has no customer.
    assert totals["revenue"] == pytest.approx(200.00)
    assert totals["unattributed_revenue"] == pytest.approx(30.00)
    assert totals["unattributed_lines"] == 1
    assert orders["channel"].isna().sum() == 1
    by_customer = orders.groupby(orders["customer_id"].fillna("unattributed"))
    assert by_customer["amount"].sum().to_dict() == pytest.approx(
        {"C1": 120.0, "C2": 50.0, "unattributed": 30.0}
    )


def test_returns_case(tmp_path, cases_dir):
    spec = {
        "path": str(cases_dir / "C14_invoice_lines_returns.csv"),
        "columns": {
            "order_id": "invoice_id",
            "customer_id": "customer_id",
            "order_date": "invoice_date",
            "product_name": "product",
            "quantity": "quantity",
            "unit_price": "unit_price",
        },
    }
    orders = load(tmp_path, [spec]).tables["orders"]
    table = customer_table(orders, as_of=dt.date(2024, 6, 30)).execute()
    table = table.set_index("customer_id")
    # R1: 2 x 30 + 120 - 120 = 60.00 net, 180.00 gross, 2 purchases, recency 41.
    assert table.loc["R1", "revenue"] == pytest.approx(60.00)
    assert (
        orders.loc[orders["customer_id"] == "R1", "amount"].clip(lower=0).sum() == 180
    )
    assert table.loc["R1", "orders"] == 2
    assert table.loc["R1", "recency_days"] == 41
    # R2: 30 - 30 = 0.00 net, 1 purchase, recency 29.
    assert table.loc["R2", "revenue"] == pytest.approx(0.00)
    assert table.loc["R2", "orders"] == 1
    assert table.loc["R2", "recency_days"] == 29


def test_customer_key_duplicates(tmp_path):
    path = write(
        tmp_path,
        "customers.csv",
        "id,name\nK1,Alpha\nK1,Alpha GmbH\nK2,Beta\n",
    )
    spec = {"path": path, "columns": {"customer_id": "id", "name": "name"}}
    result = load(tmp_path, [spec], table="customers")
    customers = result.tables["customers"]
    assert customers["customer_id"].tolist() == ["K1", "K2"]
    report = [item for item in result.files if item.table == "customers"][0]
    assert report.rows_rejected == {"duplicate key": 1}


def test_encoding_cases(tmp_path, cases_dir):
    bom = {
        "path": str(cases_dir / "C10_customers_utf8_bom.csv"),
        "columns": {"customer_id": "customer_id", "name": "name", "city": "city"},
    }
    customers = load(tmp_path, [bom], table="customers").tables["customers"]
    assert customers["name"].tolist() == ["Jürgen Weiß", "Zoë Lefèvre"]
    cp1252 = {
        "path": str(cases_dir / "C10_customers_cp1252.csv"),
        "delimiter": ";",
        "columns": {"customer_id": "customer_id", "name": "name", "city": "city"},
    }
    customers = load(tmp_path, [cp1252], table="customers").tables["customers"]
    assert customers["city"].tolist() == ["Köln", "Liège"]


def test_duplicates_keep_original_text(two_exports):
    rejected = two_exports.rejected
    across = rejected[rejected["file"].str.endswith("2024.csv")].iloc[0]
    # The 2024 export writes the price of invoice 2 as "5,50", as the file has it.
    assert json.loads(across["values"])["unit_price"] == "5,50"
    assert across["reason"] == "duplicate"


def test_line_with_extra_field_is_rejected(tmp_path):
    # "1,234.50" with a comma delimiter splits into two fields: the line has six
    # fields under five headers, so its values would shift into the wrong columns.
    path = write(
        tmp_path,
        "orders.csv",
        'c,o,d,a,u\nC1,O1,2024-01-05,1,234.50,N\nC2,O2,2024-01-06,"1,5",N\n'
        "C3,O3,2024-01-07,7,N\n",
    )
    mapping = {
        "customer_id": "c",
        "order_id": "o",
        "order_date": "d",
        "amount": "a",
        "business_unit": "u",
    }
    result = load(tmp_path, [{"path": path, "columns": mapping}])
    report = result.files[0]
    assert report.rows_rejected == {
        "more fields than the header": 1,
        "unparseable amount": 1,
    }
    assert result.rejected["line"].tolist() == [2, 3]
    assert result.tables["orders"]["customer_id"].tolist() == ["C3"]


def test_infinite_amount_is_rejected(tmp_path):
    path = write(tmp_path, "o.csv", "d,a\n2024-01-01,1e309\n2024-01-02,5\n")
    spec = {"path": path, "columns": {"order_date": "d", "amount": "a"}}
    result = load(tmp_path, [spec])
    assert result.files[0].rows_rejected == {"unparseable amount": 1}
    assert result.tables["orders"]["amount"].tolist() == [5.0]


def test_parquet_float_ids_read_as_whole(tmp_path):
    # Integer ids with a null are stored as floats; 1001.0 must read as "1001".
    frame = pd.DataFrame(
        {
            "id": [1001.0, None],
            "d": pd.to_datetime(["2024-01-01", "2024-01-02"]),
            "a": [1.0, 2.0],
        }
    )
    frame.to_parquet(tmp_path / "o.parquet")
    spec = {
        "path": str(tmp_path / "o.parquet"),
        "columns": {"customer_id": "id", "order_date": "d", "amount": "a"},
    }
    orders = load(tmp_path, [spec]).tables["orders"]
    assert orders["customer_id"].tolist()[0] == "1001"
    assert pd.isna(orders["customer_id"].tolist()[1])


def test_same_file_twice_is_rejected(tmp_path):
    path = write(tmp_path, "o.csv", "d,a\n2024-01-01,1\n")
    spec = {"path": path, "columns": {"order_date": "d", "amount": "a"}}
    with pytest.raises(ValueError, match=r"listed twice under 'orders'"):
        load(tmp_path, [spec, spec])
