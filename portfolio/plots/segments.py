"""Charts of the cross-analysis report."""

from __future__ import annotations

from typing import Any

import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter

from ..text import label
from .base import PALETTE, axes_or_new

__all__ = ["plot_heatmap", "plot_segments"]


def plot_segments(
    summary: pd.DataFrame, *, ax: Axes | None = None, **kwargs: Any
) -> Axes:
    """Draw one bar per segment with its net revenue, labelled with its customers.

    Parameters
    ----------
    summary
        The output of :func:`~portfolio.analysis.segments.segment_summary`, with
        ``segment``, ``customers`` and ``revenue``.
    ax
        The Axes to draw on; a new figure by default.
    **kwargs
        Passed to :meth:`matplotlib.axes.Axes.barh`.
    """
    ax = axes_or_new(ax, (8, max(2.5, 0.4 * len(summary) + 1)))
    ordered = summary.iloc[::-1]
    colours = sns.color_palette(PALETTE, len(summary))[::-1]
    bars = ax.barh(ordered["segment"], ordered["revenue"], color=colours, **kwargs)
    counts = [f"{int(value):,}" for value in ordered["customers"]]
    ax.bar_label(bars, labels=counts, padding=3, fontsize="small")
    ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}"))
    ax.tick_params(axis="x", rotation=20)
    ax.set_xlabel(label("revenue"))
    ax.set_ylabel("")
    ax.margins(x=0.12)
    return ax


def plot_heatmap(
    grid: pd.DataFrame,
    *,
    money: bool = False,
    title: str | None = None,
    ax: Axes | None = None,
    **kwargs: Any,
) -> Axes:
    """Draw a grid of numbers as a heatmap with each cell's value written in it.

    Parameters
    ----------
    grid
        Rows and columns to draw, such as the output of
        :func:`~portfolio.analysis.segments.crossing_grid`.
    money
        Write values as amounts without decimals; as counts or two-decimal numbers
        otherwise (whole numbers have no decimals).
    title
        The title of the Axes, if any.
    ax
        The Axes to draw on; a new figure by default.
    **kwargs
        Passed to :func:`seaborn.heatmap`.
    """
    width = max(4.0, 0.7 * len(grid.columns) + 2.5)
    ax = axes_or_new(ax, (width, max(2.5, 0.45 * len(grid) + 1.2)))
    values = grid.astype(float)
    whole = money or bool((values.round() == values).all().all())
    annotations = values.map(lambda value: f"{value:,.0f}" if whole else f"{value:.2f}")
    options = {"cmap": PALETTE, "cbar": False, "linewidths": 0.5}
    sns.heatmap(
        values,
        annot=annotations,
        fmt="",
        annot_kws={"fontsize": "small"},
        ax=ax,
        **{**options, **kwargs},
    )
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.tick_params(axis="x", rotation=35)
    ax.tick_params(axis="y", rotation=0)
    for tick in ax.get_xticklabels():
        tick.set_horizontalalignment("right")
    if title:
        ax.set_title(title)
    return ax
