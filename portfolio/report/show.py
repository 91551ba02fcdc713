"""Display helpers for the notebooks: escaped sentences, tables and figures."""

from __future__ import annotations

import html
import io
from collections.abc import Callable, Iterable

import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import HTML, Image, display
from matplotlib.axes import Axes

from .. import text


def say(key: str, **values: object) -> None:
    """Display one sentence of :mod:`portfolio.text`, its values escaped."""
    display(HTML(f"<p>{text.sentence(key, **values)}</p>"))


def notice(message: str | None) -> None:
    """Display a banner, such as the synthetic-data notice, when there is one."""
    if message:
        display(HTML(f'<p class="notice"><b>{html.escape(message)}</b></p>'))


def table(
    frame: pd.DataFrame,
    *,
    money: Iterable[str] = (),
    percent: Iterable[str] = (),
    counts: Iterable[str] = (),
    limit: int | None = None,
) -> None:
    """Display a DataFrame as an HTML table with formatted, escaped cells.

    Numbers are right-aligned and text left-aligned; ``limit`` keeps the first rows.
    """
    display(
        HTML(
            table_html(frame, money=money, percent=percent, counts=counts, limit=limit)
        )
    )


def table_html(
    frame: pd.DataFrame,
    *,
    money: Iterable[str] = (),
    percent: Iterable[str] = (),
    counts: Iterable[str] = (),
    limit: int | None = None,
) -> str:
    """Return the HTML of :func:`table`: labelled headers, formatted escaped cells."""
    shown = frame.head(limit) if limit else frame
    formatters: dict[str, Callable[[object], str]] = dict.fromkeys(money, text.money)
    formatters.update(dict.fromkeys(percent, text.percent))
    formatters.update(dict.fromkeys(counts, text.count))

    header, body = [], []
    numeric = {}
    for name in shown.columns:
        numeric[name] = (
            name in formatters
            or pd.api.types.is_numeric_dtype(shown[name])
            and not pd.api.types.is_bool_dtype(shown[name])
        )
        css = ' class="num"' if numeric[name] else ""
        header.append(f"<th{css}>{html.escape(text.label(str(name)))}</th>")

    for row in shown.itertuples(index=False):
        cells = []
        for name, value in zip(shown.columns, row, strict=True):
            shown_value = _cell(value, formatters.get(name))
            css = ' class="num"' if numeric[name] else ""
            cells.append(f"<td{css}>{html.escape(shown_value)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (
        '<table class="data"><thead><tr>'
        + "".join(header)
        + "</tr></thead><tbody>"
        + "".join(body)
        + "</tbody></table>"
    )


def _cell(value: object, formatter: Callable[[object], str] | None) -> str:
    """Format one cell; a missing value is a dash."""
    if formatter is not None:
        return formatter(value)
    if value is None or value is pd.NA or value is pd.NaT:
        return "–"
    if isinstance(value, float) and value != value:
        return "–"
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d") if value == value.normalize() else str(value)
    if isinstance(value, float):
        return text.days(value)
    return str(value)


def figure(ax: Axes, title: str | None = None) -> None:
    """Display the figure of ``ax`` and close it, so that it is shown once."""
    if title:
        ax.set_title(title)
    figure_ = ax.get_figure()
    figure_.tight_layout()  # type: ignore[union-attr]
    buffer = io.BytesIO()
    figure_.savefig(buffer, format="png", dpi=110)  # type: ignore[union-attr]
    plt.close(figure_)  # type: ignore[arg-type]
    display(Image(data=buffer.getvalue(), format="png"))
