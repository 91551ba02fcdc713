"""Analysts' annotations: Markdown notes shown in a box at the top of a report.

An analyst writes one file per business unit of a run, by default in
``annotations/<params stem>/<as_of>/<business unit>.md`` next to the parameter
file. The file is named after the unit's original name or its folder name::

    author: Jane Doe
    date: 2024-07-02

    ## 00_executive_summary
    General findings for leadership.

    ## 04_recency
    author: Max Roth
    The cold customers of the north are mostly former trade fair contacts.

``author:`` and ``date:`` lines at the top apply to every section; the same lines
right below a section heading replace them for that section. Sections are keyed
by notebook name and checked before any notebook runs. The text is Markdown,
rendered with raw HTML disabled and then sanitized.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt

from .. import text
from ..errors import NotebookError, ParameterError, did_you_mean
from .html import sanitize_html

__all__ = [
    "ANNOTATIONS_FILE",
    "Annotation",
    "box_html",
    "boxes_html",
    "default_folder",
    "parse",
    "parse_folder",
    "read",
    "render_markdown",
    "unit_annotations",
    "write",
]

ANNOTATIONS_FILE = "annotations.json"
"""File in a unit's folder holding its annotations for the executive summary."""

_HEADING = re.compile(r"^##\s+(?P<name>\S.*?)\s*#*\s*$")
_META = re.compile(r"^(?P<key>author|date)\s*:\s*(?P<value>.*?)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Annotation:
    """One section of an annotation file."""

    notebook: str
    author: str | None
    date: str | None
    markdown: str
    source: str
    line: int


def default_folder(params_file: Path, as_of: dt.date) -> Path:
    """Return ``annotations/<params stem>/<as_of>`` next to the parameter file."""
    return params_file.parent / "annotations" / params_file.stem / as_of.isoformat()


def parse(path: Path, *, notebooks: Iterable[str]) -> list[Annotation]:
    """Read an annotation file and check that each section names a notebook.

    Parameters
    ----------
    path : Path
        The Markdown file.
    notebooks : iterable of str
        The valid section names, such as ``04_recency``.

    Returns
    -------
    list of Annotation
        One annotation per section, in the order of the file.

    Raises
    ------
    NotebookError
        If a section names an unknown notebook.
    ParameterError
        If a date is not ``YYYY-MM-DD``, text comes before the first section or
        a notebook has two sections.
    """
    valid = list(notebooks)
    lines = path.read_text(encoding="utf-8").splitlines()
    defaults: dict[str, str] = {}
    sections: list[tuple[str, int, dict[str, str], list[str]]] = []
    for number, line in enumerate(lines, start=1):
        heading = _HEADING.match(line)
        if heading:
            name = heading["name"]
            _check_name(name, valid, path, number, seen=[s[0] for s in sections])
            sections.append((name, number, {}, []))
            continue
        meta = _META.match(line)
        target = sections[-1] if sections else None
        if meta and (target is None or not "".join(target[3]).strip()):
            values = defaults if target is None else target[2]
            values[meta["key"].lower()] = _checked(meta, path, number)
        elif target is not None:
            target[3].append(line)
        elif line.strip():
            raise ParameterError(
                f"{path}, line {number}: text before the first section. Put it "
                "under a heading '## 00_executive_summary', or under "
                "'## <notebook>' for one report."
            )
    return [
        Annotation(
            notebook=name,
            author=meta.get("author", defaults.get("author")),
            date=meta.get("date", defaults.get("date")),
            markdown="\n".join(body).strip(),
            source=str(path),
            line=number,
        )
        for name, number, meta, body in sections
    ]


def _check_name(
    name: str, valid: list[str], path: Path, number: int, *, seen: list[str]
) -> None:
    if name not in valid:
        raise NotebookError(
            f"{path}, line {number}: section '## {name}' names no report notebook."
            f"{did_you_mean(name, valid)} Valid names: {', '.join(valid)}."
        )
    if name in seen:
        raise ParameterError(
            f"{path}, line {number}: a second section for {name}. Write all the "
            "notes of a notebook in one section."
        )


def _checked(meta: re.Match[str], path: Path, number: int) -> str:
    value = meta["value"]
    if meta["key"].lower() == "date":
        try:
            return dt.date.fromisoformat(value).isoformat()
        except ValueError:
            raise ParameterError(
                f"{path}, line {number}: date {value!r} is not a day written "
                "YYYY-MM-DD, such as 2024-07-02."
            ) from None
    return value


def parse_folder(
    folder: Path | None, *, notebooks: Iterable[str]
) -> dict[str, list[Annotation]]:
    """Parse every ``*.md`` file of a folder, keyed by the file's stem.

    A folder that does not exist has no annotations.
    """
    if folder is None or not folder.is_dir():
        return {}
    valid = list(notebooks)
    return {
        path.stem: parse(path, notebooks=valid) for path in sorted(folder.glob("*.md"))
    }


def unit_annotations(
    parsed: Mapping[str, list[Annotation]], *, unit: str, folder: str
) -> list[Annotation]:
    """Return the annotations of a unit, from the file named after it or its folder.

    Raises
    ------
    ParameterError
        If both files exist, since one of them would be silently ignored.
    """
    found = [stem for stem in dict.fromkeys([unit, folder]) if stem in parsed]
    if len(found) > 1:
        raise ParameterError(
            f"Business unit {unit!r} has two annotation files, {unit}.md and "
            f"{folder}.md. Merge them into one."
        )
    return list(parsed[found[0]]) if found else []


def render_markdown(markdown: str) -> str:
    """Render Markdown to HTML with raw HTML disabled, then sanitize the result."""
    renderer = MarkdownIt("commonmark", {"html": False})
    return sanitize_html(renderer.render(markdown))


def box_html(annotation: Annotation | Mapping[str, Any]) -> str:
    """Return the highlighted box of one annotation, author and date included."""
    values = asdict(annotation) if isinstance(annotation, Annotation) else annotation
    author = values.get("author") or text.label("summary_unknown_author")
    byline = text.sentence(
        "summary_annotation_byline", author=author, date=values.get("date") or "–"
    )
    body = render_markdown(str(values.get("markdown", "")))
    return (
        '<aside class="annotation">'
        f'<p class="annotation-byline">{byline}</p>{body}</aside>'
    )


def boxes_html(annotations: Iterable[Annotation | Mapping[str, Any]]) -> str:
    """Return the boxes of several annotations, one after the other."""
    return "\n".join(box_html(annotation) for annotation in annotations)


def write(unit_dir: Path, annotations: Iterable[Annotation]) -> Path:
    """Store a unit's annotations for its executive summary."""
    path = unit_dir / ANNOTATIONS_FILE
    entries = [asdict(annotation) for annotation in annotations]
    path.write_text(json.dumps(entries, indent=2, ensure_ascii=False), "utf-8")
    return path


def read(unit_dir: str | Path) -> list[dict[str, Any]]:
    """Read a unit's stored annotations; an empty list when there are none."""
    path = Path(unit_dir) / ANNOTATIONS_FILE
    return json.loads(path.read_text("utf-8")) if path.exists() else []
