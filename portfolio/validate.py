"""Turn raw files into canonical tables, accepting or rejecting every row.

For each file, ``rows_read == rows_accepted + rows_rejected``. A rejected row keeps its
file, line, reason and original values so that nothing is lost silently.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .config import FileSpec, Params, resolve_path
from .derive import derive_tables
from .errors import SourceError
from .model import TABLES, Column, Table
from .sources import RawFile, parse_dates, parse_numbers, read_file
from .sources.files import EXTRA_FIELDS_COLUMN

logger = logging.getLogger(__name__)

REJECTED_COLUMNS = ["file", "line", "table", "reason", "business_unit", "values"]


@dataclass
class FileReport:
    """Row counts of one input file."""

    file: str
    table: str
    rows_read: int
    rows_accepted: int = 0
    rows_rejected: dict[str, int] = field(default_factory=dict)


@dataclass
class LoadResult:
    """Canonical tables of a run, the rejected rows and the count per file."""

    tables: dict[str, pd.DataFrame]
    rejected: pd.DataFrame
    files: list[FileReport]

    @property
    def collected(self) -> dict[str, list[str]]:
        """Return, per table, the columns that hold at least one value.

        A column that no file maps, and that no rule derives, is empty: the data
        inventory reports it as not collected rather than as 0 % complete.
        """
        return {
            name: [column for column in frame.columns if frame[column].notna().any()]
            for name, frame in self.tables.items()
        }

    def report(self) -> dict[str, object]:
        """Return the row counts and collected columns as a JSON-ready dict."""
        return {
            "files": [vars(item) for item in self.files],
            "collected": self.collected,
        }


def load_sources(
    params: Params, *, params_file: Path, demo_dir: Path | None = None
) -> LoadResult:
    """Read every mapped file and validate its rows.

    Parameters
    ----------
    params
        The validated parameters; their ``sources`` section maps files onto tables.
    params_file
        The parameter file, to anchor relative paths.
    demo_dir
        The folder of the generated demo exports, for paths using ``{demo_dir}``.

    Returns
    -------
    LoadResult
        Accepted rows per canonical table, rejected rows and counts per file.

    Raises
    ------
    SourceError
        When a file is missing or unreadable, or a mapped column is absent.
    """
    unit_column = params.business_units.column
    tables: dict[str, pd.DataFrame] = {}
    rejected: list[pd.DataFrame] = []
    reports: list[FileReport] = []
    for name, specs in params.sources.items():
        files = [
            (spec, resolve_path(spec, params_file=params_file, demo_dir=demo_dir))
            for spec in specs
        ]
        tables[name] = _load_table(
            TABLES[name], files, unit_column, rejected=rejected, reports=reports
        )
    tables = derive_tables(tables, orders_from=params.orders_from)
    return LoadResult(tables, _concat_rejected(rejected), reports)


def _load_table(
    table: Table,
    files: list[tuple[FileSpec, Path]],
    unit_column: str,
    *,
    rejected: list[pd.DataFrame],
    reports: list[FileReport],
) -> pd.DataFrame:
    """Read the files of one table, then reject rows repeated across them."""
    parts = []
    originals: dict[str, pd.DataFrame] = {}
    for spec, path in files:
        raw = read_file(spec, path)
        accepted, rejections = convert_file(raw, spec, table, unit_column=unit_column)
        reports.append(_count(raw, table, accepted, rejections))
        originals[str(raw.path)] = raw.frame
        parts.append(accepted)
        rejected.append(rejections)

    combined = pd.concat(parts, ignore_index=True)
    columns = [name for name in combined.columns if not name.startswith("_")]
    mine = [report for report in reports if report.table == table.name]
    for subset, reason in ((columns, "duplicate"), (table.key, "duplicate key")):
        if not subset:
            continue
        repeated = combined.duplicated(subset=list(subset), keep="first")
        moved = _reject_duplicates(
            combined[repeated], originals, reason, table.name, unit_column
        )
        _take_off(moved, reason, mine)
        rejected.append(moved)
        combined = combined[~repeated].reset_index(drop=True)
    return combined.drop(columns=["_file", "_line", "_row"])


def convert_file(
    raw: RawFile, spec: FileSpec, table: Table, *, unit_column: str = "business_unit"
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Convert the values of one file to canonical types.

    Returns the accepted rows (canonical columns plus ``_file``, ``_line`` and
    ``_row``, the position in the file's frame) and the rejected rows with their
    original values as JSON.
    """
    frame = raw.frame
    source = str(raw.path)
    out = pd.DataFrame(index=frame.index)
    reasons = pd.Series(pd.NA, index=frame.index, dtype="string")

    for column in table.columns:
        if column.name not in frame.columns:
            out[column.name] = _empty(column, frame.index)
            continue
        values, bad = _convert(frame[column.name], column, spec, source, frame["_line"])
        multiplier = spec.multipliers.get(column.name)
        if multiplier is not None:
            values = values * multiplier
        out[column.name] = values
        reasons = reasons.mask(reasons.isna() & bad, f"unparseable {column.name}")
        if column.choices:
            invalid = values.notna() & ~values.isin(column.choices)
            reasons = reasons.mask(reasons.isna() & invalid, f"invalid {column.name}")
        if column.required:
            missing = values.isna() & ~bad
            reasons = reasons.mask(reasons.isna() & missing, f"missing {column.name}")

    if table.name == "orders":
        reasons = _derive_amount(out, frame, reasons, source)
    if EXTRA_FIELDS_COLUMN in frame:
        extra = frame[EXTRA_FIELDS_COLUMN].astype(bool)
        reasons = reasons.mask(extra, "more fields than the header")
        frame = frame.drop(columns=EXTRA_FIELDS_COLUMN)

    out["_file"] = source
    out["_line"] = frame["_line"].to_numpy()
    out["_row"] = range(len(frame))
    is_rejected = reasons.notna()
    originals = _as_json(frame.loc[is_rejected].drop(columns="_line"))
    rejected = _rejected_rows(
        out[is_rejected], reasons[is_rejected], originals, table.name, unit_column
    )
    return out[~is_rejected].reset_index(drop=True), rejected


def _convert(
    values: pd.Series, column: Column, spec: FileSpec, source: str, lines: pd.Series
) -> tuple[pd.Series, pd.Series]:
    """Return the converted values and a mask of values that failed to parse."""
    blank = _blank(values)
    if column.kind == "text":
        text = _as_text(values).str.strip()
        recoded = spec.replace.get(column.name)
        if recoded:
            # A value recoded to "" becomes missing, like a blank cell.
            text = text.replace(recoded)
            blank = blank | (text == "").fillna(False)
        return text.mask(blank), pd.Series(False, index=values.index)
    if column.kind in ("number", "integer"):
        parsed = parse_numbers(values, decimal=spec.decimal, thousands=spec.thousands)
        # A number too large for a float, such as 1e309, reads as infinity.
        infinite = np.isinf(parsed.to_numpy(dtype="float64", na_value=np.nan))
        parsed = parsed.mask(infinite)
        bad = parsed.isna() & ~blank
        if column.kind == "integer":
            fractional = parsed.notna() & (parsed != np.floor(parsed))
            bad = bad | fractional
            parsed = parsed.mask(fractional).round().astype("Int64")
        return parsed, bad
    parsed = parse_dates(
        values,
        date_format=spec.date_format,
        dayfirst=spec.dayfirst,
        source=source,
        column=spec.columns.get(column.name, column.name),
        lines=lines,
    )
    if column.kind == "date":
        parsed = parsed.dt.normalize()
    return parsed, parsed.isna() & ~blank


def _as_text(values: pd.Series) -> pd.Series:
    """Return values as text; whole floats lose their ``.0``, as ids read from
    Parquet with nulls are floats (1001.0 must match 1001 elsewhere)."""
    if pd.api.types.is_float_dtype(values):
        whole = values.notna() & (values == np.floor(values))
        if whole[values.notna()].all():
            return values.astype("Int64").astype("string")
    return values.astype("string")


def _blank(values: pd.Series) -> pd.Series:
    if values.dtype == object or isinstance(values.dtype, pd.StringDtype):
        return values.isna() | (values.astype("string").str.strip() == "")
    return values.isna()


def _derive_amount(
    out: pd.DataFrame, frame: pd.DataFrame, reasons: pd.Series, source: str
) -> pd.Series:
    """Fill ``amount`` from quantity and unit price when the file does not map it."""
    if "amount" in frame.columns:
        missing = out["amount"].isna() & reasons.isna()
        return reasons.mask(missing, "missing amount")
    if "quantity" not in frame.columns or "unit_price" not in frame.columns:
        raise SourceError(
            f"{source} maps neither 'amount' nor both 'quantity' and 'unit_price', "
            "so order amounts cannot be known. Map the amount column, or the "
            "quantity and unit price columns, in the parameter file."
        )
    out["amount"] = (out["quantity"] * out["unit_price"]).round(2)
    for name in ("quantity", "unit_price"):
        missing = out[name].isna() & reasons.isna()
        reasons = reasons.mask(missing, f"missing {name}")
    return reasons


def _as_json(rows: pd.DataFrame) -> pd.Series:
    """Return each row's values as a JSON object, for the rejected-rows file."""
    records = rows.astype("string").to_dict(orient="records")
    texts = [json.dumps(record, ensure_ascii=False, default=str) for record in records]
    return pd.Series(texts, index=rows.index, dtype="string")


def _rejected_rows(
    rows: pd.DataFrame,
    reasons: pd.Series,
    originals: pd.Series,
    table: str,
    unit_column: str,
) -> pd.DataFrame:
    unit = rows[unit_column] if unit_column in rows.columns else pd.NA
    return pd.DataFrame(
        {
            "file": rows["_file"],
            "line": rows["_line"],
            "table": table,
            "reason": reasons,
            "business_unit": unit,
            "values": originals,
        }
    )


def _reject_duplicates(
    duplicates: pd.DataFrame,
    originals: dict[str, pd.DataFrame],
    reason: str,
    table: str,
    unit_column: str,
) -> pd.DataFrame:
    """Describe duplicate rows as rejected, with the values as their file has them."""
    values = pd.Series(pd.NA, index=duplicates.index, dtype="string")
    for source, rows in duplicates.groupby("_file"):
        found = originals[str(source)].iloc[rows["_row"].to_numpy()]
        texts = _as_json(
            found.drop(columns=["_line", EXTRA_FIELDS_COLUMN], errors="ignore")
        )
        values.loc[rows.index] = texts.to_numpy()
    reasons = pd.Series(reason, index=duplicates.index, dtype="string")
    return _rejected_rows(duplicates, reasons, values, table, unit_column)


def _take_off(moved: pd.DataFrame, reason: str, reports: list[FileReport]) -> None:
    """Move rows found to be duplicates from accepted to rejected in their file."""
    counts = moved["file"].value_counts()
    for report in reports:
        if report.file in counts:
            number = int(counts[report.file])
            report.rows_accepted -= number
            report.rows_rejected[reason] = report.rows_rejected.get(reason, 0) + number


def _count(
    raw: RawFile, table: Table, accepted: pd.DataFrame, rejections: pd.DataFrame
) -> FileReport:
    reasons = rejections["reason"].value_counts().sort_index()
    return FileReport(
        file=str(raw.path),
        table=table.name,
        rows_read=raw.rows_read,
        rows_accepted=len(accepted),
        rows_rejected={str(key): int(value) for key, value in reasons.items()},
    )


def _concat_rejected(parts: list[pd.DataFrame]) -> pd.DataFrame:
    frames = [part for part in parts if not part.empty]
    if not frames:
        return pd.DataFrame(columns=REJECTED_COLUMNS)
    return pd.concat(frames, ignore_index=True).sort_values(["file", "line"])


def _empty(column: Column, index: pd.Index) -> pd.Series:
    dtypes = {
        "text": "string",
        "number": "float64",
        "integer": "Int64",
        "timestamp": "datetime64[ns]",
        "date": "datetime64[ns]",
    }
    return pd.Series(None, index=index, dtype=dtypes[column.kind])
