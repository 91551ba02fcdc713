"""Rep ranking: the leaderboard of the named reps against the team median.

Reps are ranked on won value, or on revenue when no deal was won. The reps in the top
quartile are champions and those in the bottom quartile are training needs.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..model import UNATTRIBUTED, UNKNOWN

MIN_REPS_FOR_QUARTILES = 4
"""Fewest named reps needed to split a team into quartiles."""

CHAMPION = "champion"
TRAINING_NEED = "training need"


def ranking_metric(deals: pd.DataFrame | None) -> str:
    """Choose what ranks the reps: won value when any deal was won, else revenue."""
    if deals is not None and deals["won_value"].sum() > 0:
        return "won_value"
    return "revenue"


def rep_leaderboard(
    portfolio: pd.DataFrame | None,
    deals: pd.DataFrame | None = None,
    *,
    metric: str = "revenue",
) -> pd.DataFrame:
    """Rank the named reps on one metric against the team median.

    Champions are the reps at or above the third quartile of the metric, training
    needs those at or below the first quartile (linear interpolation between reps).
    A rep who would be both, because the two quartiles are equal, is neither. With
    fewer than four named reps that have a value, no rep is marked.

    Parameters
    ----------
    portfolio
        The output of :func:`~portfolio.analysis.reps.rep_portfolio`, or None
        when no rep is known on orders or customers.
    deals
        The output of :func:`~portfolio.analysis.deals.deals_by_rep`, if any.
    metric
        The column that ranks the reps, such as ``revenue`` or ``won_value``.

    Returns
    -------
    pandas.DataFrame
        One row per named rep (``"(unknown)"`` and ``"unattributed"`` left out), by
        the metric, highest first: ``sales_rep``, the columns of both inputs, then
        ``team_median``, ``versus_median`` (the metric over the median, minus one;
        None when the median is not positive) and ``standing`` (``champion``,
        ``training need`` or empty).

    Raises
    ------
    ValueError
        When ``metric`` is not a column of the inputs.
    """
    board = _merge_reps(portfolio, deals)
    if metric not in board.columns or metric == "sales_rep":
        choices = ", ".join(name for name in board.columns if name != "sales_rep")
        raise ValueError(f"metric must be one of {choices}; got {metric!r}.")
    values = board[metric].astype(float)
    standing = quartile_standing(values)
    median = float(values.median()) if values.notna().any() else float("nan")

    board["team_median"] = median
    board["versus_median"] = (values / median - 1) if median > 0 else None
    board["standing"] = standing
    board = board.sort_values([metric, "sales_rep"], ascending=[False, True])
    return board.reset_index(drop=True)


def _merge_reps(
    portfolio: pd.DataFrame | None, deals: pd.DataFrame | None
) -> pd.DataFrame:
    frames = [
        frame[~frame["sales_rep"].isin([UNKNOWN, UNATTRIBUTED])]
        for frame in (portfolio, deals)
        if frame is not None
    ]
    if not frames:
        raise ValueError(
            "rep_leaderboard needs a portfolio or deals by rep; both are None."
        )
    board = frames[0]
    if len(frames) == 2:
        board = board.merge(frames[1], on="sales_rep", how="outer")
    counts = [name for name in board.columns if name.endswith(("customers", "deals"))]
    amounts = ["revenue", "revenue_last_12m", "revenue_previous_12m", "won_value"]
    filled = counts + [name for name in amounts if name in board.columns]
    board[filled] = board[filled].fillna(0)
    return board.reset_index(drop=True)


def quartile_standing(values: pd.Series) -> pd.Series:
    """Mark the values at or above the third quartile and at or below the first.

    Parameters
    ----------
    values
        One number per rep; missing values are left out of the quartiles.

    Returns
    -------
    pandas.Series
        Aligned on ``values``: ``champion``, ``training need`` or an empty text.
        Every entry is empty with fewer than four known values.
    """
    standing = pd.Series("", index=values.index, dtype=object, name="standing")
    quartiles = _quartiles(values)
    if quartiles is None:
        return standing
    first, third = quartiles
    top, bottom = values >= third, values <= first
    standing[top & ~bottom] = CHAMPION
    standing[bottom & ~top] = TRAINING_NEED
    return standing


def _quartiles(values: pd.Series) -> tuple[float, float] | None:
    """Return the first and third quartiles, or None with fewer than four values."""
    known = values.astype(float).dropna()
    if len(known) < MIN_REPS_FOR_QUARTILES:
        return None
    return float(known.quantile(0.25)), float(known.quantile(0.75))


def ranking_summary(board: pd.DataFrame, *, metric: str) -> dict[str, Any]:
    """Sum up a leaderboard: its median, quartiles, champions and training needs.

    Parameters
    ----------
    board
        The output of :func:`rep_leaderboard` for the same ``metric``.
    metric
        The column that ranked the reps.

    Returns
    -------
    dict
        ``metric``, ``reps`` (named reps ranked), ``team_median``,
        ``first_quartile`` and ``third_quartile`` (None with fewer than four reps),
        ``champions`` and ``training_needs`` (names, in the leaderboard's order).
    """
    values = board[metric].astype(float)
    quartiles = _quartiles(values)
    median = values.median()
    return {
        "metric": metric,
        "reps": len(board),
        "team_median": None if pd.isna(median) else round(float(median), 2),
        "first_quartile": None if quartiles is None else round(quartiles[0], 2),
        "third_quartile": None if quartiles is None else round(quartiles[1], 2),
        "champions": board.loc[board["standing"] == CHAMPION, "sales_rep"].tolist(),
        "training_needs": board.loc[
            board["standing"] == TRAINING_NEED, "sales_rep"
        ].tolist(),
    }
