"""Array helpers of the demo generators: row-wise choice, seasonal clock, blanks."""

from __future__ import annotations

import numpy as np

_MONTH_WEIGHTS = [0.9, 0.95, 1.05, 1, 1, 0.95, 0.85, 0.5, 1.05, 1.15, 1.35, 1.25]
_MONTH_DAYS = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
_MONTH_BOUNDS = np.r_[0, np.cumsum(_MONTH_DAYS)] / 365
_SEASON_CDF = np.r_[0, np.cumsum(_MONTH_WEIGHTS * _MONTH_DAYS)]
_SEASON_CDF /= _SEASON_CDF[-1]


def _choose_rows(rng: np.random.Generator, weights: np.ndarray) -> np.ndarray:
    """Draw one column index per row of a matrix of non-negative weights."""
    cdf = np.cumsum(weights, axis=1)
    draws = (rng.random(len(cdf))[:, None] * cdf[:, -1:] >= cdf).sum(axis=1)
    return np.minimum(draws, weights.shape[1] - 1)


def _season_time(days: np.ndarray, origin: int) -> np.ndarray:
    """Map days to years since 1 January of ``origin`` on a seasonal clock.

    A year on this clock is a calendar year, but the clock runs slowly through busy
    months. Times spread evenly on it fall more often in Q4 and less often in August,
    and a yearly rhythm keeps its calendar day.
    """
    years = days.astype("datetime64[Y]")
    first = years.astype("datetime64[D]")
    length = ((years + 1).astype("datetime64[D]") - first).astype(float)
    fraction = np.interp(
        (days - first).astype(float) / length, _MONTH_BOUNDS, _SEASON_CDF
    )
    return years.astype(int) + 1970 - origin + fraction


def _calendar_days(time: np.ndarray, origin: int) -> np.ndarray:
    """Invert :func:`_season_time`, rounding down to the day."""
    index = np.floor(time)
    fraction = np.interp(time - index, _SEASON_CDF, _MONTH_BOUNDS)
    years = (index + origin - 1970).astype(int).astype("datetime64[Y]")
    first = years.astype("datetime64[D]")
    length = ((years + 1).astype("datetime64[D]") - first).astype(int)
    # Without the epsilon, float error can move a day that went through
    # _season_time to the day before.
    return first + np.floor(fraction * length + 1e-6).astype("timedelta64[D]")


def _blank_unless(keep: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Return ``values`` as objects, with None where ``keep`` is False."""
    kept = values.astype(object)
    kept[~keep] = None
    return kept
