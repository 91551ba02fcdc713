"""Charts of the sales rep report."""

from __future__ import annotations

from typing import Any

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter, PercentFormatter

from ..text import label
from .base import axes_or_new

__all__ = ["plot_leaderboard", "plot_win_rates"]

STANDING_COLOURS = {"champion": "#27ae60", "training need": "#c0392b"}
OTHER_COLOUR = "#2c7fb8"


def plot_leaderboard(
    board: pd.DataFrame,
    *,
    metric: str,
    ax: Axes | None = None,
    **kwargs: Any,
) -> Axes:
    """Draw one bar per rep for ``metric``, with the team median as a dashed line.

    Parameters
    ----------
    board
        The output of :func:`~portfolio.analysis.ranking.rep_leaderboard`, with
        ``sales_rep``, ``metric``, ``team_median`` and ``standing``.
    metric
        The column drawn, such as ``revenue`` or ``won_value``.
    ax
        The Axes to draw on; a new figure by default.
    **kwargs
        Passed to :meth:`matplotlib.axes.Axes.barh`.
    """
    ax = axes_or_new(ax, (8, max(2.5, 0.32 * len(board) + 1)))
    ordered = board.iloc[::-1]
    colours = [STANDING_COLOURS.get(name, OTHER_COLOUR) for name in ordered["standing"]]
    ax.barh(ordered["sales_rep"], ordered[metric], color=colours, **kwargs)
    if len(board):
        median = float(board["team_median"].iloc[0])
        ax.axvline(median, color="#555555", linestyle="--", linewidth=1)
        ax.annotate(
            label("team_median"),
            xy=(median, 1.0),
            xycoords=("data", "axes fraction"),
            ha="left",
            va="bottom",
            fontsize="small",
        )
    ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}"))
    ax.tick_params(axis="x", rotation=20)
    ax.set_xlabel(label(metric))
    ax.set_ylabel("")
    return ax


def plot_win_rates(
    deals: pd.DataFrame,
    *,
    team_rate: float | None,
    ax: Axes | None = None,
    **kwargs: Any,
) -> Axes:
    """Draw each rep's win rate, with the team's win rate as a dashed line.

    Parameters
    ----------
    deals
        The output of :func:`~portfolio.analysis.deals.deals_by_rep`; reps without
        a closed deal are left out.
    team_rate
        The unit's win rate, or None to draw no line.
    ax
        The Axes to draw on; a new figure by default.
    **kwargs
        Passed to :meth:`matplotlib.axes.Axes.barh`.
    """
    closed = deals[deals["win_rate"].notna()]
    closed = closed.sort_values(["win_rate", "sales_rep"], ascending=[True, False])
    ax = axes_or_new(ax, (8, max(2.5, 0.32 * len(closed) + 1)))
    colours = [
        STANDING_COLOURS["champion"]
        if team_rate is not None and rate > team_rate
        else OTHER_COLOUR
        for rate in closed["win_rate"]
    ]
    ax.barh(closed["sales_rep"], closed["win_rate"], color=colours, **kwargs)
    if team_rate is not None:
        ax.axvline(team_rate, color="#555555", linestyle="--", linewidth=1)
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_xlabel(label("win_rate"))
    ax.set_ylabel("")
    return ax
