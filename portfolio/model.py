"""Canonical tables and columns that every source is mapped onto.

Each table is described once here; the loader, the validator, the engine and the
data-model documentation all read these descriptions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["text", "number", "integer", "timestamp", "date"]

UNATTRIBUTED = "unattributed"
"""Label of order lines that carry no customer id."""

UNKNOWN = "(unknown)"
"""Label of a blank grouping key, such as a line without a channel."""

DEFAULT_FREQUENCY_DAYS: dict[str, int] = {
    "monthly": 61,
    "quarterly": 137,
    "half-yearly": 274,
    "yearly": 548,
}
"""Upper bound of the median gap between purchase days for each frequency class."""

FREQUENCY_CLASSES = (*DEFAULT_FREQUENCY_DAYS, "occasional", "one-time")
"""Every frequency class, from the most to the least frequent buyers."""


@dataclass(frozen=True)
class Column:
    """One canonical column: its name, kind and whether a source must map it."""

    name: str
    kind: Kind
    required: bool
    meaning: str
    used_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class Table:
    """One canonical table and its columns."""

    name: str
    meaning: str
    columns: tuple[Column, ...]
    optional: bool = False
    key: tuple[str, ...] = ()

    @property
    def names(self) -> list[str]:
        return [column.name for column in self.columns]

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)


INVENTORY = "01_data_inventory"
FREQUENCY = "03_purchase_frequency"
RECENCY = "04_recency"
ALL = (INVENTORY, FREQUENCY, RECENCY)

ORDERS = Table(
    name="orders",
    meaning="One row per order or invoice line, returns included as negative lines.",
    columns=(
        Column(
            "customer_id",
            "text",
            False,
            "Customer identifier; blank lines are kept as unattributed.",
            ALL,
        ),
        Column("order_id", "text", False, "Order or invoice number.", ALL),
        Column(
            "order_date",
            "timestamp",
            True,
            "Date and time of the order line; lines after as_of are ignored.",
            ALL,
        ),
        Column("product_id", "text", False, "Product or service code.", (INVENTORY,)),
        Column("product_name", "text", False, "Product or service name.", (INVENTORY,)),
        Column("product_category", "text", False, "Product category.", (INVENTORY,)),
        Column(
            "quantity",
            "number",
            False,
            "Units on the line; negative on a return.",
            (INVENTORY,),
        ),
        Column("unit_price", "number", False, "Net price of one unit.", (INVENTORY,)),
        Column(
            "amount",
            "number",
            False,
            "Net amount of the line; quantity * unit_price when not mapped. "
            "Negative on a return.",
            ALL,
        ),
        Column(
            "business_unit",
            "text",
            False,
            "Business unit the line belongs to; one report per unit.",
            ALL,
        ),
        Column("country", "text", False, "Country of the customer or delivery.", ()),
        Column("sales_rep", "text", False, "Sales rep credited with the line.", ()),
        Column("channel", "text", False, "Sales or acquisition channel.", ()),
    ),
)

CUSTOMERS = Table(
    name="customers",
    meaning="One row per customer: identity, company, acquisition and relationship.",
    optional=True,
    key=("customer_id",),
    columns=(
        Column("customer_id", "text", True, "Customer identifier.", (INVENTORY,)),
        Column("name", "text", False, "Company or person name.", (INVENTORY,)),
        Column("email", "text", False, "Contact e-mail address.", (INVENTORY,)),
        Column("phone", "text", False, "Contact phone number.", (INVENTORY,)),
        Column("city", "text", False, "City of the main address.", (INVENTORY,)),
        Column("country", "text", False, "Country of the main address.", (INVENTORY,)),
        Column(
            "business_unit", "text", False, "Business unit owning the customer.", ()
        ),
        Column(
            "customer_type",
            "text",
            False,
            "'company' or 'individual'.",
            (INVENTORY,),
        ),
        Column("birth_year", "integer", False, "Birth year of a person.", (INVENTORY,)),
        Column("gender", "text", False, "Gender of a person.", (INVENTORY,)),
        Column("sector", "text", False, "Industry sector of a company.", (INVENTORY,)),
        Column("employees", "integer", False, "Head count of a company.", (INVENTORY,)),
        Column(
            "company_revenue",
            "number",
            False,
            "Annual revenue of a company, in currency units.",
            (INVENTORY,),
        ),
        Column(
            "acquisition_channel",
            "text",
            False,
            "Channel that brought the customer.",
            (INVENTORY,),
        ),
        Column(
            "first_contact_date",
            "date",
            False,
            "Day of the first contact.",
            (INVENTORY,),
        ),
        Column("sales_rep", "text", False, "Account owner.", (INVENTORY,)),
        Column(
            "newsletter",
            "text",
            False,
            "Newsletter subscription (yes or no).",
            (INVENTORY,),
        ),
        Column(
            "last_campaign",
            "text",
            False,
            "Last marketing campaign the customer received.",
            (INVENTORY,),
        ),
        Column(
            "satisfaction",
            "number",
            False,
            "Last satisfaction score.",
            (INVENTORY,),
        ),
    ),
)

COSTS = Table(
    name="costs",
    meaning="Monthly marketing and sales costs, for acquisition and retention.",
    optional=True,
    columns=(
        Column("period", "date", True, "First day of the month of the cost."),
        Column("cost_type", "text", True, "'acquisition' or 'retention'."),
        Column("channel", "text", False, "Channel the cost was spent on."),
        Column("segment", "text", False, "Customer segment the cost targeted."),
        Column("business_unit", "text", False, "Business unit that spent it."),
        Column("amount", "number", True, "Cost amount."),
    ),
)

TABLES: dict[str, Table] = {table.name: table for table in (ORDERS, CUSTOMERS, COSTS)}

CUSTOMER_FIELD_GROUPS: dict[str, tuple[str, ...]] = {
    "identification": ("customer_id", "name", "email", "phone", "city", "country"),
    "socio-demographic": (
        "customer_type",
        "birth_year",
        "gender",
        "sector",
        "employees",
        "company_revenue",
    ),
    "actions and relationship": (
        "acquisition_channel",
        "first_contact_date",
        "sales_rep",
        "newsletter",
        "last_campaign",
        "satisfaction",
    ),
}
"""Customer fields by kind of information, as the data inventory reports them."""
