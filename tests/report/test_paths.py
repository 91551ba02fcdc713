"""Folder names built from business-unit names."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from portfolio.report.paths import run_folder, slugify, unit_folders
from portfolio.yaml_strict import load_yaml


def test_case_names_give_distinct_safe_folders(cases_dir):
    names = [
        item["name"]
        for item in load_yaml(cases_dir / "C06_batch_output_paths.yaml")[
            "business_units"
        ]
    ]
    folders = unit_folders(names)
    assert len(set(folders.values())) == 5
    lowered = {folder.lower() for folder in folders.values()}
    assert len(lowered) == 5
    for folder in folders.values():
        assert "/" not in folder
        assert ".." not in folder
        assert folder == folder.lower()
    assert folders["Süd"] == "sud"
    assert folders["SÜD"] == "sud-2"
    assert folders["../Zentrale"] == "zentrale"
    assert folders["Nord/Ost"] == "nord-ost"
    assert folders["Export & Overseas"] == "export-overseas"


def test_slug_of_symbols_only():
    assert slugify("///") == "unit"
    assert slugify("..") == "unit"


def test_folders_stay_inside_output(tmp_path):
    out = tmp_path / "out"
    for folder in unit_folders(["../../etc", "/abs", "a/../b"]).values():
        target = (out / folder).resolve()
        assert target.parent == out.resolve()


def test_run_folder_uses_params_stem(tmp_path):
    folder = run_folder(
        tmp_path, Path("params/online-retail-ii.yaml"), dt.date(2011, 12, 9)
    )
    assert folder == tmp_path / "online-retail-ii" / "2011-12-09"
