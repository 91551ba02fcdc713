"""Exceptions raised by portfolio; the command line prints them without a traceback."""

from __future__ import annotations

from collections.abc import Iterable


class PortfolioError(Exception):
    """Base class of the errors that a user can fix in their files or parameters."""


class ParameterError(PortfolioError):
    """A parameter file is invalid: unknown key, wrong type or bad value."""


class SourceError(PortfolioError):
    """An input file cannot be read: missing file, missing column, bad encoding."""


class DateFormatError(SourceError):
    """The date format of a column cannot be determined for the whole column."""


class NotebookError(PortfolioError):
    """A report notebook is unusable, for example without a parameters cell."""


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    """Return a hint naming the closest valid choice, or an empty string."""
    import difflib

    matches = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return f" Did you mean '{matches[0]}'?" if matches else ""
