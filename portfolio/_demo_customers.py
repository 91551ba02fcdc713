"""Customers of the demo portfolio: the hidden profiles and the CRM table."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from ._demo_catalogue import (
    _CAMPAIGNS,
    _CATALOGUE,
    _CHANNEL_LIFETIME,
    _CHANNEL_NAMES,
    _CHANNEL_VALUE,
    _COUNTRIES,
    _COUNTRY_NAMES,
    _DISCOUNT,
    _EMPLOYEES,
    _FIRST_NAMES,
    _LAST_NAMES,
    _NAME_NOUNS,
    _NAME_WORDS,
    _REP_NAMES,
    _REP_UNITS,
    _SECTORS,
    _SEGMENT_LIFETIME,
    _SEGMENT_SHARE,
    _SEGMENT_VALUE,
    _SEGMENTS,
    _SHAPE_PERIOD,
    _SHAPE_SHARES,
    _SPECIAL_NAMES,
    _UNIT_CHANNELS,
    _UNIT_COUNTRIES,
    _UNIT_NAMES,
    _UNIT_SHARES,
    UNITS,
)
from ._demo_sampling import _blank_unless, _choose_rows, _season_time
from .model import CUSTOMERS


def _make_profiles(
    rng: np.random.Generator, n: int, start: date, end: date
) -> dict[str, np.ndarray]:
    """Draw the hidden traits of each customer that drive their orders."""
    unit = rng.choice(len(UNITS), size=n, p=_UNIT_SHARES)
    segment = rng.choice(len(_SEGMENTS), size=n, p=_SEGMENT_SHARE)
    channel = _choose_rows(rng, _UNIT_CHANNELS[unit])
    rep = _choose_rows(rng, _REP_UNITS[unit])
    performance = rng.lognormal(0.0, 0.25, len(_REP_NAMES))[rep]

    value = _SEGMENT_VALUE[segment] * _CHANNEL_VALUE[channel] * np.sqrt(performance)
    lifetime = _SEGMENT_LIFETIME[segment] * _CHANNEL_LIFETIME[channel] * performance
    discount = _DISCOUNT[segment] + rng.uniform(0.0, 0.04, n) * (segment > 1)
    profile = {
        "customer_id": np.array([f"C{i:0{len(str(n))}d}" for i in range(1, n + 1)]),
        "unit": unit,
        "segment": segment,
        "channel": channel,
        "rep": rep,
        "performance": performance,  # of the rep, the same for all their customers
        "country": _choose_rows(rng, _UNIT_COUNTRIES[unit]),
        "shape": _choose_rows(rng, _SHAPE_SHARES.T[segment]),
        "favourite": rng.integers(0, len(_CATALOGUE), n),
        "scale": np.minimum(value * rng.lognormal(0.0, 0.5, n), 80.0),
        "discount": discount,
        "lifetime": rng.exponential(lifetime),
    }
    return profile | _draw_activity(rng, profile, start, end)


def _draw_activity(
    rng: np.random.Generator, profile: dict[str, np.ndarray], start: date, end: date
) -> dict[str, np.ndarray]:
    """Draw the first contact, first purchase and end of buying of each customer.

    About 30 % of the customers were acquired before ``start``, and their first
    purchase in the history falls at a random point of their rhythm. Purchase times
    are on the seasonal clock of :func:`_season_time`.
    """
    n = len(profile["unit"])
    origin = np.datetime64(start, "D")
    existing = rng.random(n) < 0.3
    offset = np.where(
        existing, -rng.integers(30, 6 * 365, n), rng.integers(0, (end - start).days, n)
    )
    contact = origin + offset.astype("timedelta64[D]")
    lag = rng.exponential(20.0, n).astype(int).astype("timedelta64[D]")
    active = _season_time(np.maximum(contact + lag, origin), start.year)
    phase = np.where(existing, rng.random(n), 0.0) * np.minimum(
        _SHAPE_PERIOD[profile["shape"]], 1.75
    )
    return {
        "first_contact_date": contact,
        "first_buy": active + phase,
        "until": active + profile["lifetime"],
        "prospect": rng.random(n) < 0.04,  # in the CRM but never bought
    }


def _make_customer_frame(
    rng: np.random.Generator, profile: dict[str, np.ndarray], end: date
) -> pd.DataFrame:
    """Draw the customer table, with gaps where a real CRM would have them."""
    company = profile["segment"] > 0
    country = profile["country"]
    name = _draw_names(rng, company, country)
    frame = pd.DataFrame(
        {
            "customer_id": profile["customer_id"],
            "name": name,
            **_contact_columns(rng, name, company, country),
            "city": _pick_for_country(rng, 2, country),
            "country": _COUNTRY_NAMES[country],
            "business_unit": _UNIT_NAMES[profile["unit"]],
            "customer_type": np.where(company, "company", "individual"),
            "acquisition_channel": _CHANNEL_NAMES[profile["channel"]],
            "first_contact_date": pd.to_datetime(profile["first_contact_date"]),
            "sales_rep": _REP_NAMES[profile["rep"]],
        }
    )
    frame = frame.assign(**_person_columns(rng, company))
    frame = frame.assign(**_company_columns(rng, profile["segment"]))
    frame = frame.assign(**_relationship_columns(rng, profile, end))
    return frame[CUSTOMERS.names]


def _contact_columns(
    rng: np.random.Generator, name: np.ndarray, company: np.ndarray, country: np.ndarray
) -> dict[str, np.ndarray]:
    """Derive an e-mail address from the name and draw a phone number, 30 % missing."""
    n = len(name)
    encoded = pd.Series(name).str.normalize("NFKD").str.encode("ascii", "ignore")
    plain = encoded.str.decode("ascii").str.lower()
    slug = plain.str.replace(r"[^a-z0-9]+", "-", regex=True).str.strip("-")
    # The reserved .example domain keeps invented addresses off real ones. Phone
    # numbers are random digits and may exist.
    firm_email = ("info@" + slug + ".example").to_numpy()
    person_email = (slug.str.replace("-", ".") + "@mail.example").to_numpy()
    email = np.where(company, firm_email, person_email)
    prefix = np.array([_COUNTRIES[c][0] for c in _COUNTRY_NAMES], dtype=object)
    phone = prefix[country] + " " + rng.integers(10**8, 10**9, n).astype(str)
    return {
        "email": _blank_unless(rng.random(n) >= 0.3, email),
        "phone": _blank_unless(rng.random(n) >= 0.3, phone),
    }


def _pick_for_country(
    rng: np.random.Generator, position: int, country: np.ndarray
) -> np.ndarray:
    """Pick a legal form (position 1) or a city (position 2) for each country code.

    A country with three options gets its first option twice as often.
    """
    options = [_COUNTRIES[name][position].split("|") for name in _COUNTRY_NAMES]
    table = np.array([[o[i % len(o)] for i in range(4)] for o in options], dtype=object)
    return table[country, rng.integers(0, 4, len(country))]


def _draw_names(
    rng: np.random.Generator, company: np.ndarray, country: np.ndarray
) -> np.ndarray:
    """Invent company and person names, a few of them with characters to escape."""
    n = len(company)

    def pick(words: tuple[str, ...]) -> np.ndarray:
        return np.array(words, dtype=object)[rng.integers(0, len(words), n)]

    surname, partner, style = (
        pick(_LAST_NAMES),
        pick(_LAST_NAMES),
        rng.integers(0, 3, n),
    )
    firm = np.select(
        [style == 0, style == 1],
        [
            pick(_NAME_WORDS) + " " + pick(_NAME_NOUNS),
            surname + " " + pick(_NAME_NOUNS),
        ],
        surname + " & " + partner,
    )
    firm = firm + " " + _pick_for_country(rng, 1, country)
    name = np.where(company, firm, pick(_FIRST_NAMES) + " " + surname)

    companies = np.flatnonzero(company)
    count = min(len(_SPECIAL_NAMES), len(companies))
    name[rng.choice(companies, size=count, replace=False)] = _SPECIAL_NAMES[:count]
    return name


def _person_columns(rng: np.random.Generator, company: np.ndarray) -> dict:
    """Draw birth year and gender, known for most individuals and for no company."""
    n = len(company)
    birth_year = pd.array(rng.integers(1950, 2004, n), dtype="Int64")
    birth_year[company | (rng.random(n) < 0.1)] = pd.NA
    gender = rng.choice(np.array(["female", "male"], dtype=object), size=n)
    gender[company | (rng.random(n) < 0.05)] = None
    return {"birth_year": birth_year, "gender": gender}


def _company_columns(rng: np.random.Generator, segment: np.ndarray) -> dict:
    """Draw sector, head count and revenue, known for most companies only."""
    n = len(segment)
    low, high = np.maximum(_EMPLOYEES[segment].T, 1)
    employees = np.floor(np.exp(rng.uniform(np.log(low), np.log(high + 1))))
    revenue = np.round(employees * rng.lognormal(np.log(120_000), 0.5, n), -3)
    individual = segment == 0
    employees = pd.array(employees.astype(int), dtype="Int64")
    employees[individual | (rng.random(n) < 0.15)] = pd.NA
    revenue[individual | (rng.random(n) < 0.25)] = np.nan
    sector = np.array(_SECTORS, dtype=object)[rng.integers(0, len(_SECTORS), n)]
    sector[individual | (rng.random(n) < 0.1)] = None
    return {"sector": sector, "employees": employees, "company_revenue": revenue}


def _relationship_columns(
    rng: np.random.Generator, profile: dict[str, np.ndarray], end: date
) -> dict:
    """Draw newsletter, last campaign and a satisfaction score that tracks loyalty."""
    n = len(profile["unit"])
    newsletter = np.where(rng.random(n) < 0.45, "yes", "no").astype(object)
    newsletter[rng.random(n) < 0.3] = None

    # The last campaign is one sent between the first contact and ``end``.
    names = np.array(list(_CAMPAIGNS), dtype=object)
    sent = np.array(list(_CAMPAIGNS.values()), dtype="datetime64[D]")
    earliest = np.searchsorted(sent, profile["first_contact_date"])
    available = np.searchsorted(sent, np.datetime64(end, "D"), side="right") - earliest
    pick = earliest + np.floor(rng.random(n) * np.maximum(available, 0)).astype(int)
    sent_any = (available > 0) & (rng.random(n) < 0.6)
    campaign = _blank_unless(sent_any, names[np.minimum(pick, len(names) - 1)])

    loyalty = 1 - np.exp(-profile["lifetime"])
    score = np.clip(np.round(rng.normal(4.5 + 3.0 * loyalty, 1.6)), 1, 10)
    satisfaction = pd.array(score.astype(int), dtype="Int64")
    satisfaction[rng.random(n) >= 0.4] = pd.NA
    return {
        "newsletter": newsletter,
        "last_campaign": campaign,
        "satisfaction": satisfaction,
    }
