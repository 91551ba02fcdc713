"""Labels and sentences of the acquisition channel report."""

from __future__ import annotations

LABELS: dict[str, str] = {}
SENTENCES: dict[str, str] = {}
