"""Vectorised conversion of exported text into numbers and timestamps.

Both parsers convert the distinct values of a column and then map them back onto its
rows, so a column of a million rows with a few thousand distinct values costs a few
thousand conversions.
"""

from __future__ import annotations

import logging
import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..errors import DateFormatError, SourceError

logger = logging.getLogger(__name__)

# Patterns run on RE2 (pyarrow), whose \s and \d are ASCII only, so the no-break
# space (U+00A0) and the narrow no-break space (U+202F) are listed explicitly.
_SPACE = "[ \u00a0\u202f]"
_GAP = "[\\s\u00a0\u202f]*"
_CURRENCY = "(?:[€$£]|EUR|USD|GBP)"

# A trailing UTC offset is accepted and dropped, so the clock time in the file stays.
_ISO = (
    r"^(?P<stamp>\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)?)"
    r"(?:Z|[+-]\d{2}:?\d{2})?$"
)
_SERIAL = r"^\d{5}(?:\.\d+)?$"
_SERIAL_RANGE = (20_000, 80_000)  # 1954-10-03 to 2119-01-11
_EXCEL_EPOCH = pd.Timestamp("1899-12-30")
_DAY_MONTH = (
    r"^(?P<first>\d{1,2})(?P<sep>[/.\-])(?P<middle>\d{1,2})(?P<sep2>[/.\-])"
    r"(?:(?P<year>\d{4})|(?P<short_year>\d{2}))"
    r"(?:(?:,?\s+|T)(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?"
    r"(?:\s*(?P<meridiem>[AaPp][Mm]))?)?$"
)
_MAX_ROWS_SHOWN = 10
_TEXTUAL = ("string", "empty")  # pandas.api.types.infer_dtype of text columns


def parse_numbers(
    values: pd.Series, *, decimal: str = ".", thousands: str | None = None
) -> pd.Series:
    """Convert exported amounts such as ``"1.320,00 €"`` or ``"(45.00)"`` to floats.

    A value may carry a currency symbol or code (€, $, £, EUR, USD, GBP) before or
    after it, and a leading minus, trailing minus or parentheses for a negative
    amount. Thousands come in groups of three after ``thousands`` or after a space,
    a no-break space (U+00A0) or a narrow no-break space (U+202F). A value whose
    separators contradict the declared ones, such as ``"1,234.56"`` with
    ``decimal=","``, becomes NaN rather than a misread number, and so does a percent.

    Parameters
    ----------
    values
        Text as read from the file. A numeric series is returned as float64, and
        the numbers in an object series that mixes numbers and text are kept.
    decimal
        The decimal separator, ``"."`` or ``","``.
    thousands
        The thousands separator, or None when only spaces group thousands.

    Returns
    -------
    pandas.Series
        float64 on the index of ``values``, NaN where a value is blank or invalid.

    Raises
    ------
    ValueError
        If the separators are invalid or equal.

    Examples
    --------
    >>> parse_numbers(pd.Series(["1.320,00 €", "89,90"]), decimal=",", thousands=".")
    0    1320.0
    1      89.9
    dtype: float64
    """
    _check_separators(decimal, thousands)
    if pd.api.types.is_numeric_dtype(values.dtype):
        return values.astype("float64")
    if values.dtype == object and pd.api.types.infer_dtype(values) not in _TEXTUAL:
        return _parse_mixed(values, decimal, thousands)

    distinct, codes = _encode(values)
    parsed = _parse_number_texts(distinct, decimal, thousands)
    return _expand(parsed, codes, values)


def _check_separators(decimal: str, thousands: str | None) -> None:
    if decimal not in (".", ","):
        raise ValueError(f"decimal must be '.' or ',', got {decimal!r}.")
    if thousands is not None and (len(thousands) != 1 or thousands == decimal):
        raise ValueError(
            f"thousands must be one character other than the decimal separator "
            f"{decimal!r}, got {thousands!r}."
        )


def _parse_mixed(values: pd.Series, decimal: str, thousands: str | None) -> pd.Series:
    """Parse the text in an object series and keep the numbers it already contains."""
    # A Python call per row, which only object columns of mixed types pay for.
    is_text = values.map(lambda value: isinstance(value, str)).astype(bool)
    numbers = pd.to_numeric(values.where(~is_text), errors="coerce")
    texts = values.where(is_text, "").astype("string")
    parsed = parse_numbers(texts, decimal=decimal, thousands=thousands)
    return parsed.fillna(numbers.astype("float64"))


def _parse_number_texts(
    texts: pa.Array, decimal: str, thousands: str | None
) -> np.ndarray:
    parts = _extract(texts, _number_pattern(decimal, thousands))
    present = parts.fillna("") != ""
    signs = present[["lead", "sign", "trail"]].sum(axis=1) + present["open"]
    valid = present["number"] & present["open"].eq(present["close"]) & (signs <= 1)
    negative = present["open"] | (parts[["lead", "sign", "trail"]] == "-").any(axis=1)

    digits = parts["number"].where(valid).str.replace(_SPACE, "", regex=True)
    if thousands is not None:
        digits = digits.str.replace(thousands, "", regex=False)
    digits = digits.str.replace(decimal, ".", regex=False)
    numbers = pd.to_numeric(digits, errors="coerce").astype("float64")
    return numbers.where(~negative, -numbers).to_numpy()


def _number_pattern(decimal: str, thousands: str | None) -> str:
    grouped = [rf"\d{{1,3}}(?:{_SPACE}\d{{3}})+"]
    if thousands is not None and thousands.strip():
        grouped.append(rf"\d{{1,3}}(?:{re.escape(thousands)}\d{{3}})+")
    integer = "|".join([*grouped, r"\d+"])
    fraction = rf"{re.escape(decimal)}\d+"
    number = rf"(?:(?:{integer})(?:{fraction})?|{fraction})(?:e[-+]?\d+)?"
    money = rf"{_GAP}{_CURRENCY}?{_GAP}"
    return (
        rf"(?i)^{money}(?P<open>\()?{_GAP}(?P<lead>[-+])?{money}(?P<sign>[-+])?{_GAP}"
        rf"(?P<number>{number}){money}(?P<trail>-)?{_GAP}(?P<close>\))?{money}$"
    )


def parse_dates(
    values: pd.Series,
    *,
    date_format: str | None = None,
    dayfirst: bool | None = None,
    source: str = "",
    column: str = "",
    lines: pd.Series | None = None,
) -> pd.Series:
    """Convert exported dates and timestamps, detecting one format for the column.

    ISO values (``YYYY-MM-DD[ HH:MM[:SS]]``, a UTC offset being dropped) and Excel
    serial numbers from 20000 to 80000 (days since 1899-12-30) are always accepted.
    The other values are read with ``date_format`` when it is given. Otherwise one
    format is chosen for the whole column among day-first and month-first dates
    with ``/``, ``.`` or ``-`` and a year of four or two digits, followed by an
    optional ``HH:MM[:SS]`` time with an optional AM/PM. The format that reads the
    most rows wins, and the values it cannot read become NaT.

    Parameters
    ----------
    values
        Text as read from the file. A datetime series is returned without its time
        zone, and a numeric series is read as Excel serial numbers.
    date_format
        A ``strptime`` format that the values follow, such as ``"%d.%m.%Y"``.
    dayfirst
        True or False to consider only day-first or month-first formats.
    source, column
        The file and column, named in error messages.
    lines
        The line number of each value in the file, aligned with ``values`` by
        position, listed in error messages.

    Returns
    -------
    pandas.Series
        datetime64[ns] on the index of ``values``, NaT where a value is blank,
        invalid or outside the years 1677 to 2262.

    Raises
    ------
    DateFormatError
        If several formats read the most rows but give different dates, as for a
        column holding only "03/04/2024" and "12/01/2024".
    SourceError
        If ``date_format`` is not a valid format.
    """
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        stamps = values.dt.tz_localize(None) if values.dt.tz else values
        return _bounded(stamps)
    if pd.api.types.is_numeric_dtype(values.dtype):
        return _from_serials(values.astype("float64"))

    where = ", ".join(filter(None, [source, f"column {column!r}" if column else ""]))
    where = where or "dates"
    distinct, codes = _encode(values)
    known = _iso_stamps(distinct).fillna(_serial_stamps(distinct))
    if date_format:
        declared = _declared_stamps(distinct.to_pandas(), date_format, where)
        return _expand(declared.fillna(known).to_numpy(), codes, values)

    blank = pc.equal(distinct, "").to_numpy(zero_copy_only=False)
    pending = known.isna().to_numpy() & ~blank
    candidates = _day_month_candidates(distinct, pending, dayfirst)
    if candidates:
        weights = np.bincount(codes, minlength=len(distinct))
        chosen, rival, differ = _choose(candidates, weights)
        if rival is not None:
            raise DateFormatError(
                f"{where}: cannot determine the date format, because {chosen} and "
                f"{rival} read the same number of values but give different dates "
                f"for these rows:\n{_list_rows(differ, codes, values, lines)}\n"
                "Set 'dayfirst: true' (day before month) or 'dayfirst: false', or a "
                "'date_format', for this file in the parameter file."
            )
        logger.info("%s: reading dates as %s", where, chosen)
        known = known.fillna(candidates[chosen])
    return _expand(known.to_numpy(), codes, values)


def _encode(values: pd.Series) -> tuple[pa.Array, np.ndarray]:
    """Return the distinct stripped texts of a series and the position of each row's."""
    try:
        arrow = pa.array(values, type=pa.large_string(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        arrow = pa.array(values.astype("string"), type=pa.large_string())
    if isinstance(arrow, pa.ChunkedArray):
        arrow = arrow.combine_chunks()
    text = pc.utf8_trim_whitespace(pc.fill_null(arrow, ""))
    encoded = pc.dictionary_encode(text)
    return encoded.dictionary, encoded.indices.to_numpy(zero_copy_only=False)


def _extract(
    texts: pa.Array,
    pattern: str,
    index: np.ndarray | None = None,
    numeric: tuple[str, ...] = (),
) -> pd.DataFrame:
    """Return the named groups of a pattern in each text.

    A group that takes no part in the match is ``""`` and a text that does not match
    gives NaN in every group. The ``numeric`` groups are floats, NaN when empty.
    """
    matched = pc.extract_regex(texts, pattern)
    groups = {}
    for field in matched.type:
        group = pc.struct_field(matched, field.name)
        if field.name in numeric:
            empty = pc.equal(group, "")
            group = pc.cast(pc.if_else(empty, None, group), pa.float64())
        groups[field.name] = group.to_pandas()
    index = np.arange(len(texts)) if index is None else index
    return pd.DataFrame(groups).set_axis(index)


def _expand(parsed: np.ndarray, codes: np.ndarray, values: pd.Series) -> pd.Series:
    """Map the results for the distinct values back onto the rows of ``values``."""
    return pd.Series(parsed[codes], index=values.index, name=values.name)


def _iso_stamps(texts: pa.Array) -> pd.Series:
    stamps = _extract(texts, _ISO)["stamp"]
    return _bounded(pd.to_datetime(stamps, format="ISO8601", errors="coerce"))


def _serial_stamps(texts: pa.Array) -> pd.Series:
    serial = pc.match_substring_regex(texts, _SERIAL).to_numpy(zero_copy_only=False)
    positions = np.flatnonzero(serial)
    days = pc.cast(texts.take(positions), pa.float64()).to_numpy()
    stamps = _from_serials(pd.Series(days, index=positions))
    return stamps.reindex(np.arange(len(texts)))


def _from_serials(days: pd.Series) -> pd.Series:
    """Convert Excel serial numbers to timestamps, rounded to the second."""
    days = days.where(days.between(*_SERIAL_RANGE))
    stamps = _EXCEL_EPOCH + pd.to_timedelta(days, unit="D")
    return _bounded(stamps.dt.round("s"))


def _declared_stamps(texts: pd.Series, date_format: str, where: str) -> pd.Series:
    try:
        stamps = pd.to_datetime(texts, format=date_format, errors="coerce")
    except ValueError as error:
        raise SourceError(
            f"{where}: cannot read dates with date_format {date_format!r}: {error}. "
            "Fix 'date_format' in the parameter file."
        ) from None
    return _bounded(stamps.dt.tz_localize(None) if stamps.dt.tz else stamps)


def _bounded(stamps: pd.Series) -> pd.Series:
    """Return datetime64[ns], with NaT for times that nanoseconds cannot hold."""
    inside = stamps.between(pd.Timestamp.min, pd.Timestamp.max)
    return stamps.where(inside).astype("datetime64[ns]")


def _day_month_candidates(
    texts: pa.Array, pending: np.ndarray, dayfirst: bool | None
) -> dict[str, pd.Series]:
    """Read the pending texts with each day-first and month-first format they fit."""
    if not pending.any():
        return {}
    numeric = ("first", "middle", "year", "short_year", "hour", "minute", "second")
    texts = texts.filter(pending)
    parts = _extract(texts, _DAY_MONTH, np.flatnonzero(pending), numeric)
    numbers = parts[list(numeric)]
    # Two-digit years follow strptime: 69 to 99 are 1969 to 1999, the rest 20xx.
    short_year = numbers["short_year"]
    short_year = short_year + np.where(short_year >= 69, 1900, 2000)
    year = numbers["year"].fillna(short_year)
    clock = _clock(numbers, parts["meridiem"].fillna("").ne(""), parts["meridiem"])

    long_year = numbers["year"].notna()
    directive = pd.Series(np.where(long_year, "%Y", "%y"), index=parts.index)
    shapes = (parts["sep"] + directive).where(parts["sep"].eq(parts["sep2"]))
    orders = {True: ("first", "middle"), False: ("middle", "first")}
    candidates = {}
    for day_first in [order for order in orders if dayfirst in (None, order)]:
        day, month = (numbers[name] for name in orders[day_first])
        stamps = _from_parts(year, month, day, clock)
        for shape in shapes.dropna().unique():
            candidates[_format_name(day_first, shape)] = stamps.where(shapes == shape)
    return candidates


def _clock(
    numbers: pd.DataFrame, twelve_hour: pd.Series, meridiem: pd.Series
) -> pd.DataFrame:
    """Return hour, minute and second, NaN where the time of day is invalid."""
    clock = numbers[["hour", "minute", "second"]].fillna(0)
    afternoon = meridiem.str.lower().eq("pm").fillna(False).astype(bool)
    hour = clock["hour"].where(~twelve_hour, clock["hour"] % 12 + 12 * afternoon)
    clock["hour"] = hour
    valid = (clock["minute"] < 60) & (clock["second"] < 60) & (clock["hour"] < 24)
    valid &= ~twelve_hour | numbers["hour"].between(1, 12)
    return clock.where(valid)


def _from_parts(
    year: pd.Series, month: pd.Series, day: pd.Series, clock: pd.DataFrame
) -> pd.Series:
    parts = pd.DataFrame({"year": year, "month": month, "day": day, **clock})
    return _bounded(pd.to_datetime(parts, errors="coerce"))


def _format_name(day_first: bool, shape: str) -> str:
    """Return the ``strptime`` form of a date shape such as ``"/%Y"``."""
    order = ["%d", "%m"] if day_first else ["%m", "%d"]
    return shape[0].join([*order, shape[1:]])


def _choose(
    candidates: dict[str, pd.Series], weights: np.ndarray
) -> tuple[str, str | None, pd.Series]:
    """Return the format that reads the most rows, a rival and where they differ.

    The rival is another format that reads as many rows but gives a different date
    for at least one value, or None.
    """
    counts = {
        name: int(weights[stamps.index[stamps.notna()]].sum())
        for name, stamps in candidates.items()
    }
    best = max(counts, key=lambda name: counts[name])
    for name, count in counts.items():
        if name == best or count < counts[best]:
            continue
        first, other = candidates[best], candidates[name]
        differ = ~(first.eq(other) | (first.isna() & other.isna()))
        if differ.any():
            return best, name, differ
    return best, None, pd.Series(False, index=candidates[best].index)


def _list_rows(
    differ: pd.Series, codes: np.ndarray, values: pd.Series, lines: pd.Series | None
) -> str:
    """Return the rows whose distinct value is marked in ``differ``, one a line."""
    marked = np.zeros(codes.max() + 1, dtype=bool)
    marked[differ.index[differ]] = True
    rows = np.flatnonzero(marked[codes])
    numbers = rows + 1 if lines is None else lines.to_numpy()[rows]
    label = "row" if lines is None else "line"
    first = slice(0, _MAX_ROWS_SHOWN)
    shown = [
        f"  {label} {number}: {values.iloc[row]!r}"
        for row, number in zip(rows[first], numbers[first], strict=True)
    ]
    if len(rows) > _MAX_ROWS_SHOWN:
        shown.append(f"  and {len(rows) - _MAX_ROWS_SHOWN} more rows")
    return "\n".join(shown)
