"""RFM scores from 1 to 5 and the named segments they fall in.

Scores are computed on the business definitions of
:func:`~portfolio.analysis.customers.customer_table`, for the customers in the base
only: recency in days since the last purchase day, frequency as purchase days and
monetary value as net revenue.

A score is ``1 + floor(5 * p)``, where ``p`` is the share of customers whose value
is strictly worse (lower, or higher for recency). Equal values therefore always get
equal scores, and a better value never gets a lower score. A column where most
customers share one value gives fewer distinct scores instead of failing. For
example, when 80 % of the customers bought on one day only, they all get a
frequency score of 1 and the others a score of 5.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import ibis
import ibis.expr.types as ir
import pandas as pd

SCORES = ("r_score", "f_score", "m_score")
ACTIONS = ("reactivate", "up-sell", "cross-sell", "retain", "ask for a testimonial")
OTHER_SEGMENT = "other"
RULE_KEYS = ("recency", "frequency_monetary", "action")

DEFAULT_SEGMENT_MAP: dict[str, dict[str, Any]] = {
    "champions": {"recency": [4, 5], "frequency_monetary": [4, 5], "action": "retain"},
    "loyal": {"recency": [3, 5], "frequency_monetary": [3, 5], "action": "up-sell"},
    "new": {"recency": [5, 5], "frequency_monetary": [1, 1], "action": "cross-sell"},
    "promising": {
        "recency": [4, 5],
        "frequency_monetary": [1, 2],
        "action": "up-sell",
    },
    "needs attention": {
        "recency": [3, 3],
        "frequency_monetary": [1, 2],
        "action": "cross-sell",
    },
    "at risk": {
        "recency": [1, 2],
        "frequency_monetary": [3, 5],
        "action": "reactivate",
    },
    "hibernating": {
        "recency": [2, 2],
        "frequency_monetary": [1, 2],
        "action": "reactivate",
    },
    "lost": {"recency": [1, 1], "frequency_monetary": [1, 2], "action": "reactivate"},
}
"""Segments in priority order: a customer takes the first rule that matches.

``recency`` bounds the R score and ``frequency_monetary`` bounds the mean of the F
and M scores, rounded down; both ranges are inclusive. Together the rules cover
every combination of scores.
"""


def score(value: ir.NumericValue, *, higher_is_better: bool = True) -> ir.IntegerValue:
    """Score a column from 1 to 5 by the share of rows with a strictly worse value.

    ``ibis.rank()`` is the minimum rank from 0, so rows with equal values share it.
    The expression must be evaluated over the rows to score, without grouping, and
    ``value`` must have no nulls.
    """
    order = value if higher_is_better else ibis.desc(value)
    worse = ibis.rank().over(ibis.window(order_by=order))
    rows = value.count().over(ibis.window())
    return (worse * 5 // rows + 1).cast("int8")


def rfm_scores(customers: ir.Table) -> ir.Table:
    """Add RFM scores to the customers in the base.

    Parameters
    ----------
    customers
        The output of :func:`~portfolio.analysis.customers.customer_table`.

    Returns
    -------
    ibis.expr.types.Table
        The customers with ``in_base`` true and the added columns ``r_score``
        (lower recency scores higher), ``f_score`` (purchase days) and ``m_score``
        (net revenue), each from 1 to 5.
    """
    base = customers.filter(customers.in_base)
    return base.mutate(
        r_score=score(base.recency_days, higher_is_better=False),
        f_score=score(base.purchase_days),
        m_score=score(base.revenue),
    )


def segment_map(extra: Mapping[str, Any] | None = None) -> dict[str, dict[str, Any]]:
    """Return ``extra["segment_map"]`` once checked, else the default segment map.

    Raises
    ------
    ValueError
        When a segment is not a mapping, names an unknown key, has a range that is
        not two scores from 1 to 5 in order, or an action outside :data:`ACTIONS`.
    """
    chosen = (extra or {}).get("segment_map")
    if chosen is None:
        return {name: dict(rule) for name, rule in DEFAULT_SEGMENT_MAP.items()}
    if not isinstance(chosen, Mapping) or not chosen:
        raise ValueError("extra segment_map must map segment names to rules")
    return {str(name): _checked_rule(str(name), rule) for name, rule in chosen.items()}


def _checked_rule(name: str, rule: Any) -> dict[str, Any]:
    if not isinstance(rule, Mapping):
        raise ValueError(f"segment_map[{name!r}] must be a mapping, got {rule!r}")
    unknown = sorted(set(map(str, rule)) - set(RULE_KEYS))
    if unknown:
        raise ValueError(
            f"segment_map[{name!r}] has unknown key(s) {unknown}; "
            f"expected some of {list(RULE_KEYS)}"
        )
    checked: dict[str, Any] = {"action": rule.get("action", "retain")}
    if checked["action"] not in ACTIONS:
        raise ValueError(
            f"segment_map[{name!r}]['action'] is {checked['action']!r}; "
            f"expected one of {list(ACTIONS)}"
        )
    for key in ("recency", "frequency_monetary"):
        bounds = rule.get(key, [1, 5])
        valid = (
            isinstance(bounds, list | tuple)
            and len(bounds) == 2
            and all(isinstance(bound, int) and 1 <= bound <= 5 for bound in bounds)
            and bounds[0] <= bounds[1]
        )
        if not valid:
            raise ValueError(
                f"segment_map[{name!r}][{key!r}] is {bounds!r}; "
                "expected [low, high] with whole scores from 1 to 5 and low <= high"
            )
        checked[key] = [int(bounds[0]), int(bounds[1])]
    return checked


def with_segments(
    scored: ir.Table, segments: Mapping[str, Mapping[str, Any]] | None = None
) -> ir.Table:
    """Add ``segment`` and ``segment_action`` to scored customers.

    Parameters
    ----------
    scored
        The output of :func:`rfm_scores`.
    segments
        A checked segment map (see :func:`segment_map`); the default map when None.
        Customers that match no rule fall in :data:`OTHER_SEGMENT`, whose action is
        ``retain``.
    """
    rules = segment_map() if segments is None else segments
    fm = (scored.f_score + scored.m_score) // 2
    name_cases = []
    action_cases = []
    for name, rule in rules.items():
        low_r, high_r = rule["recency"]
        low_fm, high_fm = rule["frequency_monetary"]
        matches = scored.r_score.between(low_r, high_r) & fm.between(low_fm, high_fm)
        name_cases.append((matches, name))
        action_cases.append((matches, rule["action"]))
    return scored.mutate(
        segment=ibis.cases(*name_cases, else_=OTHER_SEGMENT),
        segment_action=ibis.cases(*action_cases, else_="retain"),
    )


def score_counts(scored: ir.Table) -> pd.DataFrame:
    """Count customers per score for R, F and M.

    Returns
    -------
    pandas.DataFrame
        One row per score from 1 to 5 and one column per score of :data:`SCORES`,
        zero where no customer has that score.
    """
    counts = {
        name: scored.group_by(name).agg(customers=scored.count()).execute()
        for name in SCORES
    }
    frame = pd.DataFrame(index=pd.RangeIndex(1, 6, name="score"))
    for name, grouped in counts.items():
        frame[name] = grouped.set_index(name)["customers"].reindex(frame.index)
    return frame.fillna(0).astype(int).reset_index()
