"""Parameter files: the schema of ``params/<set>.yaml`` and its strict validation."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictInt,
    ValidationError,
    field_validator,
    model_validator,
)

from .errors import ParameterError, did_you_mean
from .model import DEFAULT_FREQUENCY_DAYS, DEFAULT_SIZE_BOUNDS, TABLES
from .yaml_strict import load_yaml

DATA_DIR_VARIABLE = "PORTFOLIO_DATA_DIR"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=False, frozen=True)


class FileSpec(_Strict):
    """One input file and how its columns map onto a canonical table."""

    path: str
    format: Literal["csv", "excel", "parquet"] | None = None
    sheet: str | int | None = None
    delimiter: str = ","
    encoding: str = "auto"
    decimal: str = "."
    thousands: str | None = None
    date_format: str | None = None
    dayfirst: bool | None = None
    columns: dict[str, str]
    values: dict[str, str] = Field(default_factory=dict)
    multipliers: dict[str, float] = Field(default_factory=dict)
    replace: dict[str, dict[str, str]] = Field(default_factory=dict)

    @field_validator("delimiter")
    @classmethod
    def _one_character(cls, value: str) -> str:
        if len(value) != 1:
            raise ValueError(f"delimiter must be one character, got {value!r}.")
        return value

    @field_validator("decimal")
    @classmethod
    def _decimal_mark(cls, value: str) -> str:
        if value not in (".", ","):
            raise ValueError(f"decimal must be '.' or ',', got {value!r}.")
        return value

    @model_validator(mode="after")
    def _check_separators(self) -> FileSpec:
        if self.thousands is not None and (
            len(self.thousands) != 1 or self.thousands == self.decimal
        ):
            raise ValueError(
                f"thousands must be one character other than the decimal mark "
                f"{self.decimal!r}, got {self.thousands!r}."
            )
        both = sorted(set(self.columns) & set(self.values))
        if both:
            raise ValueError(
                f"column {both[0]!r} is given both under 'columns' and 'values'; "
                "keep one."
            )
        return self

    @property
    def file_format(self) -> str:
        """The declared format, else the one the file name suggests."""
        if self.format:
            return self.format
        name = self.path.lower()
        if name.endswith((".xlsx", ".xlsm", ".xls")):
            return "excel"
        if name.endswith(".parquet"):
            return "parquet"
        return "csv"


class BusinessUnits(_Strict):
    """Business units that get a report: the values of one orders column."""

    column: str = "business_unit"
    values: list[str] | Literal["all"] = "all"

    @field_validator("values", mode="before")
    @classmethod
    def _values_as_text(cls, value: Any) -> Any:
        if isinstance(value, list):
            if any(item is None for item in value):
                raise ValueError("a business unit name is empty (null).")
            return [str(item) for item in value]
        if value != "all":
            raise ValueError(
                f"values must be a list of business units, or all; got {value!r}. "
                "Write [North] for one unit."
            )
        return value

    @field_validator("column")
    @classmethod
    def _orders_column(cls, value: str) -> str:
        names = TABLES["orders"].names
        if value not in names:
            raise ValueError(
                f"{value!r} is not a column of the orders table."
                f"{did_you_mean(value, names)} Map the unit column of your file onto "
                "business_unit (or another orders column) and name that here."
            )
        return value


class _FrequencyThresholds(_Strict):
    cold_after_days: int = Field(365, gt=0, strict=True)
    frequency_days: dict[str, StrictInt] = Field(
        default_factory=lambda: dict(DEFAULT_FREQUENCY_DAYS)
    )

    @field_validator("frequency_days")
    @classmethod
    def _check_bounds(cls, bounds: dict[str, int]) -> dict[str, int]:
        unknown = sorted(set(bounds) - set(DEFAULT_FREQUENCY_DAYS))
        if unknown:
            raise ValueError(
                f"unknown frequency class {unknown[0]!r}; valid classes are "
                f"{', '.join(DEFAULT_FREQUENCY_DAYS)}."
            )
        merged = {**DEFAULT_FREQUENCY_DAYS, **bounds}
        ordered = [merged[name] for name in DEFAULT_FREQUENCY_DAYS]
        if ordered != sorted(ordered) or len(set(ordered)) != len(ordered):
            raise ValueError(
                f"bounds must increase from monthly to yearly, got {merged}."
            )
        return merged


class SizeBound(_Strict):
    """Upper limits of one company size class: fewer employees, at most revenue."""

    employees: int = Field(gt=0, strict=True)
    revenue: float = Field(gt=0)


def _default_sizes() -> dict[str, SizeBound]:
    return {
        name: SizeBound(employees=int(bound["employees"]), revenue=bound["revenue"])
        for name, bound in DEFAULT_SIZE_BOUNDS.items()
    }


class Thresholds(_FrequencyThresholds):
    """Business thresholds of the analysis."""

    size_classes: dict[str, SizeBound] = Field(default_factory=lambda: _default_sizes())
    abc_shares: dict[str, float] = Field(default_factory=lambda: {"A": 0.8, "B": 0.95})
    gross_margin_rate: float = Field(1.0, gt=0, le=1)
    min_deals: int = Field(10, gt=0, strict=True)

    @field_validator("size_classes")
    @classmethod
    def _check_sizes(cls, bounds: dict[str, SizeBound]) -> dict[str, SizeBound]:
        unknown = sorted(set(bounds) - set(DEFAULT_SIZE_BOUNDS))
        if unknown:
            raise ValueError(
                f"unknown size class {unknown[0]!r}; valid classes are "
                f"{', '.join(DEFAULT_SIZE_BOUNDS)} (large is everything above)."
            )
        return {**_default_sizes(), **bounds}

    @field_validator("abc_shares")
    @classmethod
    def _check_abc(cls, shares: dict[str, float]) -> dict[str, float]:
        merged = {"A": 0.8, "B": 0.95, **shares}
        if set(merged) != {"A", "B"} or not 0 < merged["A"] < merged["B"] <= 1:
            raise ValueError(
                f"abc_shares needs A and B with 0 < A < B <= 1, got {shares}."
            )
        return merged


class RunOptions(_Strict):
    """Runner options: the cell timeout and the notebooks to run."""

    timeout_seconds: int = Field(900, gt=0, strict=True)
    notebooks: list[str] | None = None


class Demo(_Strict):
    """Generate the synthetic demo exports before reading the sources."""

    seed: int = Field(20240101, strict=True)


class Params(_Strict):
    """A whole parameter file."""

    title: str = "Customer portfolio"
    as_of: dt.date
    business_units: BusinessUnits = Field(default_factory=BusinessUnits)
    thresholds: Thresholds = Field(default_factory=lambda: Thresholds())
    run: RunOptions = Field(default_factory=lambda: RunOptions())
    demo: Demo | None = None
    extra: dict[str, Any] = Field(default_factory=dict)
    orders_from: Literal["opportunities"] | None = None
    sources: dict[str, list[FileSpec]]

    @model_validator(mode="after")
    def _check_orders(self) -> Params:
        if self.orders_from is None and not self.sources.get("orders"):
            raise ValueError(
                "at least one file must be mapped onto 'orders', or set "
                "'orders_from: opportunities' to turn won deals into order lines."
            )
        if self.orders_from is not None and not self.sources.get(self.orders_from):
            raise ValueError(
                f"orders_from is {self.orders_from!r} but no file is mapped onto "
                f"{self.orders_from!r}."
            )
        return self

    @field_validator("as_of", mode="before")
    @classmethod
    def _date_only(cls, value: Any) -> Any:
        if isinstance(value, bool | int | float):
            raise ValueError(f"as_of must be a day written YYYY-MM-DD, got {value!r}.")
        if isinstance(value, dt.datetime):
            raise ValueError("as_of is a day, written YYYY-MM-DD, without a time.")
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                raise ValueError(
                    f"as_of must be a day written YYYY-MM-DD, got {value!r}."
                ) from None
        return value

    @field_validator("sources")
    @classmethod
    def _check_tables(cls, sources: dict[str, list[FileSpec]]) -> Any:
        for table in sources:
            if table not in TABLES:
                raise ValueError(
                    f"unknown table {table!r}.{did_you_mean(table, TABLES)} "
                    f"Valid tables are {', '.join(TABLES)}."
                )
        for table, files in sources.items():
            paths = [spec.path for spec in files]
            repeated = sorted({path for path in paths if paths.count(path) > 1})
            if repeated:
                raise ValueError(
                    f"{repeated[0]} is listed twice under {table!r}; list each file "
                    "once, or its rows would all count as duplicates."
                )
            for number, spec in enumerate(files, start=1):
                _check_columns(table, number, spec)
        return sources


def _check_columns(table: str, number: int, spec: FileSpec) -> None:
    names = TABLES[table].names
    for canonical in [*spec.columns, *spec.values, *spec.multipliers, *spec.replace]:
        if canonical not in names:
            raise ValueError(
                f"file {number} ({spec.path}) maps unknown column {canonical!r} of "
                f"table {table!r}.{did_you_mean(canonical, names)} Valid columns: "
                f"{', '.join(names)}."
            )
    for column in TABLES[table].columns:
        mapped = column.name in spec.columns or column.name in spec.values
        if column.required and not mapped:
            raise ValueError(
                f"file {number} ({spec.path}) does not map the required column "
                f"{column.name!r} of table {table!r}."
            )


def load_params(path: str | Path) -> Params:
    """Read and validate a parameter file before anything runs.

    Parameters
    ----------
    path
        A YAML file such as ``params/demo.yaml``.

    Returns
    -------
    Params
        The validated parameters.

    Raises
    ------
    ParameterError
        On an unknown key (with a "did you mean" hint), a wrong type or a bad value;
        the message names the file and the key.
    """
    document = load_yaml(path)
    if not isinstance(document, dict):
        raise ParameterError(f"{path} must hold a mapping of keys to values.")
    try:
        return Params.model_validate(document)
    except ValidationError as error:
        raise ParameterError(_describe(path, error)) from None


def _describe(path: str | Path, error: ValidationError) -> str:
    lines = [f"{path} has {error.error_count()} invalid parameter(s):"]
    for item in error.errors():
        key = ".".join(str(part) for part in item["loc"])
        if item["type"] == "extra_forbidden":
            parent = _model_at(item["loc"][:-1])
            hint = did_you_mean(str(item["loc"][-1]), parent) if parent else ""
            lines.append(f"  - unknown key '{key}'.{hint}")
        elif item["type"] == "missing":
            lines.append(f"  - missing key '{key}'.")
        else:
            message = item["msg"].removeprefix("Value error, ")
            shown = repr(item.get("input"))
            got = f" (got {shown})" if len(shown) <= 80 and shown not in message else ""
            lines.append(f"  - '{key}': {message}{got}")
    return "\n".join(lines)


def _model_at(location: tuple[Any, ...]) -> list[str]:
    """Return the valid keys of the model found at a location in the document."""
    model: Any = Params
    for part in location:
        if isinstance(part, int) or model is None:
            continue
        field = model.model_fields.get(part)
        if field is None:
            continue  # a key of a dict field, such as a table name under sources
        annotation = field.annotation
        model = _first_model(annotation)
    return list(model.model_fields) if model else []


def _first_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in getattr(annotation, "__args__", ()):
        found = _first_model(argument)
        if found is not None:
            return found
    return None


def data_dir() -> Path:
    """Return the folder of the shared real datasets (``PORTFOLIO_DATA_DIR``)."""
    default = Path(__file__).resolve().parents[2] / "shared" / "data"
    return Path(os.environ.get(DATA_DIR_VARIABLE, default))


def resolve_path(spec: FileSpec, *, params_file: Path, demo_dir: Path | None) -> Path:
    """Expand ``{data_dir}`` and ``{demo_dir}`` in a file path and anchor it."""
    text = spec.path.replace("{data_dir}", str(data_dir()))
    if "{demo_dir}" in text:
        if demo_dir is None:
            raise ParameterError(
                f"{spec.path} uses {{demo_dir}} but the parameter file has no 'demo' "
                "section. Add 'demo: {seed: 1}' or give a real path."
            )
        text = text.replace("{demo_dir}", str(demo_dir))
    path = Path(text).expanduser()
    return path if path.is_absolute() else (params_file.parent / path).resolve()
