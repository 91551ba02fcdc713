"""Run a report set: load the data once, execute every notebook per business unit.

The runner owns the run folder ``<out>/<params stem>/<as_of>``::

    data/*.parquet          canonical tables of the run
    rejected_rows.csv       every rejected input row, with its reason
    load_report.json        rows read, accepted and rejected per file
    index.html              links to every unit and notebook, with headline figures
    <unit>/NN_*.ipynb       executed notebooks, code included, for analysts
    <unit>/NN_*.html        the same without code, for leadership
    <unit>/figures.json     headline figures of the unit
    <unit>/annotations.json the analysts' notes on the unit, for its summary
    <unit>/exports/*.csv    lists for the sales team
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
import pandas as pd

from .. import demo as demo_module
from ..config import Params, load_params
from ..engine import store_run_tables
from ..errors import ParameterError
from ..validate import load_sources
from . import annotations as analyst_notes
from . import figures, notebooks
from .execute import Outcome, Task, run_task
from .index import write_index
from .paths import run_folder, unit_folders

logger = logging.getLogger(__name__)

DEFAULT_OUT = Path("reports")
STATUS_FILE = "status.json"


@dataclass
class RunResult:
    """The outcome of a whole run."""

    folder: Path
    index: Path
    outcomes: list[Outcome]

    @property
    def failed(self) -> list[Outcome]:
        return [outcome for outcome in self.outcomes if outcome.status != "ok"]

    def summary(self) -> str:
        """Return the closing line, such as ``11 succeeded, 1 failed``."""
        failed = len(self.failed)
        return f"{len(self.outcomes) - failed} succeeded, {failed} failed"


def run(
    params_file: str | Path,
    *,
    out: str | Path | None = None,
    jobs: int | None = None,
    only: list[str] | None = None,
    notebook_dir: Path = notebooks.NOTEBOOK_DIR,
    on_progress: Callable[[Outcome, int, int], None] | None = None,
    annotations_dir: str | Path | None = None,
) -> RunResult:
    """Load the data of a parameter file and execute its reports.

    Parameters
    ----------
    params_file
        The YAML parameter file.
    out
        The reports folder; ``reports`` by default.
    jobs
        Notebooks executed at the same time; the number of cores by default.
    only
        Business units to run, a subset of those the parameters name.
    notebook_dir
        Where the ``NN_*.ipynb`` notebooks live.
    on_progress
        Called after each notebook with its outcome, the count done and the total.
    annotations_dir
        The folder of the analysts' ``<business unit>.md`` notes; by default
        ``annotations/<params stem>/<as_of>`` next to the parameter file.

    Returns
    -------
    RunResult
        The run folder, the index page and one outcome per notebook and unit.

    Raises
    ------
    PortfolioError
        Before any notebook runs, on invalid parameters, unreadable data, a
        notebook without a ``parameters`` cell or an annotation section naming an
        unknown notebook.

    Notes
    -----
    ``00_executive_summary`` runs when ``run.notebooks`` is unset or names it,
    after the unit's other notebooks, because it reads their merged figures.

    The notebooks run in worker processes started with ``spawn``, which import the
    calling script again: a script that calls ``run`` must do so under
    ``if __name__ == "__main__":``.
    """
    params_path = Path(params_file).resolve()
    params = load_params(params_path)
    chosen = notebooks.select(params.run.notebooks, notebook_dir)
    for path in chosen:
        notebooks.check_parameters_cell(path)
    notes_dir = Path(annotations_dir) if annotations_dir else None
    parsed = analyst_notes.parse_folder(
        notes_dir or analyst_notes.default_folder(params_path, params.as_of),
        notebooks=[path.stem for path in notebooks.available(notebook_dir)],
    )

    folder = run_folder(Path(out or DEFAULT_OUT).resolve(), params_path, params.as_of)
    folder.mkdir(parents=True, exist_ok=True)
    demo_dir = _write_demo(params, folder)
    started = time.monotonic()
    loaded = load_sources(params, params_file=params_path, demo_dir=demo_dir)
    store_run_tables(loaded.tables, loaded.rejected, loaded.report(), folder)
    logger.info("Loaded the data in %.1f s", time.monotonic() - started)

    units = _units(params, loaded.tables["orders"], only)
    folders = unit_folders(units)
    notes = {
        unit: analyst_notes.unit_annotations(parsed, unit=unit, folder=name)
        for unit, name in folders.items()
    }
    for stem in sorted(set(parsed) - set(folders) - set(folders.values())):
        logger.warning(
            "Annotation file %s.md names no business unit of this run, so it is "
            "not shown. Name it after one of: %s.",
            stem,
            ", ".join(folders),
        )
    tasks = _tasks(params, folder, folders, chosen, notice=_notice(params))
    for task in tasks:
        _annotate(task, notes[task.unit])
    for unit, name in folders.items():
        analyst_notes.write(folder / name, notes[unit])
    outcomes = _execute_phases(params, folder, folders, tasks, jobs, on_progress)

    index = _publish(params, folder, folders, chosen, outcomes)
    return RunResult(folder, index, outcomes)


def _write_demo(params: Params, folder: Path) -> Path | None:
    if params.demo is None:
        return None
    target = folder.parent / "demo-data"
    demo_module.write_demo_exports(target, seed=params.demo.seed)
    return target


def _notice(params: Params) -> str | None:
    return demo_module.SYNTHETIC_NOTICE if params.demo is not None else None


def _units(params: Params, orders: pd.DataFrame, only: list[str] | None) -> list[str]:
    """Return the business units to report on, in the order the parameters give."""
    if orders.empty:
        raise ParameterError(
            "No order line was accepted, so there is nothing to report on. See "
            "rejected_rows.csv in the run folder for the reason of each rejected row."
        )

    column = params.business_units.column
    present = sorted(orders[column].dropna().unique().tolist())
    blank = int(orders[column].isna().sum())
    if blank:
        logger.warning(
            "%s order lines have no %s and appear in no unit's report", blank, column
        )

    requested = params.business_units.values
    units = present if requested == "all" else list(requested)
    for unit in units:
        if unit not in present:
            logger.warning("Business unit %r has no order lines in the data", unit)

    if only:
        unknown = [unit for unit in only if unit not in units]
        if unknown:
            raise ParameterError(
                f"--only names unknown business unit(s) {unknown}. Choose among: "
                f"{', '.join(units)}."
            )
        units = [unit for unit in units if unit in only]

    if not units:
        raise ParameterError(
            f"No business unit to report on: column {column!r} of the orders is "
            "empty. Map the unit column of your file onto it, or give every line "
            f"the same unit with 'values: {{{column}: All}}' in the file's mapping."
        )
    return units


def _tasks(
    params: Params,
    folder: Path,
    folders: dict[str, str],
    chosen: list[Path],
    *,
    notice: str | None,
) -> list[Task]:
    tasks = []
    for unit, name in folders.items():
        unit_dir = folder / name
        (unit_dir / "exports").mkdir(parents=True, exist_ok=True)
        for path in chosen:
            parameters = _parameters(params, folder, unit_dir, unit, path, notice)
            title = f"{_title_of(path)} · {unit}"
            tasks.append(
                Task(
                    unit,
                    unit_dir,
                    path,
                    parameters,
                    params.run.timeout_seconds,
                    title,
                    notice,
                )
            )
    return tasks


def _parameters(
    params: Params,
    folder: Path,
    unit_dir: Path,
    unit: str,
    notebook: Path,
    notice: str | None,
) -> dict[str, Any]:
    return {
        "run_dir": str(folder),
        "output_dir": str(unit_dir),
        "notebook": notebook.stem,
        "business_unit": unit,
        "unit_column": params.business_units.column,
        "as_of": params.as_of,
        "title": params.title,
        "notice": notice,
        "cold_after_days": params.thresholds.cold_after_days,
        "frequency_days": dict(params.thresholds.frequency_days),
        "thresholds": params.thresholds.model_dump(),
        "extra": dict(params.extra),
    }


def _title_of(path: Path) -> str:
    """Return the first Markdown heading of a notebook, else its name."""
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()
    return path.stem


def _annotate(task: Task, notes: list[analyst_notes.Annotation]) -> None:
    """Give a task the boxes of the notes on its notebook."""
    mine = [note for note in notes if note.notebook == task.notebook.stem]
    task.annotation_html = analyst_notes.boxes_html(mine) if mine else None


def _execute_phases(
    params: Params,
    folder: Path,
    folders: dict[str, str],
    tasks: list[Task],
    jobs: int | None,
    on_progress: Callable[[Outcome, int, int], None] | None,
) -> list[Outcome]:
    """Execute the question notebooks, merge the figures, then the summaries.

    The executive summary reads the unit's merged ``figures.json``, so it runs
    once the unit's other notebooks have finished.
    """
    last = [task for task in tasks if task.notebook.stem == notebooks.SUMMARY]
    first = [task for task in tasks if task.notebook.stem != notebooks.SUMMARY]
    outcomes = _execute_all(first, jobs, on_progress, total=len(tasks))
    if last:
        _merge_figures(params, folder, folders)
        outcomes += _execute_all(
            last, jobs, on_progress, done=len(outcomes), total=len(tasks)
        )
    order = {
        (task.unit, task.notebook.stem): number for number, task in enumerate(tasks)
    }
    return sorted(outcomes, key=lambda item: order[(item.unit, item.notebook)])


def _merge_figures(params: Params, folder: Path, folders: dict[str, str]) -> None:
    for unit, name in folders.items():
        figures.merge(folder / name, {"business_unit": unit, "as_of": params.as_of})


def _execute_all(
    tasks: list[Task],
    jobs: int | None,
    on_progress: Callable[[Outcome, int, int], None] | None,
    *,
    done: int = 0,
    total: int | None = None,
) -> list[Outcome]:
    """Execute the tasks in a pool of processes; one failure never stops the rest."""
    if not tasks:
        return []
    workers = max(1, min(jobs or os.cpu_count() or 1, len(tasks)))
    context = multiprocessing.get_context("spawn")
    outcomes = []
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = {pool.submit(run_task, task): task for task in tasks}
        for future in as_completed(futures):
            outcome = _outcome_of(future, futures[future])
            outcomes.append(outcome)
            if on_progress is not None:
                on_progress(outcome, done + len(outcomes), total or len(tasks))
    order = {
        (task.unit, task.notebook.stem): number for number, task in enumerate(tasks)
    }
    return sorted(outcomes, key=lambda item: order[(item.unit, item.notebook)])


def _outcome_of(future: Any, task: Task) -> Outcome:
    try:
        return future.result()
    except Exception as problem:  # noqa: BLE001 - a crashed worker fails one task
        error = f"worker failed: {type(problem).__name__}: {problem}"
        return Outcome(task.unit, task.notebook.stem, "failed", 0.0, None, error)


def _publish(
    params: Params,
    folder: Path,
    folders: dict[str, str],
    chosen: list[Path],
    outcomes: list[Outcome],
) -> Path:
    """Merge each unit's figures, record its status and write the index page.

    The index lists every unit of the run folder that has a status, so a run with
    ``--only`` keeps the links to the units of earlier runs of the same ``as_of``.
    """
    titles = {path.stem: _title_of(path) for path in chosen}
    _merge_figures(params, folder, folders)
    for unit, name in folders.items():
        mine = [outcome for outcome in outcomes if outcome.unit == unit]
        seconds = sum(outcome.seconds for outcome in mine)
        status = "ok" if all(o.status == "ok" for o in mine) else "failed"
        logger.info(
            "Business unit %r: %s in %.1f s of notebook time", unit, status, seconds
        )
        entry = {
            "name": unit,
            "folder": name,
            "notebooks": [_entry(outcome, name, titles) for outcome in mine],
        }
        text = json.dumps(entry, indent=2, ensure_ascii=False)
        (folder / name / STATUS_FILE).write_text(text, encoding="utf-8")

    return write_index(
        folder / "index.html",
        title=params.title,
        as_of=params.as_of.isoformat(),
        units=_all_units(folder, order=_unit_order(params, folders)),
        notice=_notice(params),
    )


def _unit_order(params: Params, folders: dict[str, str]) -> list[str]:
    listed = params.business_units.values
    return list(listed) if listed != "all" else sorted(folders)


def _all_units(folder: Path, *, order: list[str]) -> list[dict[str, Any]]:
    """Read the status and figures of every unit in the run folder."""
    units = []
    for path in sorted(folder.glob(f"*/{STATUS_FILE}")):
        entry = json.loads(path.read_text(encoding="utf-8"))
        entry["figures"] = figures.read(path.parent)
        units.append(entry)
    rank = {name: number for number, name in enumerate(order)}
    return sorted(
        units, key=lambda unit: (rank.get(unit["name"], len(rank)), unit["name"])
    )


def _entry(outcome: Outcome, name: str, titles: dict[str, str]) -> dict[str, Any]:
    html = f"{name}/{outcome.html.name}" if outcome.html else None
    return {
        "name": outcome.notebook,
        "title": titles.get(outcome.notebook, outcome.notebook),
        "status": outcome.status,
        "html": html,
        "error": outcome.error,
    }
