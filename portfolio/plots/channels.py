"""Charts of the acquisition channel report."""

from __future__ import annotations

__all__: list[str] = []
