"""Fixed tables of the demo portfolio and the product catalogue.

The dicts and tuples list the values by name. The arrays after them contain the
same values, indexed by the integer codes that the generators draw.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from .model import PRODUCTS, SALES_REPS

UNITS = ("North", "South", "Online")
_UNIT_SHARES = (0.40, 0.35, 0.25)
_COUNTRIES = {  # country: phone prefix, legal forms, cities
    "Germany": ("+49", "GmbH|AG|KG", "Berlin|Hamburg|München|Köln"),
    "Netherlands": ("+31", "B.V.|N.V.", "Amsterdam|Rotterdam|Utrecht"),
    "Denmark": ("+45", "ApS|A/S", "København|Aarhus|Odense"),
    "France": ("+33", "SARL|SAS", "Paris|Lyon|Marseille|Toulouse"),
    "Spain": ("+34", "S.L.|S.A.", "Madrid|Barcelona|Valencia|Sevilla"),
    "Italy": ("+39", "S.r.l.|S.p.A.", "Milano|Roma|Torino|Bologna"),
    "United Kingdom": ("+44", "Ltd|plc", "London|Manchester|Leeds"),
    "Ireland": ("+353", "Ltd|DAC", "Dublin|Cork|Galway"),
    "Austria": ("+43", "GmbH|AG", "Wien|Graz|Linz"),
}
# fmt: off
_UNIT_COUNTRIES = np.array([  # share of each country above, one row per unit
    [0.6, 0.2, 0.2, 0, 0, 0, 0, 0, 0],
    [0, 0, 0, 0.45, 0.3, 0.25, 0, 0, 0],
    [0.15, 0.05, 0, 0.1, 0, 0, 0.4, 0.15, 0.15],
])
_REPS = {  # business unit: its sales reps
    "North": "Anna Berger|Jonas Vogel|Lena Hoffmann|Pieter de Vries|Mette Lund",
    "South": "Camille Laurent|Javier Ortega|Giulia Conti|Hugo Moreau|Lucía Navarro",
    "Online": "Emma Walsh|Oliver Grant|Sophie Huber|Liam Byrne|Clara Winter",
}
_MANAGERS = {  # business unit: manager of its sales reps
    "North": "Katrin Albers",
    "South": "Marco Bellini",
    "Online": "Katrin Albers",
}
_CHANNELS = {  # name: value factor, mean lifetime in years, cost per new customer
    "Paid Search": (0.7, 1.8, 450.0),
    "Organic": (0.8, 3.0, 120.0),
    "Referral": (1.3, 6.0, 250.0),
    "Trade Fair": (1.5, 4.5, 1500.0),
    "Outbound": (1.1, 3.0, 900.0),
    "Partner": (1.2, 5.0, 600.0),
}
_UNIT_CHANNELS = np.array([  # share of each channel above, one row per unit
    [0.15, 0.15, 0.20, 0.20, 0.18, 0.12],
    [0.15, 0.15, 0.20, 0.18, 0.20, 0.12],
    [0.40, 0.30, 0.10, 0.02, 0.08, 0.10],
])
_SEGMENTS = {  # name: share, employee range, value factor, lifetime factor, discount
    "individual": (0.12, (0, 0), 0.3, 0.6, 0.0),
    "micro": (0.37, (1, 9), 0.5, 0.8, 0.0),
    "SME": (0.35, (10, 249), 1.0, 1.0, 0.03),
    "mid-cap": (0.11, (250, 4999), 2.5, 1.5, 0.08),
    "large": (0.05, (5000, 60000), 6.0, 2.0, 0.15),
}
_KEY_ACCOUNT = 3  # segments from mid-cap up
_SHAPES = {  # purchase rhythm: period in years, share in each segment above
    "monthly": (1 / 12, (0.03, 0.08, 0.16, 0.28, 0.45)),
    "quarterly": (1 / 4, (0.07, 0.15, 0.22, 0.26, 0.25)),
    "half-yearly": (1 / 2, (0.10, 0.16, 0.16, 0.13, 0.09)),
    "yearly": (1.0, (0.12, 0.15, 0.13, 0.10, 0.07)),
    "occasional": (1.75, (0.15, 0.12, 0.10, 0.07, 0.05)),
    "irregular": (0.45, (0.23, 0.19, 0.15, 0.12, 0.07)),  # mean gap, random times
    "one-time": (np.inf, (0.30, 0.15, 0.08, 0.04, 0.02)),
}
_IRREGULAR = list(_SHAPES).index("irregular")
_CATALOGUE = {  # category: typical list price, typical quantity, products
    "Office Supplies": (9.0, 12, "Ballpoint Pens (50)|Sticky Notes|Stapler|"
        "Ring Binders|Desk Organiser|Whiteboard Markers|Envelopes C4|Hole Punch"),
    "Paper & Print": (28.0, 8, "Copy Paper A4|Copy Paper A3|Toner Black|"
        "Toner Colour Set|Label Sheets|Photo Paper|Ink Cartridge"),
    "Packaging": (45.0, 10, "Cardboard Boxes S|Cardboard Boxes M|Cardboard Boxes L|"
        "Bubble Wrap Roll|Packing Tape|Stretch Film|Pallet Labels|Void Fill Paper"),
    "Cleaning & Hygiene": (18.0, 10, "Hand Soap 5 l|Paper Towels|Disinfectant Spray|"
        "Floor Cleaner|Microfibre Cloths|Bin Liners|Toilet Paper (48)|Dish Tablets"),
    "Safety Equipment": (32.0, 6, "Safety Gloves|Hard Hat|High-Vis Vest|"
        "Safety Goggles|First Aid Kit|Ear Defenders|Safety Boots"),
    "IT Accessories": (55.0, 3, 'USB-C Dock|Wireless Mouse|Keyboard|Monitor 27"|'
        "Headset|HDMI Cable|Webcam|Laptop Stand"),
    "Furniture": (320.0, 1, "Office Chair|Standing Desk|Filing Cabinet|"
        "Meeting Table|Shelving Unit|Desk Lamp|Acoustic Panel"),
    "Services": (480.0, 1, "Installation|Maintenance Contract|Office Move|"
        "Training Day|Priority Delivery Plan|Recycling Pick-up|Consulting Hour"),
}
_SECTORS = ("Manufacturing", "Retail", "Healthcare", "Construction", "Hospitality",
    "Logistics", "Professional Services", "Public Sector", "Education",
    "IT & Telecom")
_NAME_WORDS = ("Alpine", "Nordic", "Atlas", "Blue Harbour", "Cedar", "Delta", "Falcon",
    "Evergreen", "Granite", "Horizon", "Iris", "Juniper", "Keystone", "Lumen", "Orion",
    "Meridian", "Northwind", "Pioneer", "Quartz", "Riverside", "Summit", "Vertex")
_NAME_NOUNS = ("Logistics", "Trading", "Bakery", "Engineering", "Consulting", "Dental",
    "Builders", "Print", "Foods", "Systems", "Studio", "Clinic", "Hotels", "Tools")
_FIRST_NAMES = ("Anna", "Ben", "Chloé", "David", "Elif", "Finn", "Greta", "Hamid",
    "Ines", "Jan", "Katarzyna", "Luca", "Marta", "Nils", "Olga", "Paul", "Rosa", "Sven")
_LAST_NAMES = ("Schmidt", "Jansen", "Nielsen", "Dubois", "García", "Rossi", "Murphy",
    "Smith", "Wagner", "Bakker", "Larsen", "Martin", "López", "Bianchi", "Kelly")
# Names with characters that CSV, HTML and Excel output must quote, escape or encode.
_SPECIAL_NAMES = ("Müller & Söhne GmbH", "O'Brien <Trade> Ltd", "Château d'Eau SARL",
    "Rossi, Bianchi & Figli S.r.l.", "Ørsted Kontor ApS", '"Quote" Supplies Ltd',
    "Peña & Núñez S.L.", "<script>alert('x')</script> Trading AG")
_CAMPAIGNS = {  # name: day sent
    "Welcome Series 2022": "2022-03-15", "Summer Sale 2022": "2022-06-20",
    "Black Friday 2022": "2022-11-25", "Spring Catalogue 2023": "2023-03-10",
    "Safety at Work Webinar": "2023-05-17", "Black Friday 2023": "2023-11-24",
    "Loyalty Mailing 2024": "2024-02-12", "Back to Office 2024": "2024-09-02",
    "Black Friday 2024": "2024-11-29",
}
# fmt: on

_UNIT_NAMES = np.array(UNITS, dtype=object)
_COUNTRY_NAMES = np.array(list(_COUNTRIES), dtype=object)
_CHANNEL_NAMES = np.array(list(_CHANNELS), dtype=object)
_CHANNEL_VALUE, _CHANNEL_LIFETIME, _CHANNEL_COST = map(
    np.array, zip(*_CHANNELS.values(), strict=True)
)
_REP_NAMES = np.array([n for reps in _REPS.values() for n in reps.split("|")], object)
_REP_UNITS = np.array(
    [[n in _REPS[unit].split("|") for n in _REP_NAMES] for unit in UNITS]
)
_SEGMENT_SHARE, _EMPLOYEES, _SEGMENT_VALUE, _SEGMENT_LIFETIME, _DISCOUNT = map(
    np.array, zip(*_SEGMENTS.values(), strict=True)
)
_SHAPE_PERIOD, _SHAPE_SHARES = map(np.array, zip(*_SHAPES.values(), strict=True))


def _make_catalogue(rng: np.random.Generator) -> pd.DataFrame:
    """Draw list prices and a long-tailed popularity for the fixed product list."""
    rows = [
        (code, category, name, price, quantity, f"P{code + 1}{number:02d}")
        for code, (category, (price, quantity, names)) in enumerate(_CATALOGUE.items())
        for number, name in enumerate(names.split("|"), start=1)
    ]
    columns = ["code", "product_category", "product_name", "price", "quantity"]
    catalogue = pd.DataFrame(rows, columns=[*columns, "product_id"])
    price = catalogue["price"] * rng.lognormal(0.0, 0.45, len(catalogue))
    catalogue["list_price"] = np.maximum(np.round(price), 1.0) - 0.01

    # Zipf weights over a random ranking give a few best sellers and a long tail.
    popularity = (rng.permutation(len(catalogue)) + 1.0) ** -1.1
    catalogue["popularity"] = popularity / popularity.sum()
    category_total = catalogue.groupby("code")["popularity"].transform("sum")
    catalogue["category_share"] = catalogue["popularity"] / category_total
    return catalogue


def _make_products(catalogue: pd.DataFrame, start: date, end: date) -> pd.DataFrame:
    """Return the product table, with the list prices of the year of ``end``.

    Order lines raise the list price by 3 % each January after ``start``, as in
    :func:`portfolio._demo_orders._add_products`.
    """
    rise = 1.03 ** (end.year - start.year)
    products = catalogue.assign(list_price=(catalogue["list_price"] * rise).round(2))
    return products[PRODUCTS.names]


def _make_sales_reps(profile: dict[str, np.ndarray]) -> pd.DataFrame:
    """Return one row per sales rep who owns a customer, with manager and unit."""
    reps = np.unique(profile["rep"])
    unit = _REP_UNITS[:, reps].argmax(axis=0)
    managers = np.array([_MANAGERS[name] for name in UNITS], dtype=object)
    frame = pd.DataFrame(
        {
            "sales_rep": _REP_NAMES[reps],
            "manager": managers[unit],
            "business_unit": _UNIT_NAMES[unit],
        }
    )
    return frame[SALES_REPS.names]
