"""Labels and sentences of the products report."""

from __future__ import annotations

LABELS: dict[str, str] = {}
SENTENCES: dict[str, str] = {}
