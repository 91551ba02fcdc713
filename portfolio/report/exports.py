"""CSV exports for the sales team, safe to open in a spreadsheet."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

EXPORTS_FOLDER = "exports"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def write_export(frame: pd.DataFrame, output_dir: str | Path, name: str) -> Path:
    """Write ``exports/<name>.csv`` in a unit's folder, with text made inert.

    A text cell that starts like a spreadsheet formula (``=``, ``+``, ``-``, ``@``)
    gets a leading apostrophe, so that a customer name such as
    ``=HYPERLINK(...)`` opens as text instead of running. Numbers are unchanged.

    Parameters
    ----------
    frame
        The rows to export.
    output_dir
        The business unit's report folder.
    name
        The file name without ``.csv``, such as ``reactivation``.

    Returns
    -------
    pathlib.Path
        The file written.
    """
    safe = frame.copy()
    for column in safe.columns:
        values = safe[column]
        if pd.api.types.is_string_dtype(values) or values.dtype == object:
            texts = values.astype("string")
            risky = texts.str.startswith(_FORMULA_START).fillna(False)
            safe[column] = texts.mask(risky, "'" + texts)
    folder = Path(output_dir) / EXPORTS_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.csv"
    safe.to_csv(path, index=False)
    return path
