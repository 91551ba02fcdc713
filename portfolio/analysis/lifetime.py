"""Customer-lifetime models: the repeat-purchase summary in the literature's terms.

The values here follow the customer-lifetime literature (Fader, Hardie and Lee 2005,
"Counting your customers the easy way", Marketing Science 24(2)), not the business
definitions of :mod:`portfolio.analysis.customers`. ``frequency`` counts repeat
purchase days only and ``monetary_value`` is the mean spend of a repeat day, so they
are model inputs. A report shows the business figures of ``customer_table`` and never
these in their place.
"""

from __future__ import annotations

import datetime as dt

import ibis
import ibis.expr.types as ir
import pandas as pd

from .customers import attributed_lines

# Period lengths in days; a week starts on Monday, as in pandas' "W" periods.
PERIODS = {"D": 1, "W": 7}

SUMMARY_COLUMNS = [
    "customer_id",
    "frequency",
    "recency",
    "T",
    "monetary_value",
    "zero_spend",
]


def lifetime_summary(
    orders: ir.Table | pd.DataFrame, *, as_of: dt.date, freq: str = "D"
) -> pd.DataFrame:
    """Summarise each customer's purchases in the customer-lifetime definitions.

    These are model-style values for fitting models such as BG/NBD. They differ from
    the business figures (orders, revenue and recency from ``as_of`` in
    ``customer_table``) and must not be shown as those.

    A purchase period is a day (or a week) with lines of the customer. All lines of
    one customer in one period make one purchase whose spend is their net sum.
    Periods whose net is negative are returns and are not purchases. Periods whose
    net is 0.00 are purchases, as in the reference definition where every
    transaction day counts (a free item is still a purchase occasion).

    Parameters
    ----------
    orders
        Canonical order lines. Lines without a customer id or order date and lines
        after ``as_of`` are left out.
    as_of
        The inclusive last day of the observation period.
    freq
        ``"D"`` for days or ``"W"`` for weeks starting on Monday.

    Returns
    -------
    pandas.DataFrame
        One row per customer with a purchase, sorted by ``customer_id``:
        ``frequency`` (purchase periods after the first one), ``recency`` (periods
        between the first and the last purchase), ``T`` (periods between the first
        purchase and ``as_of``), ``monetary_value`` (mean spend of the repeat
        periods, 0 without repeat purchase, not rounded because it is a model
        input) and ``zero_spend`` (True when every purchase is 0.00, so that
        :func:`fit_bgnbd` leaves the customer out).

    Raises
    ------
    ValueError
        If ``freq`` is not ``"D"`` or ``"W"``.
    """
    if freq not in PERIODS:
        raise ValueError(f"freq must be one of {sorted(PERIODS)}, got {freq!r}")
    days = PERIODS[freq]

    lines = attributed_lines(orders, as_of=as_of)
    period = lines.day if freq == "D" else lines.day.truncate("W")
    lines = lines.mutate(period=period)
    spend = lines.group_by(["customer_id", "period"]).agg(spend=lines.amount.sum())
    # A purchase and its credit note on one day sum to a float residue such as
    # -1e-13, not to 0, so the net is compared to zero in whole cents.
    bought = spend.filter(spend.spend.round(2) >= 0)

    window = ibis.window(group_by=bought.customer_id, order_by=bought.period)
    bought = bought.mutate(number=ibis.row_number().over(window))
    repeat = bought.number > 0
    per_customer = bought.group_by("customer_id").agg(
        purchases=bought.count(),
        first=bought.period.min(),
        last=bought.period.max(),
        repeat_spend=bought.spend.sum(where=repeat),
        top_spend=bought.spend.round(2).max(),
    )

    end = ibis.literal(as_of)
    end = end if freq == "D" else end.truncate("W")
    frequency = per_customer.purchases - 1
    summary = per_customer.mutate(
        frequency=frequency,
        recency=per_customer.last.delta(per_customer.first, unit="day") // days,
        T=end.delta(per_customer.first, unit="day") // days,
        monetary_value=(frequency > 0).ifelse(
            per_customer.repeat_spend / frequency, 0.0
        ),
        zero_spend=per_customer.top_spend <= 0,
    )
    result = summary.select(SUMMARY_COLUMNS).order_by("customer_id").execute()
    return result.astype({"frequency": int, "recency": int, "T": int})
