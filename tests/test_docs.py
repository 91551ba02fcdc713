"""The data-model page documents every canonical column."""

from __future__ import annotations

from pathlib import Path

from portfolio.model import TABLES

DOC = Path(__file__).resolve().parents[1] / "docs" / "data-model.md"


def test_every_column_is_documented():
    text = DOC.read_text(encoding="utf-8")
    for table in TABLES.values():
        section = text.split(f"## `{table.name}`", 1)
        assert len(section) == 2, table.name
        body = section[1].split("\n## ", 1)[0]
        for column in table.columns:
            row = f"| `{column.name}` | {column.kind} |"
            assert row in body, (table.name, column.name)
