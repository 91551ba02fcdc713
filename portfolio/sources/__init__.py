"""Reading of export files and parsing of their text values."""

from .files import LINE_COLUMN, RawFile, read_file
from .parsing import parse_dates, parse_numbers

__all__ = ["LINE_COLUMN", "RawFile", "parse_dates", "parse_numbers", "read_file"]
