"""Sales opportunities of the demo portfolio: won, lost and open deals.

Won deals close on days their customer ordered, so the orders stay the revenue of the
demo. The chance of a win depends on the rep, the customer's segment and sector, and
each rep's favourite sector and segment, so that reps differ and have strengths.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from ._demo_catalogue import (
    _CHANNEL_NAMES,
    _REP_NAMES,
    _SECTORS,
    _SEGMENT_SHARE,
    _UNIT_NAMES,
)
from ._demo_orders import _product_weights
from ._demo_sampling import _blank_unless, _choose_rows
from .model import OPPORTUNITIES

# One entry per segment of _SEGMENTS: individual, micro, SME, mid-cap, large.
_TRACKED = np.array([0.0, 0.55, 0.75, 0.9, 0.95])  # share of buyers with deals
_EXTRA_DEALS = np.array([0.0, 0.8, 1.6, 3.0, 4.5])  # mean deals after the first
_CYCLE_DAYS = np.array([20.0, 20.0, 40.0, 75.0, 110.0])  # typical cycle in days
_SIZE_ODDS = np.array([0.0, 0.4, 0.0, -0.4, -0.8])  # log-odds of a win

_BASE_ODDS = -0.4  # log-odds of a win for an average rep, about 40 %
_SKILL_SPREAD = 1.2  # log-odds between the average rep and the best or the worst
_STRENGTH_ODDS = 1.2  # log-odds added in a rep's favourite sector and segment
_OWNER_SHARE = 0.85  # share of a customer's deals that its account owner handles
_PIPELINE_DAYS = 120  # max age at ``end`` of the deals added to the open pipeline
_PIPELINE_SHARE = 0.2  # share of customers with deals that get one such deal
_MIN_CYCLE = 10  # shortest sales cycle in days
_NO_ESTIMATE = 0.25  # share of open deals without an estimated value
_BLANK_PROSPECT = 0.2  # share of prospect deals without an account id


def _make_deals(
    rng: np.random.Generator,
    profile: dict[str, np.ndarray],
    lines: pd.DataFrame,
    sector: pd.Series,
    catalogue: pd.DataFrame,
    leads: pd.DataFrame,
    start: date,
    end: date,
) -> pd.DataFrame:
    """Draw the deals of company customers and of qualified leads.

    ``sector`` is the column of the customer table. The result has one row per deal
    in order of creation, numbered ``opportunity_id``. It has codes for the customer
    (-1 for a prospect), rep, unit, channel and product. ``lead`` is the row of a
    prospect's lead in ``leads``, and -1 for a customer's deal.
    """
    traits = _draw_rep_traits(rng, profile)
    orders = _order_totals(lines)
    sector_code = pd.Categorical(sector, categories=_SECTORS).codes
    parts = _draw_customer_deals(rng, profile, orders, sector_code, traits, start, end)
    parts.append(_draw_prospect_deals(rng, profile, orders, leads, traits, end))
    deals = pd.concat(parts, ignore_index=True)

    customer = deals["customer"].to_numpy()
    favourite = np.where(customer >= 0, profile["favourite"][customer], -1)
    deals["product"] = _choose_rows(rng, _product_weights(favourite, catalogue))
    estimated = rng.random(len(deals)) >= _NO_ESTIMATE
    deals["value"] = deals["value"].where((deals["stage"] != "open") | estimated)

    deals = deals.sort_values("created", kind="stable", ignore_index=True)
    deals["opportunity_id"] = "OP-" + (deals.index + 1).astype(str).str.zfill(6)
    return deals


def _draw_rep_traits(
    rng: np.random.Generator, profile: dict[str, np.ndarray]
) -> dict[str, np.ndarray]:
    """Draw each rep's skill, closing speed, favourite sector and favourite segment.

    A rep's skill at winning follows the rank of their hidden performance, which
    also makes their customers buy for longer. So the best closers also keep their
    customers best.
    """
    n = len(_REP_NAMES)
    performance = np.zeros(n)
    performance[profile["rep"]] = profile["performance"]
    rank = np.argsort(np.argsort(performance, kind="stable"))
    return {
        "skill": np.linspace(-_SKILL_SPREAD, _SKILL_SPREAD, n)[rank],
        "speed": rng.lognormal(0.0, 0.3, n),
        "sector": rng.integers(0, len(_SECTORS), n),
        "segment": rng.integers(1, len(_SEGMENT_SHARE), n),
    }


def _order_totals(lines: pd.DataFrame) -> pd.DataFrame:
    """Return the customer code, day and purchased amount of each customer order."""
    bought = lines[(lines["customer"] >= 0) & (lines["quantity"] > 0)]
    orders = bought.groupby("order_id", sort=True).agg(
        customer=("customer", "first"),
        day=("order_date", "min"),
        amount=("amount", "sum"),
    )
    orders["day"] = orders["day"].to_numpy().astype("datetime64[D]")
    return orders.reset_index(drop=True)


def _draw_customer_deals(
    rng: np.random.Generator,
    profile: dict[str, np.ndarray],
    orders: pd.DataFrame,
    sector: np.ndarray,
    traits: dict[str, np.ndarray],
    start: date,
    end: date,
) -> list[pd.DataFrame]:
    """Draw won, lost and open deals for a share of the companies that ordered.

    Deals are created on or after the first contact and ``start``. So only orders
    at least ``_MIN_CYCLE`` days later can close a won deal, and only customers with
    such orders get deals.
    """
    segment = profile["segment"]
    n = len(segment)
    earliest = np.maximum(profile["first_contact_date"], np.datetime64(start, "D"))
    since = orders["day"].to_numpy() - earliest[orders["customer"].to_numpy()]
    closing = orders[since >= np.timedelta64(_MIN_CYCLE, "D")]
    count = np.bincount(closing["customer"], minlength=n)
    tracked = (count > 0) & (rng.random(n) < _TRACKED[segment])
    deals_per_customer = np.where(tracked, 1 + rng.poisson(_EXTRA_DEALS[segment]), 0)
    deals = _new_deals(
        rng, profile, traits, np.repeat(np.arange(n), deals_per_customer)
    )

    customer, rep = deals["customer"].to_numpy(), deals["rep"].to_numpy()
    odds = _BASE_ODDS + traits["skill"][rep] + _SIZE_ODDS[segment[customer]]
    odds += _STRENGTH_ODDS * (sector[customer] == traits["sector"][rep])
    odds += _STRENGTH_ODDS * (segment[customer] == traits["segment"][rep])
    won = rng.random(len(deals)) < 1 / (1 + np.exp(-odds))

    typical = orders.groupby("customer")["amount"].mean().reindex(range(n)).to_numpy()
    pipeline = np.flatnonzero(tracked & (rng.random(n) < _PIPELINE_SHARE))
    pipeline_deals = _new_deals(rng, profile, traits, pipeline)
    return [
        _close_won_deals(rng, deals[won], closing, earliest),
        _close_lost_deals(rng, deals[~won], earliest, typical, end),
        _open_pipeline(rng, pipeline_deals, profile, typical, end),
    ]


def _new_deals(
    rng: np.random.Generator,
    profile: dict[str, np.ndarray],
    traits: dict[str, np.ndarray],
    customer: np.ndarray,
) -> pd.DataFrame:
    """Start one deal per entry of ``customer``, mostly with its account owner."""
    unit = profile["unit"][customer]
    owner = rng.random(customer.size) < _OWNER_SHARE
    rep = np.where(owner, profile["rep"][customer], _reps_in_units(rng, profile, unit))
    return pd.DataFrame(
        {
            "customer": customer,
            "lead": -1,
            "rep": rep,
            "unit": unit,
            "channel": profile["channel"][customer],
            "cycle": _draw_cycles(rng, traits, rep, profile["segment"][customer]),
        }
    )


def _reps_in_units(
    rng: np.random.Generator, profile: dict[str, np.ndarray], unit: np.ndarray
) -> np.ndarray:
    """Return the account owner of a random customer of each unit in ``unit``.

    Every unit in ``unit`` must have customers.
    """
    by_unit = np.argsort(profile["unit"], kind="stable")
    size = np.bincount(profile["unit"], minlength=unit.max(initial=0) + 1)
    first = np.cumsum(size) - size
    pick = first[unit] + (rng.random(unit.size) * size[unit]).astype(int)
    return profile["rep"][by_unit[pick]]


def _draw_cycles(
    rng: np.random.Generator,
    traits: dict[str, np.ndarray],
    rep: np.ndarray,
    segment: np.ndarray,
) -> np.ndarray:
    """Draw sales cycles of 10 to 200 days, longer for larger companies."""
    days = _CYCLE_DAYS[segment] * traits["speed"][rep]
    days = days * rng.lognormal(0.0, 0.35, rep.size)
    return np.clip(np.round(days), _MIN_CYCLE, 200).astype(int)


def _close_won_deals(
    rng: np.random.Generator,
    won: pd.DataFrame,
    orders: pd.DataFrame,
    earliest: np.ndarray,
) -> pd.DataFrame:
    """Close each won deal on a day its customer ordered, at about that order's amount.

    ``orders`` must contain an order of every customer in ``won``. A customer's won
    deals take its orders in random order, and share them only when they outnumber
    them. A cycle that would start before the customer's ``earliest`` day is cut
    short to start on it.
    """
    shuffled = orders.iloc[np.lexsort((rng.random(len(orders)), orders["customer"]))]
    count = np.bincount(shuffled["customer"])
    first = np.cumsum(count) - count
    customer = won["customer"].to_numpy()
    slot = won.groupby("customer").cumcount().to_numpy()
    chosen = shuffled.iloc[first[customer] + slot % count[customer]]

    closed = chosen["day"].to_numpy()
    cycle = won["cycle"].to_numpy().astype("timedelta64[D]")
    created = np.maximum(closed - cycle, earliest[customer])
    value = chosen["amount"].to_numpy() * rng.lognormal(0.0, 0.2, len(won))
    return won.assign(
        cycle=(closed - created).astype(int),
        stage="won",
        created=created,
        closed=closed,
        value=value,
    )


def _close_lost_deals(
    rng: np.random.Generator,
    deals: pd.DataFrame,
    earliest: np.ndarray,
    typical: np.ndarray,
    end: date,
) -> pd.DataFrame:
    """Create the deals that are not won after each customer's ``earliest`` day.

    The creation day is drawn so that the sales cycle ends by ``end``, as a won
    deal's does, and the deal is lost then. Open deals would otherwise lower the
    share of lost deals among long cycles. A deal of a customer whose ``earliest``
    day leaves no room for the cycle stays open. Its value is about the customer's
    average order.
    """
    customer = deals["customer"].to_numpy()
    last = np.datetime64(end, "D")
    cycle = deals["cycle"].to_numpy().astype("timedelta64[D]")
    earliest = earliest[customer]
    closes = earliest + cycle <= last
    latest = np.where(closes, last - cycle, last)
    span = (latest - earliest).astype(int) + 1
    offset = (rng.random(len(deals)) * span).astype(int)
    created = earliest + offset.astype("timedelta64[D]")

    value = typical[customer] * rng.lognormal(0.0, 0.5, len(deals))
    return deals.assign(
        stage=np.where(closes, "lost", "open").astype(object),
        created=created,
        closed=np.where(closes, created + cycle, np.datetime64("NaT")),
        value=value,
    )


def _open_pipeline(
    rng: np.random.Generator,
    deals: pd.DataFrame,
    profile: dict[str, np.ndarray],
    typical: np.ndarray,
    end: date,
) -> pd.DataFrame:
    """Create deals in the last ``_PIPELINE_DAYS`` before ``end``, still open then.

    A deal is never created before the customer's first contact.
    """
    customer = deals["customer"].to_numpy()
    age = rng.integers(0, _PIPELINE_DAYS, len(deals)).astype("timedelta64[D]")
    created = np.datetime64(end, "D") - age
    value = typical[customer] * rng.lognormal(0.0, 0.5, len(deals))
    return deals.assign(
        stage="open",
        created=np.maximum(created, profile["first_contact_date"][customer]),
        closed=np.datetime64("NaT", "D"),
        value=value,
    )


def _draw_prospect_deals(
    rng: np.random.Generator,
    profile: dict[str, np.ndarray],
    orders: pd.DataFrame,
    leads: pd.DataFrame,
    traits: dict[str, np.ndarray],
    end: date,
) -> pd.DataFrame:
    """Draw one deal per qualified lead, for a prospect that never became a customer.

    The deal is lost, or open when its cycle ends after ``end``. Its size follows
    a segment drawn for the prospect, and its value the median order of customers
    of that segment.
    """
    qualified = leads[leads["qualified"]]
    n = len(qualified)
    companies = _SEGMENT_SHARE[1:] / _SEGMENT_SHARE[1:].sum()
    segment = 1 + rng.choice(len(companies), size=n, p=companies)
    unit = qualified["unit"].to_numpy()
    rep = _reps_in_units(rng, profile, unit)
    cycle = _draw_cycles(rng, traits, rep, segment)

    last = np.datetime64(end, "D")
    delay = rng.exponential(15.0, n).astype(int).astype("timedelta64[D]")
    created = np.minimum(qualified["contact"].to_numpy() + delay, last)
    closed = created + cycle.astype("timedelta64[D]")
    still_open = closed > last

    by_segment = orders.groupby(profile["segment"][orders["customer"]])["amount"]
    median = by_segment.median().reindex(range(len(_SEGMENT_SHARE)))
    value = median.to_numpy()[segment] * rng.lognormal(0.0, 0.6, n)
    number = pd.Series(np.arange(1, n + 1)).astype(str).str.zfill(5)
    prospect = ("PR" + number).to_numpy(dtype=object)
    return pd.DataFrame(
        {
            "customer": -1,
            "prospect": _blank_unless(rng.random(n) >= _BLANK_PROSPECT, prospect),
            "lead": qualified.index.to_numpy(),
            "rep": rep,
            "unit": unit,
            "channel": qualified["channel"].to_numpy(),
            "cycle": cycle,
            "stage": np.where(still_open, "open", "lost").astype(object),
            "created": created,
            "closed": np.where(still_open, np.datetime64("NaT"), closed),
            "value": value,
        }
    )


def _name_deal_columns(
    deals: pd.DataFrame, profile: dict[str, np.ndarray], catalogue: pd.DataFrame
) -> pd.DataFrame:
    """Replace codes by names, with values rounded to the cent."""
    customer = deals["customer"].to_numpy()
    known = customer >= 0
    prospect = deals["prospect"].to_numpy()
    account = np.where(known, profile["customer_id"][np.maximum(customer, 0)], prospect)
    product = catalogue.iloc[deals["product"].to_numpy()]
    frame = pd.DataFrame(
        {
            "opportunity_id": deals["opportunity_id"],
            "customer_id": account,
            "sales_rep": _REP_NAMES[deals["rep"].to_numpy()],
            "product_id": product["product_id"].to_numpy(),
            "product_name": product["product_name"].to_numpy(),
            "stage": deals["stage"],
            "created_date": pd.to_datetime(deals["created"]),
            "closed_date": pd.to_datetime(deals["closed"]),
            "value": deals["value"].round(2),
            "channel": _CHANNEL_NAMES[deals["channel"].to_numpy()],
            "business_unit": _UNIT_NAMES[deals["unit"].to_numpy()],
        }
    )
    return frame[OPPORTUNITIES.names]
