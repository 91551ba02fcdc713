"""Display helpers for the notebooks: escaped sentences, tables and figures."""

from __future__ import annotations

import html
import io
from collections.abc import Iterable

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
    """Display a DataFrame as an HTML table with formatted, escaped cells."""
    shown = frame.head(limit) if limit else frame
    formatters = {name: text.money for name in money}
    formatters.update({name: text.percent for name in percent})
    formatters.update({name: text.count for name in counts})
    shown = shown.rename(columns=text.label)
    labelled = {text.label(name): function for name, function in formatters.items()}
    markup = shown.to_html(
        index=False, escape=True, formatters=labelled, na_rep="–", border=0
    )
    display(HTML(markup))


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
