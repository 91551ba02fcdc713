"""Charts of the company size report."""

from __future__ import annotations

from typing import Any

import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes
from matplotlib.ticker import PercentFormatter

from ..text import label
from .base import axes_or_new

__all__ = ["plot_size_shares"]


def plot_size_shares(
    summary: pd.DataFrame, *, ax: Axes | None = None, **kwargs: Any
) -> Axes:
    """Draw the shares of customers and of revenue side by side for each size class.

    Parameters
    ----------
    summary
        Rows of :func:`~portfolio.analysis.size.size_summary`, in the order to draw:
        ``size_class``, ``customer_share`` and ``revenue_share``.
    ax
        The Axes to draw on; a new figure when None.
    **kwargs
        Passed to :func:`seaborn.barplot`.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on.
    """
    ax = axes_or_new(ax, (8, 4))
    long = summary.melt(
        id_vars="size_class",
        value_vars=["customer_share", "revenue_share"],
        var_name="measure",
        value_name="share",
    )
    long["measure"] = long["measure"].map(label)
    sns.barplot(data=long, x="size_class", y="share", hue="measure", ax=ax, **kwargs)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_xlabel(label("size_class"))
    ax.set_ylabel("")
    ax.legend(title="")
    return ax
