"""Charts of the products report."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator, PercentFormatter, StrMethodFormatter

from ..analysis.products import product_labels
from ..model import SIZE_CLASSES, UNATTRIBUTED
from ..text import label
from .base import axes_or_new

__all__ = [
    "plot_pareto",
    "plot_product_revenue",
    "plot_revenue_change",
    "plot_size_mix",
]

ABC_COLOURS = {"A": "#2c7fb8", "B": "#7fcdbb", "C": "#bdbdbd"}
RISE_COLOUR = "#2c7fb8"
FALL_COLOUR = "#c0392b"
THOUSANDS = "{x:,.0f}"


def plot_product_revenue(
    summary: pd.DataFrame,
    *,
    key: str,
    top: int = 15,
    ax: Axes | None = None,
    **kwargs: Any,
) -> Axes:
    """Draw the net revenue of the ``top`` products or categories, highest first.

    Parameters
    ----------
    summary
        The output of :func:`~portfolio.analysis.products.product_summary`.
    key
        The grouping column of ``summary``.
    """
    shown = summary.head(top).assign(name=product_labels(summary.head(top), key))
    ax = axes_or_new(ax, (8, max(2.5, 0.32 * len(shown))))
    sns.barplot(data=shown, y="name", x="revenue", color="#2c7fb8", ax=ax, **kwargs)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=5))
    ax.xaxis.set_major_formatter(StrMethodFormatter(THOUSANDS))
    ax.set_xlabel(label("revenue"))
    ax.set_ylabel("")
    return ax


def plot_pareto(
    classes: pd.DataFrame,
    *,
    shares: Mapping[str, float],
    ax: Axes | None = None,
    **kwargs: Any,
) -> Axes:
    """Draw the cumulative share of revenue by product rank, coloured by ABC class.

    Parameters
    ----------
    classes
        The output of :func:`~portfolio.analysis.products.abc_classes`.
    shares
        The A and B bounds, drawn as dashed lines.
    """
    ax = axes_or_new(ax, (8, 3.5))
    ranked = classes.assign(rank=range(1, len(classes) + 1))
    sns.scatterplot(
        data=ranked,
        x="rank",
        y="cumulative_share",
        hue="abc_class",
        palette=ABC_COLOURS,
        hue_order=list(ABC_COLOURS),
        linewidth=0,
        ax=ax,
        **kwargs,
    )
    ax.plot(ranked["rank"], ranked["cumulative_share"], color="#636363", lw=0.8)
    for name in ("A", "B"):
        ax.axhline(shares[name], color=ABC_COLOURS[name], ls="--", lw=1)
    ax.set_ylim(0, 1.05)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_xlabel(label("product_rank"))
    ax.set_ylabel(label("cumulative_share"))
    ax.legend(title=label("abc_class"), loc="lower right")
    return ax


def plot_revenue_change(
    change: pd.DataFrame, *, key: str, ax: Axes | None = None, **kwargs: Any
) -> Axes:
    """Draw each row's change in net revenue, rises in blue and falls in red.

    Parameters
    ----------
    change
        Rows of :func:`~portfolio.analysis.products.period_change`, such as the
        output of :func:`~portfolio.analysis.products.biggest_changes`.
    key
        The grouping column of ``change``.
    """
    shown = change.assign(name=product_labels(change, key))
    colours = [
        RISE_COLOUR if value >= 0 else FALL_COLOUR for value in shown["net_change"]
    ]
    ax = axes_or_new(ax, (8, max(2.5, 0.32 * len(shown))))
    sns.barplot(
        data=shown,
        y="name",
        x="net_change",
        hue="name",
        palette=colours,
        legend=False,
        ax=ax,
        **kwargs,
    )
    ax.axvline(0, color="#636363", lw=0.8)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=5))
    ax.xaxis.set_major_formatter(StrMethodFormatter(THOUSANDS))
    ax.set_xlabel(label("net_change"))
    ax.set_ylabel("")
    return ax


def plot_size_mix(
    mix: pd.DataFrame,
    *,
    key: str,
    top: int = 12,
    ax: Axes | None = None,
    **kwargs: Any,
) -> Axes:
    """Draw each size class's revenue mix as a heatmap of shares.

    Parameters
    ----------
    mix
        The output of :func:`~portfolio.analysis.products.revenue_by_size_class`.
    key
        The grouping column of ``mix``.
    top
        Rows shown: the values of ``key`` with the most revenue overall.
    """
    totals = mix.groupby(key)["revenue"].sum().sort_values(ascending=False)
    rows = list(totals.index[:top])
    columns = [
        name for name in [*SIZE_CLASSES, UNATTRIBUTED] if name in set(mix.size_class)
    ]
    grid = mix.pivot_table(index=key, columns="size_class", values="class_share")
    grid = grid.reindex(index=rows, columns=columns)
    ax = axes_or_new(ax, (8, max(2.5, 0.4 * len(rows))))
    sns.heatmap(
        grid,
        annot=True,
        fmt=".0%",
        cmap="crest",
        vmin=0,
        cbar=False,
        ax=ax,
        **kwargs,
    )
    ax.set_xlabel(label("size_class"))
    ax.set_ylabel("")
    return ax
