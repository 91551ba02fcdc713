"""Charts of the acquisition and retention cost report."""

from __future__ import annotations

__all__: list[str] = []
