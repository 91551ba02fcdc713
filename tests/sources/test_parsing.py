"""Parsing of numbers and dates as exports write them."""

import numpy as np
import pandas as pd
import pytest

from portfolio.errors import DateFormatError, SourceError
from portfolio.sources import parse_dates, parse_numbers


def stamps(*texts: str | None) -> pd.DatetimeIndex:
    return pd.DatetimeIndex([pd.Timestamp(text) if text else pd.NaT for text in texts])


def assert_same(result: pd.Series, expected: pd.DatetimeIndex) -> None:
    expected_series = pd.Series(expected, index=result.index, dtype="datetime64[ns]")
    pd.testing.assert_series_equal(result, expected_series, check_names=False)


# Numbers


def test_numbers_c09_european():
    values = pd.Series(["1.320,00 €", "600,00 €", "1\u00a0234,56 €", "89,90 €"])
    result = parse_numbers(values, decimal=",", thousands=".")

    assert result.tolist() == [1320.00, 600.00, 1234.56, 89.90]
    # 1320.00 + 600.00 + 1234.56 + 89.90 = 3244.46
    assert result.sum() == pytest.approx(3244.46)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(45,00)", -45.0),
        ("45,00-", -45.0),
        ("-45,00", -45.0),
        ("+45,00", 45.0),
        ("-€ 45,00", -45.0),
        ("€-45,00", -45.0),
        ("(1.234,50 €)", -1234.5),
        ("EUR 7", 7.0),
        ("7 eur", 7.0),
        ("1\u202f000", 1000.0),
        ("1 000 000,5", 1000000.5),
        ("60.000", 60000.0),
        (",5", 0.5),
    ],
)
def test_numbers_signs_and_currencies(text, expected):
    result = parse_numbers(pd.Series([text]), decimal=",", thousands=".")

    assert result.iloc[0] == expected


@pytest.mark.parametrize(
    "text",
    [
        "1,234.56",  # English separators in a decimal-comma column
        "1.32",  # a dot that groups fewer than three digits
        "1.2345,00",
        "12%",
        "--5",
        "(5",
        "-5-",
        "(-5)",
        "5 € 5",
        "abc",
        "",
        "1,2,3",
    ],
)
def test_numbers_contradictions_are_nan(text):
    result = parse_numbers(pd.Series([text]), decimal=",", thousands=".")

    assert np.isnan(result.iloc[0])


@pytest.mark.parametrize(
    ("text", "thousands", "expected"),
    [
        ("1,234.56", ",", 1234.56),
        ("$(3.00)", ",", -3.0),
        ("1234.56", None, 1234.56),
        ("1 234.56", None, 1234.56),
        ("1,234.56", None, np.nan),  # no thousands separator declared
        ("1.320,00", None, np.nan),
        ("1'234.5", "'", 1234.5),
        ("1\u00a0234", "\u00a0", 1234.0),
        ("2.5e3", None, 2500.0),
    ],
)
def test_numbers_decimal_point(text, thousands, expected):
    result = parse_numbers(pd.Series([text]), thousands=thousands)

    np.testing.assert_equal(result.iloc[0], expected)


def test_numbers_keep_index_and_name():
    values = pd.Series(["1", "", "x", "2"], index=[10, 11, 12, 13], name="amount")
    result = parse_numbers(values)

    assert result.dtype == np.float64
    assert result.name == "amount"
    assert result.index.tolist() == [10, 11, 12, 13]
    np.testing.assert_equal(result.to_numpy(), [1.0, np.nan, np.nan, 2.0])


def test_numbers_numeric_pass_through():
    result = parse_numbers(pd.Series([1, 2, 3]), decimal=",")

    assert result.dtype == np.float64
    assert result.tolist() == [1.0, 2.0, 3.0]


def test_numbers_mixed_objects():
    values = pd.Series(["1,5", 2.25, None, "x"], dtype=object)
    result = parse_numbers(values, decimal=",")

    np.testing.assert_equal(result.to_numpy(), [1.5, 2.25, np.nan, np.nan])


def test_numbers_empty_series():
    result = parse_numbers(pd.Series([], dtype=str))

    assert result.dtype == np.float64
    assert result.empty


@pytest.mark.parametrize(
    ("decimal", "thousands", "pattern"),
    [
        (";", None, "decimal must be '.' or ','"),
        (",", ",", "thousands must be one character other than"),
        (".", "..", "thousands must be one character other than"),
    ],
)
def test_numbers_invalid_separators(decimal, thousands, pattern):
    with pytest.raises(ValueError, match=pattern):
        parse_numbers(pd.Series(["1"]), decimal=decimal, thousands=thousands)


# Dates


C11 = ["03/04/2024", "13/04/2024", "45383", "2024-04-02", "12/01/2024"]


def test_dates_c11_detected_day_first():
    result = parse_dates(pd.Series(C11))

    # 13/04/2024 only reads day first, so the column is day-first. 45383 days after
    # 1899-12-30 is 2024-04-01.
    expected = stamps(
        "2024-04-03", "2024-04-13", "2024-04-01", "2024-04-02", "2024-01-12"
    )
    assert_same(result, expected)


def test_dates_c11_declared_day_first():
    result = parse_dates(pd.Series(C11), dayfirst=True)

    assert result.iloc[0] == pd.Timestamp("2024-04-03")
    assert result.iloc[4] == pd.Timestamp("2024-01-12")


def test_dates_c11_declared_month_first():
    # Month first, 13/04/2024 is invalid and the other dates read as month/day.
    result = parse_dates(pd.Series(C11), dayfirst=False)

    expected = stamps("2024-03-04", None, "2024-04-01", "2024-04-02", "2024-12-01")
    assert_same(result, expected)


def test_dates_ambiguous_column_raises():
    values = pd.Series(["03/04/2024", "12/01/2024", "", "2024-04-02"])
    lines = pd.Series([2, 3, 5, 6])

    pattern = (
        r"orders\.csv, column 'order_date': cannot determine the date format, "
        r"because %d/%m/%Y and %m/%d/%Y .*\n  line 2: '03/04/2024'\n"
        r"  line 3: '12/01/2024'\nSet 'dayfirst: true'.*'dayfirst: false'.*"
        r"'date_format'"
    )
    with pytest.raises(DateFormatError, match=pattern):
        parse_dates(values, source="orders.csv", column="order_date", lines=lines)


def test_dates_ambiguous_rows_capped():
    values = pd.Series(["03/04/2024"] * 12 + ["05/06/2024"])

    pattern = r"  row 10: '03/04/2024'\n  and 3 more rows\n"
    with pytest.raises(DateFormatError, match=pattern):
        parse_dates(values)


def test_dates_same_day_and_month_not_ambiguous():
    result = parse_dates(pd.Series(["03/03/2024", "11/11/2024"]))

    assert_same(result, stamps("2024-03-03", "2024-11-11"))


def test_dates_most_rows_win():
    # Day first reads 3 values and month first 2, so "12/31/2024" is left NaT.
    values = pd.Series(["13/01/2024", "25/12/2024", "01/02/2024", "12/31/2024"])
    result = parse_dates(values)

    assert_same(result, stamps("2024-01-13", "2024-12-25", "2024-02-01", None))


def test_dates_one_separator_for_column():
    values = pd.Series(["13.01.2024", "14.01.2024", "15/01/2024"])
    result = parse_dates(values, dayfirst=True)

    assert_same(result, stamps("2024-01-13", "2024-01-14", None))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-04-02", "2024-04-02"),
        ("2024-04-02 10:05", "2024-04-02 10:05"),
        ("2024-04-02T10:05:30", "2024-04-02 10:05:30"),
        ("2024-04-02 10:05:30.250", "2024-04-02 10:05:30.250"),
        ("2024-04-02T10:05:30+02:00", "2024-04-02 10:05:30"),
        ("2024-04-02T10:05:30Z", "2024-04-02 10:05:30"),
        ("45383", "2024-04-01"),
        ("45383.5", "2024-04-01 12:00"),
        ("  2024-04-02  ", "2024-04-02"),
        ("2024-02-30", None),
        ("19999", None),
        ("80001", None),
        ("9999-12-31", None),  # after 2262, beyond datetime64[ns]
        ("", None),
        ("soon", None),
    ],
)
def test_dates_iso_and_serials(text, expected):
    result = parse_dates(pd.Series([text]))

    assert_same(result, stamps(expected))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5.2.24", "2024-02-05"),
        ("5.2.69", "1969-02-05"),
        ("05-02-2024 10:05", "2024-02-05 10:05"),
        ("05/02/2024 10:05:30", "2024-02-05 10:05:30"),
        ("05/02/2024, 1:05 PM", "2024-02-05 13:05"),
        ("05/02/2024 12:00 am", "2024-02-05 00:00"),
        ("05/02/2024 13:00 PM", None),
        ("05/02/2024 24:00", None),
        ("31/02/2024", None),
    ],
)
def test_dates_day_first_shapes(text, expected):
    result = parse_dates(pd.Series([text]), dayfirst=True)

    assert_same(result, stamps(expected))


def test_dates_declared_format():
    values = pd.Series(["05.02.2024 10:05", "2024-04-02", "45383", "5/2/2024", ""])
    result = parse_dates(values, date_format="%d.%m.%Y %H:%M")

    expected = stamps("2024-02-05 10:05", "2024-04-02", "2024-04-01", None, None)
    assert_same(result, expected)


def test_dates_invalid_declared_format():
    pattern = r"orders\.csv, column 'order_date': cannot read dates with date_format"
    with pytest.raises(SourceError, match=pattern):
        parse_dates(
            pd.Series(["2024"]),
            date_format="%Y %Q",
            source="orders.csv",
            column="order_date",
        )


def test_dates_datetime_pass_through():
    aware = pd.Series(pd.to_datetime(["2024-01-01 10:00"]).tz_localize("Europe/Berlin"))
    result = parse_dates(aware)

    assert result.dtype == "datetime64[ns]"
    assert result.iloc[0] == pd.Timestamp("2024-01-01 10:00")


def test_dates_numbers_as_serials():
    result = parse_dates(pd.Series([45383, 45383.25, 12]))

    assert_same(result, stamps("2024-04-01", "2024-04-01 06:00", None))


def test_dates_python_dates():
    values = pd.Series([pd.Timestamp("2024-01-02").date(), None], dtype=object)
    result = parse_dates(values)

    assert_same(result, stamps("2024-01-02", None))


def test_dates_keep_index_and_name():
    values = pd.Series(["2024-01-02", None], index=[7, 9], name="order_date")
    result = parse_dates(values)

    assert result.name == "order_date"
    assert result.index.tolist() == [7, 9]


@pytest.mark.slow
def test_dates_million_iso_timestamps():
    rng = np.random.default_rng(20240101)
    seconds = rng.integers(0, 4 * 365 * 86_400, 1_000_000)
    expected = pd.Timestamp("2020-01-01") + pd.to_timedelta(seconds, unit="s")
    values = pd.Series(expected.strftime("%Y-%m-%d %H:%M:%S"), dtype=str)

    result = parse_dates(values)

    assert (result.to_numpy() == expected.to_numpy()).all()
