"""Read YAML with the value types that a business user means when writing it.

PyYAML follows YAML 1.1, where an unquoted ``0710`` is the octal number 456, ``NO`` is
False and ``12:30`` is the sexagesimal number 750. This loader keeps only the plain
YAML 1.2 core types and ISO dates: ``true``/``false``, ``null``/``~``, decimal integers
without a leading zero, decimal floats and ``YYYY-MM-DD`` dates. Anything else is a
string, exactly as written.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from .errors import ParameterError

_INT = re.compile(r"^[-+]?(0|[1-9][0-9]*)$")
_FLOAT = re.compile(
    r"^[-+]?([0-9]+\.[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$"
    r"|^[-+]?[0-9]+[eE][-+]?[0-9]+$|^[-+]?\.(inf|Inf|INF)$|^\.(nan|NaN|NAN)$"
)
_BOOL = re.compile(r"^(true|True|TRUE|false|False|FALSE)$")
_NULL = re.compile(r"^(~|null|Null|NULL|)$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


class StrictLoader(yaml.SafeLoader):
    """A safe loader whose implicit types follow the YAML 1.2 core schema."""


StrictLoader.yaml_implicit_resolvers = {}
for tag, pattern, first in (
    ("tag:yaml.org,2002:bool", _BOOL, list("tTfF")),
    ("tag:yaml.org,2002:null", _NULL, ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:int", _INT, list("-+0123456789")),
    ("tag:yaml.org,2002:float", _FLOAT, list("-+.0123456789")),
    ("tag:yaml.org,2002:timestamp", _DATE, list("0123456789")),
):
    StrictLoader.add_implicit_resolver(tag, pattern, first)


def _construct_int(loader: StrictLoader, node: yaml.ScalarNode) -> int:
    return int(loader.construct_scalar(node))


def _construct_mapping(loader: StrictLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    """Build a mapping, rejecting a key written twice instead of keeping the last."""
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"key {key!r} is written twice (lines {seen[key]} and {line}); "
                "keep one",
                key_node.start_mark,
            )
        seen[key] = line
    return loader.construct_mapping(node, deep=True)


StrictLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)
StrictLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)


def load_yaml(path: str | Path) -> Any:
    """Read a YAML file with YAML 1.2 core types and ISO dates.

    Parameters
    ----------
    path
        The file to read.

    Returns
    -------
    Any
        The document: usually a dict.

    Raises
    ------
    ParameterError
        When the file is missing or is not valid YAML; the message names the line.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise ParameterError(
            f"{path} is not UTF-8 text (byte {error.start}). Save the parameter "
            "file as UTF-8."
        ) from None
    except IsADirectoryError:
        raise ParameterError(f"{path} is a folder, not a parameter file.") from None
    except FileNotFoundError:
        raise ParameterError(
            f"Parameter file not found: {path}. Check the path, or copy "
            "params/demo.yaml as a starting point."
        ) from None
    return load_yaml_text(text, source=str(path))


def load_yaml_text(text: str, *, source: str = "<string>") -> Any:
    """Parse YAML text with YAML 1.2 core types and ISO dates."""
    try:
        return yaml.load(text, Loader=StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as error:
        raise ParameterError(f"{source} is not valid YAML: {error}") from None
    except ValueError as error:
        # An impossible ISO date such as 2024-02-30 fails in the date constructor.
        raise ParameterError(
            f"{source} has an invalid value: {error}. Check the dates, written "
            "YYYY-MM-DD."
        ) from None
