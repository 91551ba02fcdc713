"""The report notebooks shipped with the package and the checks run before a run."""

from __future__ import annotations

from pathlib import Path

import nbformat

from ..errors import NotebookError, did_you_mean

NOTEBOOK_DIR = Path(__file__).resolve().parents[2] / "notebooks"
PARAMETERS_TAG = "parameters"
SUMMARY = "00_executive_summary"
"""The notebook that summarises a unit; the runner executes it after the others."""


def available(folder: Path = NOTEBOOK_DIR) -> list[Path]:
    """Return the question notebooks of a folder, in their numbered order."""
    return sorted(folder.glob("[0-9][0-9]_*.ipynb"))


def select(names: list[str] | None, folder: Path = NOTEBOOK_DIR) -> list[Path]:
    """Return the notebooks to run: all of them, or the ones named."""
    notebooks = available(folder)
    if not notebooks:
        raise NotebookError(f"No report notebooks (NN_*.ipynb) found in {folder}.")
    if names is None:
        return notebooks
    by_name = {path.stem: path for path in notebooks}
    chosen = []
    for name in names:
        if name not in by_name:
            hint = did_you_mean(name, by_name)
            raise NotebookError(
                f"Unknown notebook {name!r} in run.notebooks.{hint} "
                f"Available: {', '.join(by_name)}."
            )
        chosen.append(by_name[name])
    return chosen


def check_parameters_cell(path: Path) -> None:
    """Raise unless the notebook has exactly one code cell tagged ``parameters``.

    Without that tag papermill would add the injected values at the top, and a
    first cell setting its own defaults would silently overwrite them.
    """
    notebook = nbformat.read(path, as_version=4)
    tagged = [
        cell
        for cell in notebook.cells
        if cell.cell_type == "code"
        and PARAMETERS_TAG in cell.get("metadata", {}).get("tags", [])
    ]
    if len(tagged) != 1:
        found = "no cell" if not tagged else f"{len(tagged)} cells"
        raise NotebookError(
            f"Notebook {path.name} has {found} tagged '{PARAMETERS_TAG}'; exactly one "
            f"code cell must carry that tag so that the run's values replace its "
            f"defaults. Add the tag to the cell that sets the defaults in {path}."
        )
