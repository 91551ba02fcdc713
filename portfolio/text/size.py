"""Labels and sentences of the company size report."""

from __future__ import annotations

LABELS: dict[str, str] = {}
SENTENCES: dict[str, str] = {}
