"""Charts of the acquisition channel report."""

from __future__ import annotations

from typing import Any

import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes
from matplotlib.ticker import PercentFormatter, StrMethodFormatter

from ..text import label
from .base import PALETTE, axes_or_new

__all__ = ["plot_channel_revenue", "plot_cohort_heatmap", "plot_new_customers"]

THOUSANDS = StrMethodFormatter("{x:,.0f}")


def plot_channel_revenue(
    summary: pd.DataFrame, *, ax: Axes | None = None, **kwargs: Any
) -> Axes:
    """Draw one horizontal bar per channel with its net revenue."""
    ax = axes_or_new(ax, (8, max(2.5, 0.45 * len(summary))))
    sns.barplot(
        data=summary,
        y="acquisition_channel",
        x="revenue",
        color="#2c7fb8",
        ax=ax,
        **kwargs,
    )
    ax.xaxis.set_major_formatter(THOUSANDS)
    ax.set_xlabel(label("revenue"))
    ax.set_ylabel("")
    return ax


def plot_new_customers(
    monthly: pd.DataFrame, *, ax: Axes | None = None, **kwargs: Any
) -> Axes:
    """Stack the new customers of each channel month by month.

    Parameters
    ----------
    monthly
        Columns ``month``, ``acquisition_channel`` and ``new_customers``.
    """
    ax = axes_or_new(ax, (9, 4))
    wide = monthly.pivot_table(
        index="month",
        columns="acquisition_channel",
        values="new_customers",
        aggfunc="sum",
        fill_value=0,
    )
    colours = sns.color_palette(PALETTE, n_colors=max(1, wide.shape[1]))
    ax.stackplot(
        wide.index,
        wide.T.to_numpy(),
        labels=[str(name) for name in wide.columns],
        colors=colours,
        **kwargs,
    )
    ax.set_xlabel("")
    ax.set_ylabel(label("new_customers"))
    ax.legend(title="", loc="upper left", fontsize="small", ncols=3)
    return ax


def plot_cohort_heatmap(
    matrix: pd.DataFrame,
    *,
    value: str = "active_share",
    ax: Axes | None = None,
    **kwargs: Any,
) -> Axes:
    """Draw a cohort matrix: one row per acquisition month, one column per month since.

    Parameters
    ----------
    matrix
        Columns ``cohort``, ``months_since`` and ``value``, such as the output of
        :func:`~portfolio.analysis.cohorts.cohort_matrix`.
    value
        ``active_share`` (drawn as percentages) or ``revenue_per_customer``.
    """
    wide = matrix.pivot(index="cohort", columns="months_since", values=value)
    wide.index = [f"{month:%Y-%m}" for month in wide.index]
    ax = axes_or_new(ax, (9, max(3.0, 0.22 * len(wide) + 1.5)))
    shares = value.endswith("share")
    if shares:
        # Month 0 is 100 % by definition; leaving it out of the colour scale keeps
        # the later months readable.
        wide = wide.drop(columns=0, errors="ignore").dropna(how="all")
    sns.heatmap(
        wide,
        cmap=PALETTE,
        ax=ax,
        cbar_kws={"format": PercentFormatter(1.0) if shares else THOUSANDS},
        **kwargs,
    )
    ax.set_xlabel(label("months_since"))
    ax.set_ylabel(label("cohort"))
    ax.tick_params(axis="y", labelsize="small")
    return ax
