"""Order lines of the demo portfolio: purchase days, products, returns."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from ._demo_catalogue import (
    _CATALOGUE,
    _CHANNEL_NAMES,
    _COUNTRY_NAMES,
    _IRREGULAR,
    _REP_NAMES,
    _SHAPE_PERIOD,
    _UNIT_COUNTRIES,
    _UNIT_NAMES,
    _UNIT_SHARES,
    UNITS,
)
from ._demo_sampling import _blank_unless, _calendar_days, _choose_rows, _season_time

# Orders per block of the product draw. The weights, sort keys and ranking of a
# block take 8 bytes each per order and product, about 5 MB each for 60 products.
_ORDER_BLOCK = 10_000


def _draw_purchase_days(
    rng: np.random.Generator, profile: dict[str, np.ndarray], start: date, end: date
) -> tuple[np.ndarray, np.ndarray]:
    """Draw the purchase days of every customer as customer codes and days."""
    shape = profile["shape"]
    period = _SHAPE_PERIOD[shape]
    first = profile["first_buy"]
    horizon = _season_time(np.array([end], "datetime64[D]") + 1, start.year)[0]
    last = np.maximum(np.minimum(profile["until"], horizon), first)

    # Every customer buys at least once, unless they are a prospect or their first
    # purchase would fall after ``end``.
    counts = np.floor((last - first) / period) + 1
    irregular = shape == _IRREGULAR
    counts[irregular] = 1 + rng.poisson((last - first)[irregular] / period[irregular])
    counts = np.where((first < horizon) & ~profile["prospect"], counts, 0).astype(int)

    owner = np.repeat(np.arange(len(shape)), counts)
    step = np.nan_to_num(period[owner], posinf=0.0)
    k = np.arange(owner.size) - np.repeat(np.cumsum(counts) - counts, counts)
    time = first[owner] + k * step + rng.normal(0.0, 0.08, owner.size) * step * (k > 0)
    scatter = rng.uniform(first[owner], last[owner])
    time = np.where(irregular[owner] & (k > 0), scatter, time)

    kept = (k == 0) | (rng.random(owner.size) > 0.08)  # some purchases are skipped
    days = pd.DataFrame({"owner": owner, "day": _calendar_days(time, start.year)})
    days = days[kept & (days["day"] <= np.datetime64(end, "D"))].drop_duplicates()
    return days["owner"].to_numpy(), days["day"].to_numpy()


def _make_orders(
    rng: np.random.Generator,
    profile: dict[str, np.ndarray],
    catalogue: pd.DataFrame,
    start: date,
    end: date,
) -> pd.DataFrame:
    """Draw order lines for the customers, counter sales and returns."""
    customer, day = _draw_purchase_days(rng, profile, start, end)
    extra_lines = 5.0 * profile["scale"][customer] ** 0.3
    counter = _draw_counter_sales(rng, len(customer) + extra_lines.sum(), start, end)
    orders = pd.DataFrame(
        {
            "customer": customer,
            "day": day,
            "unit": profile["unit"][customer],
            "country": profile["country"][customer],
            "extra_lines": extra_lines,
        }
    )
    orders = pd.concat([orders, counter], ignore_index=True)
    orders["order_date"] = _draw_order_times(rng, orders)
    orders = orders.sort_values(["order_date", "customer"], ignore_index=True)
    orders["order_id"] = "SO-" + (orders.index + 1).astype(str).str.zfill(7)

    # An order cannot have more lines than the catalogue has products, because
    # no product appears twice in one order.
    size = np.minimum(1 + rng.poisson(orders["extra_lines"]), len(catalogue))
    lines = orders.loc[orders.index.repeat(size)]
    lines = _add_products(rng, lines.reset_index(drop=True), profile, catalogue, start)
    lines = _add_returns(rng, lines, end)
    lines["amount"] = (lines["quantity"] * lines["unit_price"]).round(2)
    return _name_order_columns(lines, profile, catalogue)


def _draw_counter_sales(
    rng: np.random.Generator, customer_lines: float, start: date, end: date
) -> pd.DataFrame:
    """Draw counter sales without a customer, about 3 % of all lines."""
    n = round(customer_lines * 0.03 / 0.97 / 2.5)  # 2.5 lines per counter sale
    bounds = np.array([start, end], "datetime64[D]") + [0, 1]
    first, horizon = _season_time(bounds, start.year)
    unit = rng.choice(len(UNITS), size=n, p=_UNIT_SHARES)
    return pd.DataFrame(
        {
            "customer": -1,
            "day": _calendar_days(rng.uniform(first, horizon, n), start.year),
            "unit": unit,
            "country": _choose_rows(rng, _UNIT_COUNTRIES[unit]),
            "extra_lines": 1.5,
        }
    )


def _draw_order_times(rng: np.random.Generator, orders: pd.DataFrame) -> np.ndarray:
    """Draw order timestamps: office hours in North and South, around 14:00 online."""
    n = len(orders)
    online = orders["unit"].to_numpy() == UNITS.index("Online")
    hours = np.where(online, rng.normal(14.0, 5.0, n) % 24, rng.uniform(7.0, 18.0, n))
    seconds = (hours * 3600).astype(int).astype("timedelta64[s]")
    return orders["day"].to_numpy().astype("datetime64[s]") + seconds


def _add_products(
    rng: np.random.Generator,
    lines: pd.DataFrame,
    profile: dict[str, np.ndarray],
    catalogue: pd.DataFrame,
    start: date,
) -> pd.DataFrame:
    """Draw a product, a quantity and a unit price for each line.

    About half of a customer's lines come from their favourite category, and no
    product appears twice in one order. Large accounts buy larger quantities at a
    discount, and list prices rise by 3 % each January.
    """
    customer = lines["customer"].to_numpy()
    known, index = customer >= 0, np.maximum(customer, 0)
    favourite = np.where(known, profile["favourite"][index], -1)
    product = _draw_order_products(
        rng, lines["order_id"].to_numpy(), favourite, catalogue
    )

    scale = np.where(known, profile["scale"][index], 0.3)
    typical = catalogue["quantity"].to_numpy()[product]
    discount = np.where(known, profile["discount"][index], 0.0)
    rise = 1.03 ** (lines["order_date"].dt.year.to_numpy() - start.year)
    price = catalogue["list_price"].to_numpy()[product] * rise * (1 - discount)
    return lines.assign(
        product=product,
        quantity=1 + rng.poisson(typical * scale),
        unit_price=price.round(2),
    )


def _draw_order_products(
    rng: np.random.Generator,
    order_id: np.ndarray,
    favourite: np.ndarray,
    catalogue: pd.DataFrame,
) -> np.ndarray:
    """Draw distinct products for the lines of each order, as catalogue rows.

    The lines of an order must be adjacent, and no order may have more lines than
    the catalogue has products. ``favourite`` is the category code of each line's
    customer, or -1 for a counter sale.
    """
    n = len(order_id)
    if n == 0:
        return np.empty(0, dtype=int)
    starts = np.flatnonzero(np.r_[True, order_id[1:] != order_id[:-1]])
    bounds = np.r_[starts, n]
    order = np.repeat(np.arange(len(starts)), np.diff(bounds))
    position = np.arange(n) - starts[order]
    favourite = favourite[starts]

    # Gumbel-top-k trick: the k products with the largest log-weight plus Gumbel
    # noise are a draw without replacement, each product picked with probability
    # proportional to its weight among those still left. Blocks bound the memory.
    product = np.empty(n, dtype=int)
    for begin in range(0, len(starts), _ORDER_BLOCK):
        stop = min(begin + _ORDER_BLOCK, len(starts))
        weight = _product_weights(favourite[begin:stop], catalogue)
        keys = np.log(weight) + rng.gumbel(size=weight.shape)
        ranking = np.argsort(-keys, axis=1)
        rows = slice(bounds[begin], bounds[stop])
        product[rows] = ranking[order[rows] - begin, position[rows]]
    return product


def _product_weights(favourite: np.ndarray, catalogue: pd.DataFrame) -> np.ndarray:
    """Return the weight of each product, one row per entry of ``favourite``.

    Half the weight follows the popularity of the whole catalogue and half the
    popularity inside the favourite category. An order without a favourite (-1)
    spreads that half evenly over the categories.
    """
    code = catalogue["code"].to_numpy()
    share = catalogue["category_share"].to_numpy()
    loyal = np.where(favourite[:, None] == code, share, 0.0)
    loyal[favourite < 0] = share / len(_CATALOGUE)
    return 0.5 * loyal + 0.5 * catalogue["popularity"].to_numpy()


def _add_returns(
    rng: np.random.Generator, lines: pd.DataFrame, end: date
) -> pd.DataFrame:
    """Append returns of about 2 % of the lines, 2 to 45 days after the purchase."""
    returned = lines[rng.random(len(lines)) < 0.021].copy()
    delay = rng.integers(2 * 86400, 45 * 86400, len(returned)).astype("timedelta64[s]")
    returned["order_date"] += delay
    returned["quantity"] = -(1 + rng.binomial(returned["quantity"] - 1, 0.3))
    returned = returned[
        returned["order_date"] < pd.Timestamp(end) + pd.Timedelta(days=1)
    ]
    lines = pd.concat([lines, returned], ignore_index=True)
    return lines.sort_values(
        ["order_date", "order_id"], kind="stable", ignore_index=True
    )


def _name_order_columns(
    lines: pd.DataFrame, profile: dict[str, np.ndarray], catalogue: pd.DataFrame
) -> pd.DataFrame:
    """Replace codes by names. Counter sales get no customer, sales rep or channel."""
    customer = lines["customer"].to_numpy()
    known, index = customer >= 0, np.maximum(customer, 0)
    product = catalogue.iloc[lines["product"].to_numpy()]
    return lines.assign(
        customer_id=_blank_unless(known, profile["customer_id"][index]),
        product_id=product["product_id"].to_numpy(),
        product_name=product["product_name"].to_numpy(),
        product_category=product["product_category"].to_numpy(),
        business_unit=_UNIT_NAMES[lines["unit"].to_numpy()],
        country=_COUNTRY_NAMES[lines["country"].to_numpy()],
        sales_rep=_blank_unless(known, _REP_NAMES[profile["rep"][index]]),
        channel=_blank_unless(known, _CHANNEL_NAMES[profile["channel"][index]]),
    )
