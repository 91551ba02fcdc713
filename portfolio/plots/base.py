"""Charts of the data inventory, frequency and recency reports."""

from __future__ import annotations

from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import seaborn as sns  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.ticker import PercentFormatter  # noqa: E402

from ..text import label  # noqa: E402

__all__ = [
    "plot_completeness",
    "plot_distribution",
    "plot_frequency_mix",
    "plot_rejections",
]

PALETTE = "crest"


def axes_or_new(ax: Axes | None, size: tuple[float, float]) -> Axes:
    """Return ``ax``, or the Axes of a new figure of ``size`` inches."""
    if ax is not None:
        return ax
    _, ax = plt.subplots(figsize=size)
    return ax


def plot_completeness(
    fields: pd.DataFrame, *, ax: Axes | None = None, **kwargs: Any
) -> Axes:
    """Draw one horizontal bar per field with its completeness, coloured by kind."""
    ax = axes_or_new(ax, (8, max(3.0, 0.28 * len(fields))))
    sns.barplot(
        data=fields,
        y="column" if "column" in fields else "field",
        x="completeness",
        hue="kind",
        dodge=False,
        ax=ax,
        **kwargs,
    )
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_xlabel(label("completeness"))
    ax.set_ylabel("")
    ax.legend(
        title=label("kind"),
        loc="upper left",
        bbox_to_anchor=(1.02, 1.0),
        fontsize="small",
    )
    return ax


def plot_frequency_mix(
    mix: pd.DataFrame, *, ax: Axes | None = None, **kwargs: Any
) -> Axes:
    """Draw customers and revenue shares side by side for each frequency class."""
    ax = axes_or_new(ax, (8, 4))
    long = mix.melt(
        id_vars="frequency_class",
        value_vars=["customer_share", "revenue_share"],
        var_name="measure",
        value_name="share",
    )
    long["measure"] = long["measure"].map(label)
    sns.barplot(
        data=long, x="frequency_class", y="share", hue="measure", ax=ax, **kwargs
    )
    ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_xlabel(label("frequency_class"))
    ax.set_ylabel("")
    ax.tick_params(axis="x", rotation=20)
    ax.legend(title="")
    return ax


def plot_distribution(
    counts: pd.DataFrame,
    *,
    x: str,
    y: str,
    highlight: list[str] | None = None,
    ax: Axes | None = None,
    **kwargs: Any,
) -> Axes:
    """Draw counts per ordered range, with the ranges in ``highlight`` in red."""
    ax = axes_or_new(ax, (8, 3.5))
    colours = [
        "#c0392b" if highlight and value in highlight else "#2c7fb8"
        for value in counts[x]
    ]
    sns.barplot(
        data=counts, x=x, y=y, hue=x, palette=colours, legend=False, ax=ax, **kwargs
    )
    ax.set_xlabel(label(x))
    ax.set_ylabel(label(y))
    return ax


def plot_rejections(
    rejected: pd.DataFrame, *, ax: Axes | None = None, **kwargs: Any
) -> Axes:
    """Draw the rejected rows per reason."""
    ax = axes_or_new(ax, (8, max(2.0, 0.4 * len(rejected))))
    sns.barplot(data=rejected, y="reason", x="rows", color="#c0392b", ax=ax, **kwargs)
    ax.set_xlabel(label("rows"))
    ax.set_ylabel("")
    return ax
