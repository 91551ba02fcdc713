"""Customer-lifetime models: the repeat-purchase summary and the BG/NBD model.

The values here follow the customer-lifetime literature (Fader, Hardie and Lee 2005,
"Counting your customers the easy way", Marketing Science 24(2)), not the business
definitions of :mod:`portfolio.analysis.customers`. ``frequency`` counts repeat
purchase days only and ``monetary_value`` is the mean spend of a repeat day, so they
are model inputs. A report shows the business figures of ``customer_table`` and never
these in their place.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import ibis
import ibis.expr.types as ir
import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from scipy.optimize import minimize
from scipy.special import betaln, gammaln, hyp2f1

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


@dataclass(frozen=True)
class BGNBD:
    """Parameters of a BG/NBD model fitted by maximum likelihood.

    Attributes
    ----------
    r, alpha
        Shape and scale of the gamma distribution of purchase rates, with alpha in
        the time unit of the summary.
    a, b
        Shape parameters of the beta distribution of the dropout probability.
    log_likelihood
        The log-likelihood of the fit, summed over customers.
    converged
        Whether the optimiser reported success.
    customers
        The number of customers in the fit.
    """

    r: float
    alpha: float
    a: float
    b: float
    log_likelihood: float
    converged: bool
    customers: int


# The model has four parameters, so a handful of repeat buyers cannot separate the
# purchase rates from the dropout.
# NOTE: 20 is a rule of thumb, not a threshold taken from the literature.
MIN_REPEAT_BUYERS = 20


def fit_bgnbd(
    summary: pd.DataFrame, *, min_repeat_buyers: int = MIN_REPEAT_BUYERS
) -> BGNBD:
    """Fit the BG/NBD model of Fader, Hardie and Lee (2005) by maximum likelihood.

    The published log-likelihood is maximised over the logarithms of r, alpha, a
    and b with L-BFGS-B.

    Parameters
    ----------
    summary
        One row per customer with ``frequency``, ``recency`` and ``T`` in one time
        unit, such as the output of :func:`lifetime_summary`. Rows whose
        ``zero_spend`` column is True are left out of the fit.
    min_repeat_buyers
        The minimum number of customers with a repeat purchase.

    Returns
    -------
    BGNBD
        The fitted parameters. Check ``converged`` before using them.

    Raises
    ------
    ValueError
        If a column is missing, a value is negative, recency exceeds T or there
        are fewer than ``min_repeat_buyers`` repeat buyers.
    """
    x, t_x, T = _model_inputs(summary)
    repeat_buyers = int((x > 0).sum())
    if repeat_buyers < min_repeat_buyers:
        raise ValueError(
            f"too few repeat buyers to fit BG/NBD: {repeat_buyers}, at least "
            f"{min_repeat_buyers} needed. Skip the model or lower min_repeat_buyers."
        )

    def negative_mean(log_params: np.ndarray) -> float:
        return -float(np.mean(_log_likelihood(np.exp(log_params), x, t_x, T)))

    # Start from purchase rates of about one per mean customer age and an even
    # dropout distribution, in the summary's time unit.
    start = np.log([1.0, max(float(T.mean()), 1.0), 1.0, 1.0])
    result = minimize(
        negative_mean, start, method="L-BFGS-B", options={"ftol": 1e-12, "gtol": 1e-9}
    )
    r, alpha, a, b = np.exp(result.x)
    return BGNBD(
        r=float(r),
        alpha=float(alpha),
        a=float(a),
        b=float(b),
        log_likelihood=-float(result.fun) * len(x),
        converged=bool(result.success),
        customers=len(x),
    )


def _model_inputs(summary: pd.DataFrame) -> tuple[np.ndarray, ...]:
    """Check the summary columns and return frequency, recency and T as floats."""
    missing = sorted({"frequency", "recency", "T"} - set(summary.columns))
    if missing:
        raise ValueError(f"summary is missing columns {missing}")
    if "zero_spend" in summary.columns:
        summary = summary[~summary["zero_spend"].astype(bool)]
    columns = summary[["frequency", "recency", "T"]].astype(float)
    if columns.isna().any().any() or (columns < 0).any().any():
        raise ValueError("frequency, recency and T must be non-negative numbers")
    if (columns["recency"] > columns["T"]).any():
        raise ValueError("recency must not exceed T: check as_of and the time unit")
    return tuple(columns[name].to_numpy() for name in ("frequency", "recency", "T"))


def _log_likelihood(
    params: np.ndarray, x: np.ndarray, t_x: np.ndarray, T: np.ndarray
) -> np.ndarray:
    """Return each customer's BG/NBD log-likelihood (Fader, Hardie and Lee 2005)."""
    r, alpha, a, b = params
    purchases = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
    still_alive = betaln(a, b + x) - betaln(a, b) - (r + x) * np.log(alpha + T)

    # A customer with repeat purchases may also have dropped out right after the
    # last one. x is raised to 1 where it is 0 only to keep betaln finite.
    repeat = x > 0
    x_or_one = np.where(repeat, x, 1.0)
    dropped = (
        betaln(a + 1, b + x_or_one - 1) - betaln(a, b) - (r + x) * np.log(alpha + t_x)
    )
    dropped = np.where(repeat, dropped, -np.inf)
    return purchases + np.logaddexp(still_alive, dropped)


def probability_alive(
    model: BGNBD, frequency: ArrayLike, recency: ArrayLike, T: ArrayLike
) -> np.ndarray:
    """Compute each customer's probability of being alive at the end of ``T``.

    Parameters
    ----------
    model
        A fitted model.
    frequency, recency, T
        Repeat purchases, age at the last purchase and age, in the model's unit.

    Returns
    -------
    numpy.ndarray
        Probabilities in (0, 1]. A customer without repeat purchase gets 1,
        because the BG/NBD model lets customers drop out only after a purchase.
    """
    x, t_x, T = (np.asarray(values, dtype=float) for values in (frequency, recency, T))
    return np.exp(-_log_dropout_odds(model, x, t_x, T))


def _log_dropout_odds(
    model: BGNBD, x: np.ndarray, t_x: np.ndarray, T: np.ndarray
) -> np.ndarray:
    """Return log(1 + odds of having dropped out), so that P(alive) = exp(-it)."""
    repeat = x > 0
    x_or_one = np.where(repeat, x, 1.0)
    log_odds = (
        np.log(model.a)
        - np.log(model.b + x_or_one - 1)
        + (model.r + x) * (np.log(model.alpha + T) - np.log(model.alpha + t_x))
    )
    return np.where(repeat, np.logaddexp(0.0, log_odds), 0.0)


def expected_purchases(
    model: BGNBD, t: ArrayLike, frequency: ArrayLike, recency: ArrayLike, T: ArrayLike
) -> np.ndarray:
    """Compute each customer's expected number of purchases in the next ``t`` periods.

    This is the conditional expectation of equation (10) in Fader, Hardie and Lee
    (2005), over the interval (T, T + t].

    Parameters
    ----------
    model
        A fitted model.
    t
        The length of the forecast, in the model's unit. An array broadcasts
        against the customers' values.
    frequency, recency, T
        Repeat purchases, age at the last purchase and age, in the model's unit.

    Returns
    -------
    numpy.ndarray
        Expected purchases, non-negative.
    """
    x, t_x, T = (np.asarray(values, dtype=float) for values in (frequency, recency, T))
    t = np.asarray(t, dtype=float)
    r, alpha, a, b = model.r, model.alpha, model.a, model.b
    z = t / (alpha + T + t)

    # Euler's transformation of 2F1 turns the printed factor
    # ((alpha + T) / (alpha + T + t))^(r + x) 2F1(r + x, b + x; c; z) into
    # (1 - z)^(a - 1) 2F1(a + b - 1 - r, a - 1; c; z). Both factors then stay near 1
    # for frequent buyers, where the printed form multiplies a power near 1e-11 by
    # a 2F1 value near 4e10 (170 repeat days on CDNOW).
    # NOTE: a = 1 exactly gives 0 / 0 here, so the result is NaN.
    c = a + b + x - 1
    remaining = 1 - (1 - z) ** (a - 1) * hyp2f1(a + b - 1 - r, a - 1, c, z)
    alive = np.exp(-_log_dropout_odds(model, x, t_x, T))
    return c / (a - 1) * remaining * alive
