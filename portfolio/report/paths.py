"""Folder names of a run: safe, unique slugs built from business-unit names."""

from __future__ import annotations

import datetime as dt
import logging
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

logger = logging.getLogger(__name__)

_NOT_SAFE = re.compile(r"[^a-z0-9]+")
_SAFE_STEM = re.compile(r"[A-Za-z0-9._-]+")
MAX_SLUG = 60


def slugify(name: str) -> str:
    """Return a lowercase ASCII folder name for a business unit.

    Accents are dropped, every other run of characters outside ``a-z0-9`` becomes a
    hyphen, so ``/``, ``..`` and ``&`` can never form a path. A name with no usable
    character becomes ``unit``.

    Examples
    --------
    >>> slugify("../Zentrale")
    'zentrale'
    >>> slugify("Export & Overseas")
    'export-overseas'
    """
    ascii_name = unicodedata.normalize("NFKD", name)
    ascii_name = ascii_name.encode("ascii", "ignore").decode("ascii").lower()
    slug = _NOT_SAFE.sub("-", ascii_name).strip("-")[:MAX_SLUG].strip("-")
    return slug or "unit"


def unit_folders(names: Iterable[str]) -> dict[str, str]:
    """Map each business unit to a folder name unique even without letter case.

    Two names with the same slug, such as ``Süd`` and ``SÜD``, get ``sud`` and
    ``sud-2``; the clash is logged as a warning naming both units.
    """
    folders: dict[str, str] = {}
    owners: dict[str, str] = {}
    for name in names:
        slug = slugify(name)
        candidate, number = slug, 1
        while candidate in owners:
            number += 1
            candidate = f"{slug}-{number}"
        if candidate != slug:
            logger.warning(
                "Business units %r and %r share the folder name %r; %r gets %r",
                owners[slug],
                name,
                slug,
                name,
                candidate,
            )
        owners[candidate] = name
        folders[name] = candidate
    return folders


def run_folder(out: Path, params_file: Path, as_of: dt.date) -> Path:
    """Return ``<out>/<params file stem>/<as_of>``, slugging an unsafe stem."""
    stem = params_file.stem
    if not _SAFE_STEM.fullmatch(stem) or stem.startswith("."):
        stem = slugify(stem)
    return out / stem / as_of.isoformat()
