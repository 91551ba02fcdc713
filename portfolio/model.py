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

DEFAULT_SIZE_BOUNDS: dict[str, dict[str, float]] = {
    "micro": {"employees": 10, "revenue": 2e6},
    "SME": {"employees": 250, "revenue": 50e6},
    "mid-cap": {"employees": 5000, "revenue": 1.5e9},
}
"""Company size classes after the French categories.

A company fits a class with fewer employees than its bound and at most its revenue
bound, in currency units. Above mid-cap a company is large."""

SIZE_CLASSES = ("micro", "SME", "mid-cap", "large", "individual", "unknown")
"""Every company size class, individual consumers and unknown sizes included."""


@dataclass(frozen=True)
class Column:
    """One canonical column: its name, kind and whether a source must map it."""

    name: str
    kind: Kind
    required: bool
    meaning: str
    used_by: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()


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
SIZE = "02_company_size"
FREQUENCY = "03_purchase_frequency"
RECENCY = "04_recency"
PRODUCTS_NOTEBOOK = "05_products"
CHANNELS = "06_acquisition_channels"
COSTS_NOTEBOOK = "07_acquisition_cost"
REPS = "08_sales_reps"
ALL = (
    INVENTORY,
    SIZE,
    FREQUENCY,
    RECENCY,
    PRODUCTS_NOTEBOOK,
    CHANNELS,
    COSTS_NOTEBOOK,
    REPS,
)

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
        Column(
            "product_id",
            "text",
            False,
            "Product or service code.",
            (INVENTORY, PRODUCTS_NOTEBOOK, REPS),
        ),
        Column(
            "product_name",
            "text",
            False,
            "Product or service name.",
            (INVENTORY, PRODUCTS_NOTEBOOK),
        ),
        Column(
            "product_category",
            "text",
            False,
            "Product category.",
            (INVENTORY, PRODUCTS_NOTEBOOK, REPS),
        ),
        Column(
            "quantity",
            "number",
            False,
            "Units on the line; negative on a return.",
            (INVENTORY, PRODUCTS_NOTEBOOK),
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
        Column(
            "sales_rep", "text", False, "Sales rep credited with the line.", (REPS,)
        ),
        Column(
            "channel",
            "text",
            False,
            "Sales or acquisition channel.",
            (CHANNELS, COSTS_NOTEBOOK),
        ),
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
            (INVENTORY, SIZE),
        ),
        Column("birth_year", "integer", False, "Birth year of a person.", (INVENTORY,)),
        Column("gender", "text", False, "Gender of a person.", (INVENTORY,)),
        Column(
            "sector",
            "text",
            False,
            "Industry sector of a company.",
            (INVENTORY, SIZE, REPS),
        ),
        Column(
            "employees",
            "integer",
            False,
            "Head count of a company.",
            (INVENTORY, SIZE, REPS),
        ),
        Column(
            "company_revenue",
            "number",
            False,
            "Annual revenue of a company, in currency units; use 'multipliers' for "
            "exports in thousands or millions.",
            (INVENTORY, SIZE, REPS),
        ),
        Column(
            "acquisition_channel",
            "text",
            False,
            "Channel that brought the customer.",
            (INVENTORY, CHANNELS, COSTS_NOTEBOOK),
        ),
        Column(
            "first_contact_date",
            "date",
            False,
            "Day of the first contact.",
            (INVENTORY, CHANNELS),
        ),
        Column("sales_rep", "text", False, "Account owner.", (INVENTORY, REPS)),
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
        Column(
            "period",
            "date",
            True,
            "First day of the month of the cost.",
            (COSTS_NOTEBOOK,),
        ),
        Column(
            "cost_type",
            "text",
            True,
            "'acquisition' or 'retention'.",
            (COSTS_NOTEBOOK,),
        ),
        Column(
            "channel",
            "text",
            False,
            "Channel the cost was spent on.",
            (COSTS_NOTEBOOK,),
        ),
        Column(
            "segment",
            "text",
            False,
            "Customer segment the cost targeted.",
            (COSTS_NOTEBOOK,),
        ),
        Column(
            "business_unit",
            "text",
            False,
            "Business unit that spent it.",
            (COSTS_NOTEBOOK,),
        ),
        Column("amount", "number", True, "Cost amount.", (COSTS_NOTEBOOK,)),
    ),
)

STAGES = ("won", "lost", "open")

OPPORTUNITIES = Table(
    name="opportunities",
    meaning="One row per sales opportunity (deal), won, lost or still open.",
    optional=True,
    key=("opportunity_id",),
    columns=(
        Column("opportunity_id", "text", True, "Opportunity identifier.", (REPS,)),
        Column("customer_id", "text", False, "Customer or account.", (SIZE, REPS)),
        Column("sales_rep", "text", False, "Sales rep who owns the deal.", (REPS,)),
        Column("product_id", "text", False, "Product or service sold.", (REPS,)),
        Column("product_name", "text", False, "Product or service name.", (REPS,)),
        Column(
            "stage",
            "text",
            True,
            "'won', 'lost' or 'open'; map other labels with 'replace'.",
            (SIZE, REPS),
            choices=STAGES,
        ),
        Column("created_date", "date", False, "Day the deal was opened.", (SIZE, REPS)),
        Column("closed_date", "date", False, "Day the deal was won or lost.", (REPS,)),
        Column(
            "value", "number", False, "Deal value; the order amount when won.", (REPS,)
        ),
        Column("channel", "text", False, "Channel that brought the deal.", (CHANNELS,)),
        Column("business_unit", "text", False, "Business unit of the deal.", ()),
    ),
)

LEADS = Table(
    name="leads",
    meaning="One row per lead: a first contact, and what it became.",
    optional=True,
    key=("lead_id",),
    columns=(
        Column("lead_id", "text", True, "Lead identifier.", (CHANNELS,)),
        Column(
            "first_contact_date", "date", True, "Day of the first contact.", (CHANNELS,)
        ),
        Column("channel", "text", False, "Channel that brought the lead.", (CHANNELS,)),
        Column(
            "customer_id", "text", False, "Customer it became, if any.", (CHANNELS,)
        ),
        Column(
            "opportunity_id",
            "text",
            False,
            "Opportunity it became, if any.",
            (CHANNELS,),
        ),
        Column("business_unit", "text", False, "Business unit of the lead.", ()),
    ),
)

SALES_REPS = Table(
    name="sales_reps",
    meaning="One row per sales rep: manager and business unit (team or office).",
    optional=True,
    key=("sales_rep",),
    columns=(
        Column("sales_rep", "text", True, "Sales rep name or id.", (REPS,)),
        Column("manager", "text", False, "The rep's manager.", (REPS,)),
        Column(
            "business_unit",
            "text",
            False,
            "Team or office; fills the unit of orders and deals that lack one.",
            (REPS,),
        ),
    ),
)

PRODUCTS = Table(
    name="products",
    meaning="One row per product: its category and list price.",
    optional=True,
    key=("product_id",),
    columns=(
        Column("product_id", "text", True, "Product code, as orders write it.", ()),
        Column("product_name", "text", False, "Product name.", (PRODUCTS_NOTEBOOK,)),
        Column(
            "product_category",
            "text",
            False,
            "Category; fills the category of order lines that lack one.",
            (PRODUCTS_NOTEBOOK,),
        ),
        Column("list_price", "number", False, "Suggested unit price.", ()),
    ),
)

TABLES: dict[str, Table] = {
    table.name: table
    for table in (
        ORDERS,
        CUSTOMERS,
        COSTS,
        OPPORTUNITIES,
        LEADS,
        SALES_REPS,
        PRODUCTS,
    )
}

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
