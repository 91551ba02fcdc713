"""Charts of the company size report."""

from __future__ import annotations

__all__: list[str] = []
