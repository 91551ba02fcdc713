"""Execute one report notebook with papermill and convert it to HTML.

This module runs inside the worker processes of the runner's pool, so everything
a task needs travels in :class:`Task` and comes back in :class:`Outcome`.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
import papermill
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from papermill.exceptions import PapermillExecutionError
from papermill.translators import PythonTranslator, papermill_translators

from .html import export_html

logger = logging.getLogger(__name__)

KERNEL = "python3"
KERNEL_START_SECONDS = 300
"""How long a kernel may take to start; a loaded 2-core machine once took over 60 s,
papermill's default."""


class IsoDate(str):
    """A day written ``YYYY-MM-DD`` that reaches the notebook as ``datetime.date``.

    Papermill stores the parameters as JSON in the notebook's metadata, where a
    string is needed, and injects them as code, where a date is meant.
    """


def with_dates(value: Any) -> Any:
    """Replace the dates inside parameters with :class:`IsoDate` strings."""
    if isinstance(value, dict):
        return {key: with_dates(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [with_dates(item) for item in value]
    if isinstance(value, dt.datetime):
        return str(value.isoformat())
    if isinstance(value, dt.date):
        return IsoDate(value.isoformat())
    return value


class _DateTranslator(PythonTranslator):
    """Inject :class:`IsoDate` values as ``datetime.date`` objects."""

    @classmethod
    def translate(cls, val: Any) -> str:
        if isinstance(val, IsoDate):
            return f"__import__('datetime').date.fromisoformat({str(val)!r})"
        return super().translate(val)

    @classmethod
    def translate_list(cls, val: list[Any]) -> str:
        return "[" + ", ".join(cls.translate(item) for item in val) + "]"

    @classmethod
    def translate_dict(cls, val: dict[Any, Any]) -> str:
        items = (
            f"{cls.translate_str(str(k))}: {cls.translate(v)}" for k, v in val.items()
        )
        return "{" + ", ".join(items) + "}"


papermill_translators.register("python", _DateTranslator)


@dataclass
class Task:
    """One notebook to execute for one business unit."""

    unit: str
    folder: Path
    notebook: Path
    parameters: dict[str, Any]
    timeout_seconds: int
    title: str
    notice: str | None = None
    annotation_html: str | None = None


@dataclass
class Outcome:
    """The result of one task: status, duration, HTML file and error."""

    unit: str
    notebook: str
    status: str
    seconds: float
    html: Path | None = None
    error: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def run_task(task: Task) -> Outcome:
    """Execute a notebook, then write its HTML even when a cell failed."""
    start = time.monotonic()
    output = task.folder / task.notebook.name
    error = _execute(task, output)
    if error is not None and error.startswith(_NO_KERNEL):
        # A kernel that never started ran no cell, so trying once more is safe.
        logger.warning(
            "%s / %s: %s; retrying once", task.unit, task.notebook.stem, error
        )
        error = _execute(task, output)
    if error is not None:
        _mark_failed(output, task, error)

    html_path = output.with_suffix(".html")
    try:
        export_html(
            output,
            html_path,
            title=task.title,
            notice=task.notice,
            annotation_html=task.annotation_html,
        )
    except Exception as problem:  # noqa: BLE001 - reported as the task's failure
        error = error or f"HTML conversion failed: {type(problem).__name__}: {problem}"
        html_path = None  # type: ignore[assignment]

    seconds = round(time.monotonic() - start, 1)
    status = "ok" if error is None else "failed"
    return Outcome(task.unit, task.notebook.stem, status, seconds, html_path, error)


_NO_KERNEL = "RuntimeError: Kernel didn't respond"


def _execute(task: Task, output: Path) -> str | None:
    """Run papermill and return a plain description of the failure, if any."""
    try:
        papermill.execute_notebook(
            str(task.notebook),
            str(output),
            parameters=with_dates(task.parameters),
            kernel_name=KERNEL,
            execution_timeout=task.timeout_seconds,
            start_timeout=KERNEL_START_SECONDS,
            progress_bar=False,
            cwd=str(task.folder),
        )
    except PapermillExecutionError as problem:
        return (
            f"{problem.ename}: {problem.evalue} "
            f"(in the cell executed as number {problem.exec_count})"
        )
    except CellTimeoutError:
        return f"timed out after {task.timeout_seconds} s{_running_cell(output)}"
    except DeadKernelError as problem:
        return f"kernel died{_running_cell(output)}: {_first_line(problem)}"
    except Exception as problem:  # noqa: BLE001 - any failure becomes the report's
        return f"{type(problem).__name__}: {_first_line(problem)}"
    return None


def _running_cell(output: Path) -> str:
    """Return " in the cell executed as number N" for the cell that stopped, or "".

    Papermill 2.7 sets ``start_time`` in a cell's metadata and saves the output
    notebook when the cell starts, so the last cell with a start time is the one
    that timed out or was running when the kernel died.
    """
    try:
        notebook = nbformat.read(output, as_version=4)
    except (OSError, ValueError):
        return ""
    started = [
        cell
        for cell in notebook.cells
        if cell.get("metadata", {}).get("papermill", {}).get("start_time")
    ]
    if not started or started[-1].get("execution_count") is None:
        return ""
    return f" in the cell executed as number {started[-1].execution_count}"


def _first_line(problem: BaseException) -> str:
    text = str(problem).strip()
    return text.splitlines()[0] if text else type(problem).__name__


def _mark_failed(output: Path, task: Task, error: str) -> None:
    """Put the failure at the top of the executed notebook, in plain words."""
    if output.exists():
        notebook = nbformat.read(output, as_version=4)
    else:
        notebook = nbformat.read(task.notebook, as_version=4)
    message = (
        f"**This report failed and is incomplete.** {html.escape(error)}\n\n"
        "The cells below show how far it went. Fix the cause, then run the report "
        "again."
    )
    cell = nbformat.v4.new_markdown_cell(message)
    cell.metadata["tags"] = ["portfolio-failure"]
    notebook.cells.insert(0, cell)
    nbformat.write(notebook, output)
    logger.warning("%s / %s failed: %s", task.unit, task.notebook.stem, error)
