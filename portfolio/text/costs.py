"""Labels and sentences of the acquisition and retention cost report."""

from __future__ import annotations

LABELS: dict[str, str] = {}
SENTENCES: dict[str, str] = {}
