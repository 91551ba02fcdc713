"""Benchmark: customer table and headline figures on millions of order lines.

Prints the time and peak memory of :func:`portfolio.analysis.customer_table` on
DuckDB through Ibis, and of a plain pandas computation of the same table as the
baseline, with their ratio. Also times the parsing of ISO timestamps and, when the
real datasets are present, the load of the Online Retail II exports.

Run with ``.venv/bin/python benchmarks/bench_engine.py [--lines 2000000]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import time
from pathlib import Path

import numpy as np
import pandas as pd

from portfolio.analysis import cold_summary, customer_table
from portfolio.config import data_dir, load_params
from portfolio.sources import parse_dates
from portfolio.validate import load_sources

AS_OF = dt.date(2024, 12, 31)


def synthetic_lines(count: int, *, seed: int = 7) -> pd.DataFrame:
    """Return ``count`` order lines of 1 % as many customers over three years."""
    rng = np.random.default_rng(seed)
    customers = max(1, count // 100)
    seconds = rng.integers(0, 3 * 365 * 86_400, count)
    return pd.DataFrame(
        {
            "customer_id": pd.Series(rng.integers(0, customers, count)).map(
                "C{}".format
            ),
            "order_id": pd.Series(np.arange(count) // 3).map("O{}".format),
            "order_date": pd.Timestamp("2022-01-01") + pd.to_timedelta(seconds, "s"),
            "amount": rng.gamma(2.0, 40.0, count).round(2),
        }
    )


def pandas_baseline(lines: pd.DataFrame) -> pd.DataFrame:
    """Compute purchase days, revenue, recency and median gap with plain pandas."""
    lines = lines.assign(day=lines["order_date"].dt.normalize())
    daily = lines.groupby(["customer_id", "day"], as_index=False)["amount"].sum()
    daily = daily[daily["amount"] > 0].sort_values(["customer_id", "day"])
    daily["gap"] = daily.groupby("customer_id")["day"].diff().dt.days
    summary = daily.groupby("customer_id").agg(
        purchase_days=("day", "size"), last=("day", "max"), median_gap=("gap", "median")
    )
    summary["revenue"] = lines.groupby("customer_id")["amount"].sum()
    summary["recency"] = (pd.Timestamp(AS_OF) - summary["last"]).dt.days
    return summary


def timed(label: str, function, *args):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = function(*args)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{label:<40} {seconds:8.2f} s   peak RSS {peak:8.0f} MiB")
    return result, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=2_000_000, help="order lines")
    count = parser.parse_args().lines

    lines, _ = timed(f"generate {count:,} lines", synthetic_lines, count)
    _, engine = timed(
        "customer table (Ibis on DuckDB)",
        lambda: cold_summary(customer_table(lines, as_of=AS_OF)),
    )
    _, baseline = timed(
        "customer table (plain pandas baseline)", pandas_baseline, lines
    )
    print(f"{'ratio engine / baseline':<40} {engine / baseline:8.2f}")

    texts = lines["order_date"].dt.strftime("%Y-%m-%d %H:%M:%S")
    timed(f"parse {count:,} ISO timestamps", parse_dates, texts)

    params_file = (
        Path(__file__).resolve().parents[1] / "params" / "online-retail-ii.yaml"
    )
    if (data_dir() / "uci_online_retail_ii").is_dir():
        params = load_params(params_file)
        timed(
            "load Online Retail II (1,067,370 rows)",
            lambda: load_sources(params, params_file=params_file),
        )
    else:
        print(f"Online Retail II not found in {data_dir()}: load not measured")


if __name__ == "__main__":
    main()
