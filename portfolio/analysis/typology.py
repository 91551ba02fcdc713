"""A typology of customers: k-means on standardised features, k chosen by silhouette."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import ibis.expr.types as ir
import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_score

FEATURES = (
    "r_score",
    "f_score",
    "m_score",
    "size_rank",
    "categories",
    "tenure_days",
)
SIZE_RANKS = {"individual": 0, "micro": 1, "SME": 2, "mid-cap": 3, "large": 4}
"""Size classes as an ordinal feature; unknown sizes take the mean of the known."""

MIN_CUSTOMERS = 20
"""Fewer customers than this give clusters of a handful of people: no typology."""

DEFAULT_CLUSTERS = (2, 6)
RANDOM_STATE = 0
MIN_DISTINCTION = 0.5
"""A feature describes a cluster when its mean is this many standard deviations away
from the overall mean."""


@dataclass
class Typology:
    """The chosen clustering of the customers.

    Attributes
    ----------
    k
        The number of clusters, chosen by the highest silhouette score.
    labels
        The cluster of each customer (numbered from 1), indexed by ``customer_id``.
    silhouettes
        The silhouette score of each k tried.
    profiles
        One row per cluster: ``cluster``, ``customers``, the mean of each feature,
        and ``z_<feature>``, the cluster mean minus the overall mean in standard
        deviations.
    distinctions
        For each cluster, its distinguishing features as ``(feature, z)`` pairs,
        strongest first, at most three of them.
    """

    k: int
    labels: pd.Series
    silhouettes: dict[int, float]
    profiles: pd.DataFrame
    distinctions: dict[int, list[tuple[str, float]]] = field(default_factory=dict)


def typology_features(profile: ir.Table) -> pd.DataFrame:
    """Collect the clustering features of each customer in a small frame.

    Parameters
    ----------
    profile
        The output of :func:`~portfolio.analysis.segments.segment_profile`.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``customer_id``, with the columns of :data:`FEATURES`.
    """
    columns = ["customer_id", "r_score", "f_score", "m_score", "size_class"]
    frame = profile.select(*columns, "categories", "tenure_days").execute()
    frame["size_rank"] = frame.pop("size_class").map(SIZE_RANKS).astype(float)
    known = frame["size_rank"].mean()
    frame["size_rank"] = frame["size_rank"].fillna(0.0 if pd.isna(known) else known)
    return frame.set_index("customer_id")[list(FEATURES)].astype(float)


def customer_typology(
    features: pd.DataFrame,
    *,
    clusters: Sequence[int] = DEFAULT_CLUSTERS,
    random_state: int = RANDOM_STATE,
) -> Typology:
    """Cluster customers with k-means and describe each cluster.

    Parameters
    ----------
    features
        One row per customer, numeric columns only, such as the output of
        :func:`typology_features`.
    clusters
        The lowest and highest number of clusters to try, inclusive. The highest is
        lowered to the number of distinct customers minus one.
    random_state
        The seed of k-means, fixed so that a report is reproducible.

    Raises
    ------
    ValueError
        When there are fewer than :data:`MIN_CUSTOMERS` customers, when the range
        is not two whole numbers from 2 up in order, or when no feature varies.
    """
    low, high = _cluster_range(clusters)
    if len(features) < MIN_CUSTOMERS:
        raise ValueError(
            f"{len(features)} customers are too few for a typology; "
            f"it needs at least {MIN_CUSTOMERS}"
        )
    varying = features.loc[:, features.std(ddof=0) > 0]
    if varying.empty:
        raise ValueError("no feature varies between customers, so no cluster exists")
    scaled = (varying - varying.mean()) / varying.std(ddof=0)
    distinct = len(scaled.drop_duplicates())
    high = min(high, distinct - 1)
    if high < low:
        raise ValueError(f"{distinct} distinct customers cannot form {low} clusters")

    silhouettes: dict[int, float] = {}
    fitted: dict[int, np.ndarray] = {}
    for k in range(low, high + 1):
        model = KMeans(n_clusters=k, n_init=10, random_state=random_state)
        fitted[k] = model.fit_predict(scaled.to_numpy())
        silhouettes[k] = round(float(silhouette_score(scaled, fitted[k])), 4)
    best = max(silhouettes, key=lambda k: (silhouettes[k], -k))
    labels = pd.Series(_numbered(fitted[best]), index=features.index, name="cluster")
    profiles = _profiles(features, scaled, labels)
    return Typology(
        k=best,
        labels=labels,
        silhouettes=silhouettes,
        profiles=profiles,
        distinctions=_distinctions(profiles, list(scaled.columns)),
    )


def _cluster_range(clusters: Sequence[int]) -> tuple[int, int]:
    valid = (
        len(clusters) == 2
        and all(isinstance(k, int | np.integer) for k in clusters)
        and 2 <= clusters[0] <= clusters[1]
    )
    if not valid:
        raise ValueError(
            f"clusters is {list(clusters)!r}; expected [low, high] with "
            "2 <= low <= high, such as [2, 6]"
        )
    return int(clusters[0]), int(clusters[1])


def _numbered(raw: np.ndarray) -> np.ndarray:
    """Number clusters from 1 by decreasing size, so that cluster 1 is the largest."""
    sizes = pd.Series(raw).value_counts()
    order = sorted(sizes.index, key=lambda label: (-sizes[label], label))
    mapping = {label: number for number, label in enumerate(order, start=1)}
    return np.array([mapping[label] for label in raw])


def _profiles(
    features: pd.DataFrame, scaled: pd.DataFrame, labels: pd.Series
) -> pd.DataFrame:
    means = features.groupby(labels).mean().round(2)
    z_scores = scaled.groupby(labels.to_numpy()).mean().round(2).add_prefix("z_")
    sizes = labels.value_counts().rename("customers")
    profiles = pd.concat([sizes, means, z_scores.set_axis(means.index)], axis=1)
    profiles.index.name = "cluster"
    return profiles.sort_index().reset_index()


def _distinctions(
    profiles: pd.DataFrame, features: list[str]
) -> dict[int, list[tuple[str, float]]]:
    found: dict[int, list[tuple[str, float]]] = {}
    for row in profiles.to_dict("records"):
        pairs = [(name, float(row[f"z_{name}"])) for name in features]
        strong = [pair for pair in pairs if abs(pair[1]) >= MIN_DISTINCTION]
        strong.sort(key=lambda pair: (-abs(pair[1]), pair[0]))
        found[int(row["cluster"])] = strong[:3]
    return found


def typology_summary(typology: Typology) -> dict[str, Any]:
    """Return the figures of a typology for figures.json."""
    return {
        "available": True,
        "k": typology.k,
        "silhouettes": {str(k): value for k, value in typology.silhouettes.items()},
        "sizes": {
            str(row["cluster"]): int(row["customers"])
            for row in typology.profiles.to_dict("records")
        },
        "descriptions": {
            str(cluster): [[name, z] for name, z in pairs]
            for cluster, pairs in typology.distinctions.items()
        },
    }
