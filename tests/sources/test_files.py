import datetime as dt
import gzip
import logging
import re
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pandas as pd
import pytest

from portfolio.config import FileSpec
from portfolio.errors import SourceError
from portfolio.sources import LINE_COLUMN, parse_dates, parse_numbers, read_file


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def spec_for(path: Path, columns: dict[str, str], **options: Any) -> FileSpec:
    return FileSpec(path=str(path), columns=columns, **options)


C09_COLUMNS = {
    "customer_id": "kunde_id",
    "order_date": "bestelldatum",
    "amount": "betrag",
}


def read_c09(cases_dir: Path) -> pd.DataFrame:
    path = cases_dir / "C09_orders_locale.csv"
    spec = spec_for(
        path, C09_COLUMNS, delimiter=";", decimal=",", thousands=".", dayfirst=True
    )
    return read_file(spec, path).frame


def test_c09_amounts_as_written(cases_dir):
    frame = read_c09(cases_dir)

    assert list(frame.columns) == ["customer_id", "order_date", "amount", LINE_COLUMN]
    assert frame["amount"].tolist() == [
        "1.320,00 €",
        "600,00 €",
        "1\u00a0234,56 €",
        "89,90 €",
    ]
    assert frame[LINE_COLUMN].tolist() == [2, 3, 4, 5]


def test_c09_amounts_and_total(cases_dir):
    frame = read_c09(cases_dir)
    amounts = parse_numbers(frame["amount"], decimal=",", thousands=".")

    assert amounts.tolist() == [1320.00, 600.00, 1234.56, 89.90]
    # 1320.00 + 600.00 + 1234.56 + 89.90 = 3244.46
    assert amounts.sum() == pytest.approx(3244.46)
    by_customer = amounts.groupby(frame["customer_id"]).agg(["count", "sum"])
    # K-001 ordered twice: 1320.00 + 600.00 = 1920.00
    assert by_customer.loc["K-001", "count"] == 2
    assert by_customer.loc["K-001", "sum"] == pytest.approx(1920.00)


def test_c09_dates_day_first(cases_dir):
    frame = read_c09(cases_dir)
    dates = parse_dates(frame["order_date"], dayfirst=True)

    expected = ["2024-02-05", "2024-02-19", "2024-03-11", "2024-03-28"]
    assert dates.tolist() == [pd.Timestamp(day) for day in expected]


C10_COLUMNS = {"customer_id": "customer_id", "name": "name", "city": "city"}


@pytest.mark.parametrize("encoding", ["auto", "utf-8", "UTF8"])
def test_c10_bom_not_in_header(cases_dir, encoding):
    path = cases_dir / "C10_customers_utf8_bom.csv"
    frame = read_file(spec_for(path, C10_COLUMNS, encoding=encoding), path).frame

    assert list(frame.columns) == ["customer_id", "name", "city", LINE_COLUMN]
    assert frame["name"].tolist() == ["Jürgen Weiß", "Zoë Lefèvre"]
    assert frame["city"].tolist() == ["Köln", "Liège"]


def read_c10_cp1252(cases_dir: Path, encoding: str) -> pd.DataFrame:
    path = cases_dir / "C10_customers_cp1252.csv"
    columns = {**C10_COLUMNS, "last_campaign": "note"}
    spec = spec_for(path, columns, delimiter=";", encoding=encoding)
    return read_file(spec, path).frame


@pytest.mark.parametrize("encoding", ["auto", "cp1252", "windows-1252"])
def test_c10_cp1252_decoded(cases_dir, encoding):
    frame = read_c10_cp1252(cases_dir, encoding)

    assert frame["name"].iloc[0] == "Jürgen Weiß"
    assert frame["city"].iloc[0] == "Köln"
    assert frame["last_campaign"].iloc[0] == "„Stammkunde“ – 5 € Rabatt"
    text = "".join(frame[["name", "city", "last_campaign"]].to_numpy().ravel())
    assert not re.search("[\x00-\x1f\x7f-\x9f]", text)


def test_c10_cp1252_detection_logged(cases_dir, caplog):
    with caplog.at_level(logging.INFO, logger="portfolio.sources.files"):
        read_c10_cp1252(cases_dir, "auto")

    assert "read as Windows-1252" in caplog.text
    assert "byte 0xFC on line 2" in caplog.text


def test_c10_declared_utf8_names_cp1252(cases_dir):
    with pytest.raises(SourceError, match=r"C10_customers_cp1252\.csv.*cp1252"):
        read_c10_cp1252(cases_dir, "utf-8")


def test_c10_declared_latin1_rejects_controls(cases_dir):
    pattern = r"C10_customers_cp1252\.csv.*U\+0084 on line 2.*Windows-1252"
    with pytest.raises(SourceError, match=pattern):
        read_c10_cp1252(cases_dir, "latin-1")


def test_c11_dates_detected_day_first(cases_dir):
    path = cases_dir / "C11_orders_dates.csv"
    columns = {"customer_id": "customer_id", "order_date": "order_date"}
    frame = read_file(spec_for(path, columns), path).frame
    dates = parse_dates(
        frame["order_date"], source=str(path), column="order_date", lines=frame._line
    )

    # 45383 days after 1899-12-30 is 2024-04-01 (Excel serial number).
    expected = ["2024-04-03", "2024-04-13", "2024-04-01", "2024-04-02", "2024-01-12"]
    assert frame["customer_id"].tolist() == ["C1", "C1", "C2", "C2", "C3"]
    assert dates.tolist() == [pd.Timestamp(day) for day in expected]


def test_missing_file(tmp_path):
    path = tmp_path / "nope.csv"
    with pytest.raises(SourceError, match=r"nope\.csv: file not found"):
        read_file(spec_for(path, {"customer_id": "id"}), path)


def test_missing_header_hint(tmp_path):
    path = write(tmp_path / "orders.csv", "Customer ID,Order Date\nC1,2024-01-01\n")
    spec = spec_for(path, {"customer_id": "Customer Id", "order_date": "Order Date"})

    pattern = (
        r"orders\.csv: header 'Customer Id', mapped to 'customer_id', is missing\. "
        r"Did you mean 'Customer ID'\? The file's headers are: 'Customer ID', "
        r"'Order Date'\."
    )
    with pytest.raises(SourceError, match=pattern):
        read_file(spec, path)


def test_duplicate_header(tmp_path):
    path = write(tmp_path / "orders.csv", "id,amount,id\nC1,5,C2\n")
    with pytest.raises(SourceError, match=r"header 'id' appears in columns 1, 3"):
        read_file(spec_for(path, {"customer_id": "id"}), path)


def test_unmapped_duplicate_allowed(tmp_path):
    path = write(tmp_path / "orders.csv", "id,,\nC1,,\n")
    frame = read_file(spec_for(path, {"customer_id": "id"}), path).frame

    assert frame["customer_id"].tolist() == ["C1"]


@pytest.mark.parametrize("content", ["", "\ufeff", " \r\n\n"])
def test_empty_file(tmp_path, content):
    path = write(tmp_path / "orders.csv", content)
    with pytest.raises(SourceError, match=r"orders\.csv is empty"):
        read_file(spec_for(path, {"customer_id": "id"}), path)


def test_header_only_file(tmp_path):
    path = write(tmp_path / "orders.csv", "id,amount\n")
    raw = read_file(spec_for(path, {"customer_id": "id"}), path)

    assert raw.rows_read == 0
    assert list(raw.frame.columns) == ["customer_id", LINE_COLUMN]


def test_neither_utf8_nor_cp1252(tmp_path):
    path = tmp_path / "orders.csv"
    path.write_bytes(b"id\nK\xfc\n\x81\n")
    pattern = r"orders\.csv: byte 0x81 on line 3 is not valid UTF-8 or cp1252"
    with pytest.raises(SourceError, match=pattern):
        read_file(spec_for(path, {"customer_id": "id"}), path)


def test_unknown_encoding(tmp_path):
    path = write(tmp_path / "orders.csv", "id\nC1\n")
    with pytest.raises(SourceError, match=r"unknown encoding 'utf-9'"):
        read_file(spec_for(path, {"customer_id": "id"}, encoding="utf-9"), path)


def test_text_kept_and_stripped(tmp_path):
    text = "id;name;zip\n 0710 ;\u00a0NA\u202f;null\n0042;;\t0001 \n"
    path = write(tmp_path / "customers.csv", text)
    columns = {"customer_id": "id", "name": "name", "city": "zip"}
    frame = read_file(spec_for(path, columns, delimiter=";"), path).frame

    assert frame["customer_id"].tolist() == ["0710", "0042"]
    assert frame["name"].tolist() == ["NA", ""]
    assert frame["city"].tolist() == ["null", "0001"]


def test_header_whitespace_ignored(tmp_path):
    path = write(tmp_path / "orders.csv", 'id ,"amount "\nC1,5\n')
    frame = read_file(spec_for(path, {"customer_id": " id", "amount": "amount"}), path)

    assert frame.frame["customer_id"].tolist() == ["C1"]
    assert frame.frame["amount"].tolist() == ["5"]


def test_gzip_read_transparently(tmp_path):
    path = tmp_path / "orders.csv.gz"
    path.write_bytes(gzip.compress(b"id,amount\nC1,5\nC2,7\n"))
    raw = read_file(spec_for(path, {"customer_id": "id", "amount": "amount"}), path)

    assert raw.rows_read == 2
    assert raw.frame["amount"].tolist() == ["5", "7"]
    assert raw.frame[LINE_COLUMN].tolist() == [2, 3]


def test_lines_count_quoted_breaks(tmp_path):
    # Line 3 has a field that spans lines 3 and 4, line 5 is blank and the field
    # on line 6 contains an escaped quote and a line break.
    text = 'id,note\r\nC1,plain\r\nC2,"two\r\nlines"\r\n\r\nC3,"a ""b""\nc"\nC4,end'
    path = write(tmp_path / "orders.csv", text)
    frame = read_file(spec_for(path, {"customer_id": "id", "note": "note"}), path).frame

    assert frame["customer_id"].tolist() == ["C1", "C2", "C3", "C4"]
    assert frame["note"].tolist() == ["plain", "two\r\nlines", 'a "b"\nc', "end"]
    assert frame[LINE_COLUMN].tolist() == [2, 3, 6, 8]


def test_lines_after_leading_blank_lines(tmp_path):
    path = write(tmp_path / "orders.csv", "\n  \nid\nC1\n")
    frame = read_file(spec_for(path, {"customer_id": "id"}), path).frame

    assert frame["customer_id"].tolist() == ["C1"]
    assert frame[LINE_COLUMN].tolist() == [4]


def test_unclosed_quote_invalid(tmp_path):
    path = write(tmp_path / "orders.csv", 'id,name\nC1,"open\n')
    with pytest.raises(SourceError, match=r"orders\.csv is not a valid CSV file"):
        read_file(spec_for(path, {"customer_id": "id"}), path)


def test_lines_fall_back_on_stray_quote(tmp_path):
    # The quote inside an unquoted field breaks the quote count, so the lines are
    # the record numbers + 1.
    text = 'id,name\nC1,12" pipe\n\nC2,ok\n'
    path = write(tmp_path / "orders.csv", text)
    frame = read_file(spec_for(path, {"customer_id": "id"}), path).frame

    assert frame["customer_id"].tolist() == ["C1", "C2"]
    assert frame[LINE_COLUMN].tolist() == [2, 3]


def test_values_added_as_constants(tmp_path):
    path = write(tmp_path / "orders.csv", "id\nC1\nC2\n")
    spec = spec_for(path, {"customer_id": "id"}, values={"business_unit": "Nord"})
    frame = read_file(spec, path).frame

    assert frame["business_unit"].tolist() == ["Nord", "Nord"]


def test_column_and_constant_conflict(tmp_path):
    path = write(tmp_path / "orders.csv", "id,unit\nC1,Nord\n")
    columns = {"customer_id": "id", "business_unit": "unit"}
    with pytest.raises(ValueError, match=r"'business_unit' is given both"):
        spec_for(path, columns, values={"business_unit": "Sued"})


def test_same_header_for_two_columns(tmp_path):
    path = write(tmp_path / "orders.csv", "id\nC1\n")
    spec = spec_for(path, {"customer_id": "id", "order_id": "id"})
    frame = read_file(spec, path).frame

    assert frame["customer_id"].tolist() == ["C1"]
    assert frame["order_id"].tolist() == ["C1"]


def write_workbook(path: Path) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Orders"
    sheet.append([])
    sheet.append(["Customer", " Date ", "Amount", "Paid"])
    sheet.append(["0710", dt.datetime(2024, 4, 3, 10, 5), 12.0, True])
    sheet.append([])
    sheet.append(["  NA ", dt.date(2024, 1, 2), 1.5, None])
    sheet.append([None, 45383, -3, "no"])
    workbook.create_sheet("Empty")
    workbook.save(path)
    return path


EXCEL_COLUMNS = {
    "customer_id": "Customer",
    "order_date": "Date",
    "amount": "Amount",
    "newsletter": "Paid",
}


def test_excel_round_trip(tmp_path):
    path = write_workbook(tmp_path / "orders.xlsx")
    frame = read_file(spec_for(path, EXCEL_COLUMNS, sheet="Orders"), path).frame

    # The header is on sheet row 2 and row 4 is blank.
    assert frame[LINE_COLUMN].tolist() == [3, 5, 6]
    assert frame["customer_id"].tolist() == ["0710", "NA", ""]
    assert frame["order_date"].tolist() == [
        "2024-04-03 10:05:00",
        "2024-01-02 00:00:00",
        "45383",
    ]
    assert frame["amount"].tolist() == ["12", "1.5", "-3"]
    assert frame["newsletter"].tolist() == ["TRUE", "", "no"]


def test_excel_sheet_by_position(tmp_path):
    path = write_workbook(tmp_path / "orders.xlsx")
    frame = read_file(spec_for(path, EXCEL_COLUMNS, sheet=0), path).frame

    assert len(frame) == 3


def test_excel_missing_sheet(tmp_path):
    path = write_workbook(tmp_path / "orders.xlsx")
    pattern = r"sheet 'Order' not found\. Did you mean 'Orders'\?"
    with pytest.raises(SourceError, match=pattern):
        read_file(spec_for(path, EXCEL_COLUMNS, sheet="Order"), path)


def test_excel_empty_sheet(tmp_path):
    path = write_workbook(tmp_path / "orders.xlsx")
    with pytest.raises(SourceError, match=r"sheet 'Empty' is empty"):
        read_file(spec_for(path, EXCEL_COLUMNS, sheet="Empty"), path)


def test_excel_not_a_workbook(tmp_path):
    path = write(tmp_path / "orders.xlsx", "id\nC1\n")
    with pytest.raises(SourceError, match=r"orders\.xlsx is not a readable Excel"):
        read_file(spec_for(path, EXCEL_COLUMNS), path)


def test_parquet_round_trip(tmp_path):
    path = tmp_path / "orders.parquet"
    pd.DataFrame(
        {
            "id ": [" a\u00a0", None, "0710"],
            "amount": [1.5, np.nan, 3.0],
            "when": [
                pd.Timestamp("2024-01-01 10:00"),
                pd.NaT,
                pd.Timestamp("2024-02-02"),
            ],
        }
    ).to_parquet(path)
    columns = {"customer_id": "id", "amount": "amount", "order_date": "when"}
    frame = read_file(spec_for(path, columns), path).frame

    assert frame["customer_id"].iloc[0] == "a"
    assert pd.isna(frame["customer_id"].iloc[1])
    assert frame["customer_id"].iloc[2] == "0710"
    assert frame["amount"].dtype == np.float64
    assert pd.api.types.is_datetime64_any_dtype(frame["order_date"])
    assert frame["order_date"].iloc[0] == pd.Timestamp("2024-01-01 10:00")
    assert frame[LINE_COLUMN].tolist() == [1, 2, 3]


def test_parquet_missing_header(tmp_path):
    path = tmp_path / "orders.parquet"
    pd.DataFrame({"amount": [1.0]}).to_parquet(path)
    with pytest.raises(SourceError, match=r"header 'amout'.*Did you mean 'amount'"):
        read_file(spec_for(path, {"amount": "amout"}), path)


def test_parquet_not_parquet(tmp_path):
    path = write(tmp_path / "orders.parquet", "id\nC1\n")
    with pytest.raises(SourceError, match=r"orders\.parquet is not a readable Parquet"):
        read_file(spec_for(path, {"customer_id": "id"}), path)


@pytest.mark.slow
def test_online_retail_totals(data_dir):
    path = data_dir / "uci_online_retail" / "online_retail.csv.gz"
    columns = {
        "quantity": "Quantity",
        "unit_price": "UnitPrice",
        "order_date": "InvoiceDate",
    }
    raw = read_file(spec_for(path, columns), path)
    quantity = parse_numbers(raw.frame["quantity"])
    price = parse_numbers(raw.frame["unit_price"])
    dates = parse_dates(raw.frame["order_date"])

    # Published with the dataset: 541,909 lines, sum(Quantity x UnitPrice)
    # 9,747,747.93 GBP, invoices from 2010-12-01 08:26 to 2011-12-09 12:50.
    assert raw.rows_read == 541_909
    assert raw.frame[LINE_COLUMN].iloc[-1] == 541_910
    assert (quantity * price).sum() == pytest.approx(9_747_747.93, abs=0.01)
    assert dates.min() == pd.Timestamp("2010-12-01 08:26")
    assert dates.max() == pd.Timestamp("2011-12-09 12:50")
