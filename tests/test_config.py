"""Parameter files: YAML typing, strings, unknown keys and bad values."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from portfolio.config import load_params
from portfolio.errors import ParameterError
from portfolio.yaml_strict import load_yaml, load_yaml_text

MINIMAL = """
as_of: 2024-03-31
sources:
  orders:
    - path: orders.csv
      columns: {order_date: Date, amount: Amount}
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "set.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_yaml_typing_case(cases_dir):
    values = load_yaml(cases_dir / "C01_params_typing.yaml")
    assert values["as_of_date"] == dt.date(2024, 3, 31)
    # YAML 1.1 would give the octal 456, False and the sexagesimal 750.
    assert values["cost_center"] == "0710"
    assert values["country"] == "NO"
    assert values["report_cutoff_time"] == "12:30"
    assert values["region_filter"] is None
    assert values["channels"] == ["Paid Search", "Referral", "Trade Fair"]
    thresholds = values["thresholds"]
    assert thresholds == {"cold_after_days": 180, "vip_min_spend": 1500.0}
    assert type(thresholds["cold_after_days"]) is int
    assert type(thresholds["vip_min_spend"]) is float


def test_yaml_strings_case(cases_dir):
    values = load_yaml(cases_dir / "C02_params_strings.yaml")
    assert values["business_unit"] == 'O\'Hara & "Partners" Ltd'
    assert len(values["business_unit"]) == 23
    assert (
        values["report_title"] == 'Customer portfolio Q1/2024\nRegion "Nord \\ Ost"\n'
    )
    assert values["data_path"] == "C:\\exports\\crm\\nord\\orders.csv"
    assert values["data_path"].count("\\") == 4
    assert "\n" not in values["data_path"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("v: 00", "00"),
        ("v: yes", "yes"),
        ("v: off", "off"),
        ("v: 1_000", "1_000"),
        ("v: 0x1F", "0x1F"),
        ("v: 1:30:00", "1:30:00"),
        ("v: 12", 12),
        ("v: -3.5", -3.5),
        ("v: true", True),
        ("v: ~", None),
    ],
)
def test_yaml_core_types_only(text, expected):
    assert load_yaml_text(text)["v"] == expected


def test_minimal_file_gets_defaults(tmp_path):
    params = load_params(write(tmp_path, MINIMAL))
    assert params.as_of == dt.date(2024, 3, 31)
    assert params.thresholds.cold_after_days == 365
    assert params.thresholds.frequency_days == {
        "monthly": 61,
        "quarterly": 137,
        "half-yearly": 274,
        "yearly": 548,
    }
    assert params.business_units.values == "all"


def test_unknown_key_gets_hint(tmp_path):
    path = write(tmp_path, MINIMAL + "thresholds: {cold_after_day: 180}\n")
    with pytest.raises(
        ParameterError, match=r"thresholds\.cold_after_day.*cold_after_days"
    ):
        load_params(path)


def test_unknown_top_key_names_file(tmp_path):
    path = write(tmp_path, MINIMAL + "bussiness_units: {values: all}\n")
    with pytest.raises(
        ParameterError, match=r"(?s)set\.yaml.*Did you mean 'business_units'"
    ):
        load_params(path)


def test_unknown_column_gets_hint(tmp_path):
    text = MINIMAL.replace("amount: Amount", "amont: Amount")
    with pytest.raises(ParameterError, match=r"unknown column 'amont'.*'amount'"):
        load_params(write(tmp_path, text))


def test_missing_required_column(tmp_path):
    text = MINIMAL.replace("order_date: Date, ", "")
    with pytest.raises(ParameterError, match=r"required column 'order_date'"):
        load_params(write(tmp_path, text))


def test_as_of_with_time_is_rejected(tmp_path):
    text = MINIMAL.replace("as_of: 2024-03-31", "as_of: 2024-03-31 10:00")
    with pytest.raises(ParameterError, match=r"as_of"):
        load_params(write(tmp_path, text))


def test_unordered_bounds_are_rejected(tmp_path):
    text = MINIMAL + "thresholds: {frequency_days: {monthly: 200}}\n"
    with pytest.raises(ParameterError, match=r"increase from monthly to yearly"):
        load_params(write(tmp_path, text))


def test_missing_file_says_what_to_do(tmp_path):
    with pytest.raises(ParameterError, match=r"not found.*params/demo\.yaml"):
        load_params(tmp_path / "absent.yaml")


def test_shipped_params_are_valid():
    root = Path(__file__).resolve().parents[1] / "params"
    for path in sorted(root.glob("*.yaml")):
        assert load_params(path).as_of is not None, path


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("as_of: 2024-02-30", r"invalid value: day is out of range"),
        ("as_of: 86400", r"as_of must be a day written YYYY-MM-DD, got 86400"),
    ],
)
def test_bad_as_of_values(tmp_path, line, message):
    text = MINIMAL.replace("as_of: 2024-03-31", line)
    with pytest.raises(ParameterError, match=message):
        load_params(write(tmp_path, text))


def test_key_written_twice(tmp_path):
    path = write(tmp_path, MINIMAL + "as_of: 2024-04-30\n")
    with pytest.raises(ParameterError, match=r"key 'as_of' is written twice"):
        load_params(path)


def test_boolean_is_not_a_count(tmp_path):
    path = write(tmp_path, MINIMAL + "thresholds: {cold_after_days: true}\n")
    with pytest.raises(ParameterError, match=r"cold_after_days': Input should be"):
        load_params(path)


def test_unit_column_must_be_an_orders_column(tmp_path):
    path = write(tmp_path, MINIMAL + "business_units: {column: region}\n")
    with pytest.raises(ParameterError, match=r"'region' is not a column of the orders"):
        load_params(path)


def test_unit_values_must_be_a_list(tmp_path):
    path = write(tmp_path, MINIMAL + "business_units: {values: North}\n")
    with pytest.raises(ParameterError, match=r"Write \[North\] for one unit"):
        load_params(path)


def test_file_key_typo_gets_hint(tmp_path):
    text = MINIMAL.replace(
        "- path: orders.csv", "- path: orders.csv\n      delimeter: ';'"
    )
    with pytest.raises(ParameterError, match=r"Did you mean 'delimiter'"):
        load_params(write(tmp_path, text))


def test_parameter_file_not_utf8(tmp_path):
    path = tmp_path / "latin.yaml"
    path.write_bytes(
        MINIMAL.replace("orders.csv", "bestellungen\xe4.csv").encode("latin-1")
    )
    with pytest.raises(ParameterError, match=r"not UTF-8 text"):
        load_params(path)
