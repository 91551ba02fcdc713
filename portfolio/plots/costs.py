"""Charts of the acquisition and retention cost report."""

from __future__ import annotations

from typing import Any

import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes
from matplotlib.ticker import StrMethodFormatter

from ..text import label
from .base import PALETTE, axes_or_new

__all__ = ["plot_cac_by_month", "plot_crc_by_month", "plot_unit_economics"]

THOUSANDS = StrMethodFormatter("{x:,.0f}")


def plot_cac_by_month(
    monthly: pd.DataFrame, *, ax: Axes | None = None, **kwargs: Any
) -> Axes:
    """Draw one line of CAC per channel, month by month.

    Parameters
    ----------
    monthly
        Columns ``month``, ``acquisition_channel`` and ``cac``, such as the output
        of :func:`~portfolio.analysis.costs.cac_by_month`.
    """
    ax = axes_or_new(ax, (9, 4))
    sns.lineplot(
        data=monthly.dropna(subset=["cac"]),
        x="month",
        y="cac",
        hue="acquisition_channel",
        palette=PALETTE,
        marker="o",
        markersize=3,
        ax=ax,
        **kwargs,
    )
    ax.yaxis.set_major_formatter(THOUSANDS)
    ax.set_xlabel("")
    ax.set_ylabel(label("cac"))
    ax.legend(title="", loc="upper left", fontsize="small", ncols=3)
    return ax


def plot_crc_by_month(
    monthly: pd.DataFrame, *, ax: Axes | None = None, **kwargs: Any
) -> Axes:
    """Draw the retention cost per returning customer, month by month."""
    ax = axes_or_new(ax, (9, 3.5))
    sns.lineplot(
        data=monthly.dropna(subset=["crc"]),
        x="month",
        y="crc",
        color="#2c7fb8",
        marker="o",
        markersize=3,
        ax=ax,
        **kwargs,
    )
    ax.yaxis.set_major_formatter(THOUSANDS)
    ax.set_xlabel("")
    ax.set_ylabel(label("crc"))
    return ax


def plot_unit_economics(
    economics: pd.DataFrame,
    *,
    column: str = "acquisition_channel",
    ax: Axes | None = None,
    **kwargs: Any,
) -> Axes:
    """Draw the CAC and the lifetime value of each group side by side.

    Parameters
    ----------
    economics
        Columns ``column``, ``cac`` and ``ltv``, such as the output of
        :func:`~portfolio.analysis.costs.unit_economics`.
    column
        The group column.
    """
    ax = axes_or_new(ax, (8, max(2.5, 0.6 * len(economics))))
    long = economics.melt(
        id_vars=column, value_vars=["cac", "ltv"], var_name="measure", value_name="x"
    )
    long["measure"] = long["measure"].map(label)
    sns.barplot(
        data=long, y=column, x="x", hue="measure", palette=PALETTE, ax=ax, **kwargs
    )
    ax.xaxis.set_major_formatter(THOUSANDS)
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.legend(title="", loc="lower right", fontsize="small")
    return ax
