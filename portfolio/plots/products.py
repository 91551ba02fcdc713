"""Charts of the products report."""

from __future__ import annotations

__all__: list[str] = []
