"""Read CSV, Excel and Parquet exports into frames of raw values.

Each reader keeps only the mapped columns, renames them to their canonical names and
adds ``_line``, the line or row number that a user sees in the file. Values stay as
read: text for CSV and Excel, native types for Parquet. ``parsing`` converts them.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import gzip
import io
import logging
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from openpyxl.utils.exceptions import InvalidFileException

from ..config import FileSpec
from ..errors import SourceError, did_you_mean

logger = logging.getLogger(__name__)

EXTRA_FIELDS_COLUMN = "_extra_fields"
"""Name of the column that flags CSV records with more fields than the header.

The frame has this column only when at least one record is flagged."""

LINE_COLUMN = "_line"
"""Name of the column with the 1-based line (CSV), sheet row (Excel) or row number."""

_BOM = codecs.BOM_UTF8
_C1_CONTROLS = re.compile("[\x80-\x9f]")
_MAX_HEADERS_SHOWN = 40


@dataclass
class RawFile:
    """The mapped columns of one input file, with values as read."""

    path: Path
    frame: pd.DataFrame
    rows_read: int


def read_file(spec: FileSpec, path: Path) -> RawFile:
    """Read the mapped columns of one export file.

    Parameters
    ----------
    spec
        How the file is laid out and which of its headers map onto which canonical
        column.
    path
        The resolved location of the file.

    Returns
    -------
    RawFile
        A frame with one column per key of ``spec.columns`` and of ``spec.values``,
        plus ``_line``. CSV and Excel values are stripped strings, with ``""`` for a
        blank cell. Parquet values keep their types and nulls, and text is stripped.

    Raises
    ------
    SourceError
        If the file is missing or empty, a mapped header is absent or duplicated, or
        the bytes do not decode under the declared encoding.
    """
    if not path.is_file():
        raise SourceError(
            f"{path}: file not found. Check 'path' in the parameter file "
            f"(given as {spec.path!r})."
        )
    if path.stat().st_size == 0:
        raise SourceError(f"{path} is empty. Export it again with a header row.")

    readers = {"csv": _read_csv, "excel": _read_excel, "parquet": _read_parquet}
    data, lines = readers[spec.file_format](spec, path)
    frame = _assemble(data, lines, spec, path)
    logger.debug("Read %d rows from %s", len(frame), path)
    return RawFile(path=path, frame=frame, rows_read=len(frame))


def _assemble(
    data: pd.DataFrame, lines: np.ndarray, spec: FileSpec, path: Path
) -> pd.DataFrame:
    both = sorted(set(spec.columns) & set(spec.values))
    if both:
        raise SourceError(
            f"{path}: {', '.join(both)} is mapped both to a header and to a constant "
            "value. Keep it under 'columns' or under 'values', not both."
        )

    frame = pd.DataFrame(
        {name: data[header.strip()] for name, header in spec.columns.items()}
    )
    frame[LINE_COLUMN] = np.asarray(lines, dtype=np.int64)
    if EXTRA_FIELDS_COLUMN in data and data[EXTRA_FIELDS_COLUMN].any():
        frame[EXTRA_FIELDS_COLUMN] = data[EXTRA_FIELDS_COLUMN].to_numpy()
    for name, value in spec.values.items():
        frame[name] = value
    return frame


def _locate(headers: list[str], spec: FileSpec, path: Path) -> list[int]:
    """Return the positions of the mapped headers, checking that each occurs once."""
    stripped = [header.strip() for header in headers]
    positions = []
    for name, header in spec.columns.items():
        expected = header.strip()
        found = [index for index, text in enumerate(stripped) if text == expected]
        if not found:
            raise SourceError(
                f"{path}: header {expected!r}, mapped to {name!r}, is missing."
                f"{did_you_mean(expected, stripped)} The file's headers are: "
                f"{_list_headers(stripped)}. Fix 'columns' in the parameter file."
            )
        if len(found) > 1:
            numbers = ", ".join(str(index + 1) for index in found)
            raise SourceError(
                f"{path}: header {expected!r} appears in columns {numbers}, so the "
                "column to read for it is ambiguous. Rename the duplicates in the file."
            )
        positions.append(found[0])
    return sorted(set(positions))


def _list_headers(headers: list[str]) -> str:
    listed = ", ".join(repr(header) for header in headers[:_MAX_HEADERS_SHOWN])
    hidden = len(headers) - _MAX_HEADERS_SHOWN
    return f"{listed} and {hidden} more" if hidden > 0 else listed


def _read_csv(spec: FileSpec, path: Path) -> tuple[pd.DataFrame, np.ndarray]:
    if len(spec.delimiter) != 1:
        raise SourceError(
            f"{path}: the delimiter must be one character, got {spec.delimiter!r}. "
            "Fix 'delimiter' in the parameter file."
        )
    raw = path.read_bytes()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    text, data = _decode(raw, spec.encoding, path)
    if not text.strip():
        raise SourceError(f"{path} is empty. Export it again with a header row.")

    try:
        headers = _header(text, spec.delimiter)
        positions = _locate(headers, spec, path)
        frame = pd.read_csv(
            io.BytesIO(data),
            sep=spec.delimiter,
            header=0,
            index_col=False,
            usecols=positions,
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            encoding="utf-8",
            engine="c",
        )
    except (csv.Error, ValueError) as error:
        raise SourceError(
            f"{path} is not a valid CSV file: {error}. Check 'delimiter' in the "
            "parameter file and the quotes in the file."
        ) from None

    frame.columns = [headers[index].strip() for index in positions]
    for column in frame.columns:
        frame[column] = frame[column].str.strip()
    lines = _record_lines(data, len(frame), spec.delimiter)
    long_lines = _lines_with_extra_fields(data, spec.delimiter, len(headers))
    frame[EXTRA_FIELDS_COLUMN] = np.isin(lines, long_lines)
    return frame, lines


def _lines_with_extra_fields(data: bytes, delimiter: str, fields: int) -> np.ndarray:
    """Return the numbers of lines that hold more fields than the header.

    pandas drops the extra fields of such a line without a word, so a value with an
    unquoted delimiter, such as 1,234.50 in a comma-separated file, would shift into
    the wrong column. Only lines without quote characters are checked, because a
    quoted field may hold the delimiter.
    """
    buffer = np.frombuffer(data, dtype=np.uint8)
    if buffer.size == 0:
        return np.array([], dtype=np.int64)
    breaks = np.flatnonzero(buffer == ord("\n"))
    starts = np.concatenate(([0], breaks + 1))
    starts = starts[starts < buffer.size]
    separators = np.add.reduceat((buffer == ord(delimiter)).astype(np.int64), starts)
    quoted = np.add.reduceat((buffer == ord('"')).astype(np.int64), starts) > 0
    long_lines = np.flatnonzero((separators >= fields) & ~quoted) + 1
    return long_lines[long_lines > 1]


def _header(text: str, delimiter: str) -> list[str]:
    """Return the first record with content, which pandas takes as the header.

    pandas skips blank and whitespace-only lines before the header too.
    """
    records = csv.reader(_physical_lines(text), delimiter=delimiter)
    return next((row for row in records if len(row) > 1 or "".join(row).strip()), [])


def _physical_lines(text: str) -> Iterator[str]:
    """Yield the lines of a text one by one, so that a reader can stop early."""
    start = 0
    while start < len(text):
        end = text.find("\n", start) + 1 or len(text)
        yield text[start:end]
        start = end


def _decode(raw: bytes, encoding: str, path: Path) -> tuple[str, bytes]:
    """Decode a file and return its text and its UTF-8 bytes, both without a BOM."""
    auto = encoding.lower() == "auto"
    codec = "utf-8" if auto else _codec(encoding, path)
    if codec == "utf-8":
        raw = raw.removeprefix(_BOM)
    try:
        text = raw.decode(codec)
    except UnicodeDecodeError as error:
        if not auto:
            raise SourceError(_decode_message(raw, error.start, codec, path)) from None
        logger.info(
            "%s is not valid UTF-8 (byte 0x%02X on line %d), so it is read as "
            "Windows-1252",
            path,
            raw[error.start],
            raw.count(b"\n", 0, error.start) + 1,
        )
        codec = "cp1252"
        text = _decode_fallback(raw, path)

    if not codec.startswith("utf"):
        _check_controls(text, codec, path)
    data = raw if codec == "utf-8" else text.encode("utf-8")
    return text.removeprefix("\ufeff"), data.removeprefix(_BOM)


def _codec(encoding: str, path: Path) -> str:
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise SourceError(
            f"{path}: unknown encoding {encoding!r}. Use 'auto' or a Python codec "
            "name such as 'utf-8' or 'cp1252'."
        ) from None


def _decode_fallback(raw: bytes, path: Path) -> str:
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError as error:
        codec = "UTF-8 or cp1252"
        raise SourceError(_decode_message(raw, error.start, codec, path)) from None


def _decode_message(raw: bytes, position: int, codec: str, path: Path) -> str:
    line = raw.count(b"\n", 0, position) + 1
    suggestion = "cp1250 or cp1251" if codec.endswith("cp1252") else "cp1252"
    return (
        f"{path}: byte 0x{raw[position]:02X} on line {line} is not valid {codec}. "
        "Set 'encoding' in the parameter file to the encoding the file was "
        f"exported with, for example {suggestion}."
    )


def _check_controls(text: str, codec: str, path: Path) -> None:
    """Reject text with C1 control characters (U+0080 to U+009F).

    Windows-1252 bytes 0x80 to 0x9F, such as € and typographic quotes, decode to these
    characters under Latin-1, and exported text otherwise has no use for them.
    """
    found = _C1_CONTROLS.search(text)
    if found is None:
        return
    line = text.count("\n", 0, found.start()) + 1
    raise SourceError(
        f"{path}: decoding as {codec} gives the control character "
        f"U+{ord(found.group()):04X} on line {line}, so the file is probably "
        "Windows-1252. Set 'encoding: cp1252' (or 'auto') in the parameter file."
    )


def _record_lines(data: bytes, rows: int, delimiter: str) -> np.ndarray:
    """Return the line on which each data record of a CSV starts.

    A line break inside a quoted field does not end a record. Such a break follows an
    odd number of quote characters. Blank lines are skipped, as pandas skips them. If
    the count disagrees with the rows pandas read, which a stray quote inside an
    unquoted field can cause, the record number + 1 is used instead.
    """
    buffer = np.frombuffer(data, dtype=np.uint8)
    breaks = np.flatnonzero(buffer == ord("\n"))
    quotes = np.flatnonzero(buffer == ord('"'))
    ends = breaks[np.searchsorted(quotes, breaks) % 2 == 0]
    starts = np.concatenate(([0], ends + 1))
    starts = starts[starts < len(buffer)]

    is_filled = np.ones(256, dtype=bool)
    is_filled[[ord(byte) for byte in " \t\r\n" if byte != delimiter]] = False
    starts = starts[np.logical_or.reduceat(is_filled[buffer], starts)]
    lines = np.searchsorted(breaks, starts)[1:] + 1
    if len(lines) == rows:
        return lines
    logger.debug("Line numbers of %d records could not be counted exactly", rows)
    return np.arange(2, rows + 2)


def _read_excel(spec: FileSpec, path: Path) -> tuple[pd.DataFrame, np.ndarray]:
    if path.suffix.lower() == ".xls":
        raise SourceError(
            f"{path}: the old .xls format is not supported. Save it as .xlsx."
        )
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError) as error:
        raise SourceError(
            f"{path} is not a readable Excel workbook ({error}). Save it as .xlsx."
        ) from None
    try:
        name = _sheet_name(workbook.sheetnames, spec.sheet, path)
        sheet = workbook[name]
        rows = [
            (number, [_cell_text(value) for value in row])
            for number, row in enumerate(sheet.iter_rows(values_only=True), start=1)
        ]
    finally:
        workbook.close()

    rows = [(number, cells) for number, cells in rows if any(cells)]
    if not rows:
        raise SourceError(f"{path}: sheet {name!r} is empty. Add a header row.")
    positions = _locate(rows[0][1], spec, path)
    columns = {
        rows[0][1][index].strip(): [_cell(cells, index) for _, cells in rows[1:]]
        for index in positions
    }
    lines = np.array([number for number, _ in rows[1:]], dtype=np.int64)
    return pd.DataFrame(columns, dtype=str), lines


def _sheet_name(names: list[str], sheet: str | int | None, path: Path) -> str:
    if sheet is None:
        return names[0]
    if isinstance(sheet, int) and 0 <= sheet < len(names):
        return names[sheet]
    if sheet in names:
        return str(sheet)
    raise SourceError(
        f"{path}: sheet {sheet!r} not found.{did_you_mean(str(sheet), names)} "
        f"The sheets are: {', '.join(map(repr, names))}. A sheet number counts "
        "from 0."
    )


def _cell(cells: list[str], index: int) -> str:
    return cells[index] if index < len(cells) else ""


def _cell_text(value: object) -> str:
    """Return a cell value as text, with datetimes in ISO form and no .0 on integers."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return f"{value.isoformat()} 00:00:00"
    if isinstance(value, dt.time):
        return value.strftime("%H:%M:%S")
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value).strip()


def _read_parquet(spec: FileSpec, path: Path) -> tuple[pd.DataFrame, np.ndarray]:
    try:
        headers = list(pq.read_schema(path).names)
        positions = _locate(headers, spec, path)
        table = pq.read_table(path, columns=[headers[index] for index in positions])
    except (pa.ArrowInvalid, OSError) as error:
        raise SourceError(
            f"{path} is not a readable Parquet file: {error}. Export it again."
        ) from None

    frame = table.to_pandas().reset_index(drop=True)
    frame.columns = [headers[index].strip() for index in positions]
    for column in frame.columns:
        if pd.api.types.infer_dtype(frame[column], skipna=True) == "string":
            frame[column] = frame[column].str.strip()
    return frame, np.arange(1, len(frame) + 1)
