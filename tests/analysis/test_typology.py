"""The k-means typology: k by silhouette and clusters described by their features."""

from __future__ import annotations

import ibis
import numpy as np
import pandas as pd
import pytest

from portfolio.analysis import (
    MIN_CUSTOMERS,
    customer_typology,
    typology_features,
    typology_summary,
)

FEATURES = ["r_score", "f_score", "m_score", "size_rank", "categories", "tenure_days"]


def blobs() -> pd.DataFrame:
    """Three well separated groups of 20 customers.

    ``a`` buys recently and often (high R and F), ``b`` spends a lot over a long
    tenure (high M and tenure), ``c`` is neither (low R, F and M). Size rank and
    categories only carry small noise.
    """
    noise = np.random.default_rng(7)
    centres = {
        "a": [5, 5, 2, 2, 2, 300],
        "b": [2, 2, 5, 2, 2, 2000],
        "c": [1, 1, 1, 2, 2, 300],
    }
    frames = []
    for name, centre in centres.items():
        values = np.array(centre, dtype=float) + noise.normal(0, 0.05, (20, 6))
        index = [f"{name}{i:02d}" for i in range(20)]
        frames.append(pd.DataFrame(values, columns=FEATURES, index=index))
    return pd.concat(frames)


def cluster_of(typology, prefix: str) -> int:
    """Return the cluster of the customers whose id starts with ``prefix``."""
    labels = typology.labels[typology.labels.index.str.startswith(prefix)]
    assert labels.nunique() == 1
    return int(labels.iloc[0])


def features_of(typology, prefix: str) -> dict[str, float]:
    return dict(typology.distinctions[cluster_of(typology, prefix)])


def test_typology_finds_three_groups():
    typology = customer_typology(blobs(), clusters=[2, 6])
    assert typology.k == 3


def test_typology_groups_whole_blobs():
    typology = customer_typology(blobs(), clusters=[2, 6])
    clusters = {cluster_of(typology, prefix) for prefix in "abc"}
    assert clusters == {1, 2, 3}


def test_typology_describes_recent_buyers():
    found = features_of(customer_typology(blobs()), "a")
    assert found["r_score"] > 0
    assert found["f_score"] > 0
    assert "tenure_days" not in found or found["tenure_days"] < 0


def test_typology_describes_big_spenders():
    found = features_of(customer_typology(blobs()), "b")
    assert found["m_score"] > 0
    assert found["tenure_days"] > 0


def test_typology_describes_low_scores():
    found = features_of(customer_typology(blobs()), "c")
    assert found["m_score"] < 0
    assert found["r_score"] < 0


def test_typology_ignores_constant_feature():
    typology = customer_typology(blobs())
    named = {name for pairs in typology.distinctions.values() for name, _ in pairs}
    assert "size_rank" not in named
    assert "categories" not in named


def test_typology_stable_with_seed():
    first = customer_typology(blobs(), random_state=3)
    second = customer_typology(blobs(), random_state=3)
    assert first.labels.equals(second.labels)


def test_typology_sizes_add_up():
    summary = typology_summary(customer_typology(blobs()))
    assert summary["sizes"] == {"1": 20, "2": 20, "3": 20}


def test_typology_range_limits_k():
    typology = customer_typology(blobs(), clusters=[4, 5])
    assert typology.k in (4, 5)
    assert sorted(typology.silhouettes) == [4, 5]


def test_typology_too_few_customers():
    few = blobs().iloc[: MIN_CUSTOMERS - 1]
    with pytest.raises(ValueError, match="19 customers are too few"):
        customer_typology(few)


def test_typology_invalid_range():
    with pytest.raises(ValueError, match=r"clusters is \[1, 4\]"):
        customer_typology(blobs(), clusters=[1, 4])


def test_typology_nothing_varies():
    same = pd.DataFrame({"r_score": [3.0] * 25, "f_score": [1.0] * 25})
    with pytest.raises(ValueError, match="no feature varies"):
        customer_typology(same)


def test_features_size_rank_unknown_mean():
    profile = ibis.memtable(
        pd.DataFrame(
            {
                "customer_id": ["a", "b", "c"],
                "r_score": [5, 1, 3],
                "f_score": [1, 1, 2],
                "m_score": [2, 3, 4],
                "size_class": ["micro", "large", "unknown"],
                "categories": [1, 0, 2],
                "tenure_days": [10, 20, 30],
            }
        )
    )
    frame = typology_features(profile)
    # micro is 1 and large 4, so the unknown size takes their mean, 2.5.
    assert frame.loc["c", "size_rank"] == 2.5
    assert list(frame.columns) == FEATURES
