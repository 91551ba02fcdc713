"""Charts of the sales rep report."""

from __future__ import annotations

__all__: list[str] = []
