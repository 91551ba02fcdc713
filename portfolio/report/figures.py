"""``figures.json``: the headline figures of one business unit.

Each notebook records its figures in ``figures/<notebook>.json`` inside the unit's
folder, so that notebooks running at the same time never write the same file. The
runner merges them into ``figures.json`` once the unit's notebooks have finished.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

FIGURES_FILE = "figures.json"
PARTS_FOLDER = "figures"


def to_json_value(value: Any) -> Any:
    """Convert numpy, pandas and date values to plain JSON values; NaN becomes null."""
    if isinstance(value, Mapping):
        return {str(key): to_json_value(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [to_json_value(item) for item in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def record(output_dir: str | Path, notebook: str, values: Mapping[str, Any]) -> None:
    """Store the figures of one notebook for the runner to merge.

    Parameters
    ----------
    output_dir
        The business unit's report folder.
    notebook
        The notebook name, such as ``04_recency``.
    values
        Figures keyed by their ``figures.json`` name.

    """
    folder = Path(output_dir) / PARTS_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{notebook}.json"
    path.write_text(json.dumps(to_json_value(values), indent=2, ensure_ascii=False))


def merge(output_dir: str | Path, base: Mapping[str, Any]) -> dict[str, Any]:
    """Merge the notebooks' figures into ``figures.json`` and return them."""
    folder = Path(output_dir)
    figures: dict[str, Any] = dict(to_json_value(base))
    for part in sorted((folder / PARTS_FOLDER).glob("*.json")):
        figures.update(json.loads(part.read_text()))
    text = json.dumps(figures, indent=2, ensure_ascii=False)
    (folder / FIGURES_FILE).write_text(text)
    return figures


def read(output_dir: str | Path) -> dict[str, Any]:
    """Read a unit's ``figures.json``; an empty dict when it does not exist."""
    path = Path(output_dir) / FIGURES_FILE
    return json.loads(path.read_text()) if path.exists() else {}
