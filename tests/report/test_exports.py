"""CSV exports are safe to open in a spreadsheet."""

from __future__ import annotations

import pandas as pd

from portfolio.report.exports import write_export


def test_formula_text_is_made_inert(tmp_path):
    frame = pd.DataFrame(
        {
            "customer_id": ['=HYPERLINK("http://127.0.0.1/","x")', "@SUM(A1)", "C-1"],
            "revenue": [-5.0, 10.0, 2.5],
        }
    )
    path = write_export(frame, tmp_path, "reactivation")
    assert path == tmp_path / "exports" / "reactivation.csv"
    read = pd.read_csv(path, dtype={"customer_id": str})
    assert read["customer_id"].tolist() == [
        '\'=HYPERLINK("http://127.0.0.1/","x")',
        "'@SUM(A1)",
        "C-1",
    ]
    # Negative numbers stay numbers.
    assert read["revenue"].tolist() == [-5.0, 10.0, 2.5]
