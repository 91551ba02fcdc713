"""Labels and sentences of the products report."""

from __future__ import annotations

LABELS: dict[str, str] = {
    "abc_class": "ABC class",
    "cumulative_share": "Cumulative share of revenue",
    "product_rank": "Products, by net revenue",
    "net_change": "Change in net revenue",
    "net_change_rate": "Change rate",
    "previous_revenue": "Net revenue, previous period",
    "previous_units": "Units, previous period",
    "class_share": "Share of the size class's revenue",
    "item_a": "Item A",
    "item_b": "Item B",
    "name_a": "Name of A",
    "name_b": "Name of B",
    "customers_a": "Buyers of A",
    "customers_b": "Buyers of B",
    "customers_both": "Buyers of both",
    "prospects": "Buyers of A without B",
    "confidence": "Confidence A → B",
    "reverse_confidence": "Confidence B → A",
}

SENTENCES: dict[str, str] = {
    "products_unmapped": (
        "The order lines name no product, so this report cannot rank products. Map "
        "<code>product_id</code> or <code>product_name</code> of the "
        "<code>orders</code> table in the parameter file, or a product column of the "
        "won deals when orders come from opportunities."
    ),
    "products_overview": (
        "{products} products brought {revenue} of net revenue. The best seller, "
        "<b>{top}</b>, brings {top_revenue} ({top_share} of revenue) and is bought "
        "by {top_penetration} of the {customers} customers of the base. The five "
        "best sellers bring {top5_share} of revenue."
    ),
    "products_needs_key": (
        "This part needs <code>product_id</code> or <code>product_name</code> in the "
        "order lines."
    ),
    "products_pareto": (
        "Each dot is a product, from the best seller on the left. The line is the "
        "cumulative share of revenue and the dashed lines are the A and B bounds."
    ),
    "products_definitions": (
        "Revenue is net of returns and units are the net quantity. A customer buys "
        "a product when their net amount on it is positive, so a product bought and "
        "returned is not bought. Penetration is the share of the customer base who "
        "buy the product. An order counts when its net amount on the product is not "
        "negative, so a credit note is not an order."
    ),
    "products_unattributed": (
        "Lines without a customer ({revenue}) count in product revenue, units and "
        "orders, but not in buyers or penetration."
    ),
    "products_no_quantity": (
        "The order lines carry no quantity, so units are unknown. Map "
        "<code>quantity</code> of the <code>orders</code> table to count them."
    ),
    "products_categories_unmapped": (
        "The order lines carry no product category, so categories, their mix by "
        "company size and category cross-sell are not shown. Map "
        "<code>product_category</code> of the <code>orders</code> table, or a "
        "<code>products</code> table with <code>product_id</code> and "
        "<code>product_category</code>."
    ),
    "products_categories_overview": (
        "Of {categories} categories, <b>{top}</b> brings the most revenue: "
        "{top_revenue} ({top_share}), bought by {top_penetration} of the customers."
    ),
    "products_abc": (
        "A products: {a_products} of the {products} ({a_product_share}), bringing "
        "{a_share} of revenue. B products: {b_products}, bringing {b_share}. "
        "C products: {c_products}, bringing {c_share}."
    ),
    "products_abc_rule": (
        "Products are sorted by net revenue, highest first, ties by {tie_break}. A "
        "products make up the first {a_bound} of revenue, the product that crosses "
        "{a_bound} included. B products continue up to {b_bound}, the product that "
        "crosses it included, and C products are the rest. A product whose net "
        "revenue is zero or negative is always C. Shares are of the sum of the "
        "positive product revenues ({positive_total}), so that returns on one "
        "product do not inflate the share of the others."
    ),
    "products_abc_action": (
        "Keep the A products always available and defend their prices. Offer the B "
        "products to the buyers of A products. Review the C products: bundle them "
        "with A products, sell them on request only, or take them off the catalogue."
    ),
    "products_rare": (
        "{rare} of {products} products rarely land: fewer than {min_penetration} of "
        "the customers buy them, or they appear in fewer than {min_orders} orders. "
        "Together they bring {revenue} ({share} of revenue)."
    ),
    "products_rare_action": (
        "Check whether each one is new, seasonal or sold to a niche before you "
        "drop it. The rest are candidates for a bundle or a price review."
    ),
    "products_rare_none": (
        "Every product is bought by at least {min_penetration} of the customers and "
        "appears in at least {min_orders} orders."
    ),
    "products_rare_rule": (
        "The bounds are parameters: <code>rare_min_penetration</code> and "
        "<code>rare_min_orders</code> under <code>extra</code> in the parameter file."
    ),
    "products_period": (
        "The current period is the {months} months from {start} to {end}, compared "
        "with the {months} months before, from {previous_start} to {previous_end}."
    ),
    "products_period_fitted": (
        "The data starts on {data_start}, so the periods are shortened from 12 to "
        "{months} months, the longest length that the data covers twice. Set "
        "<code>comparison_months</code> under <code>extra</code> to choose it."
    ),
    "products_period_short": (
        "The data covers less than two whole months up to {as_of}, so there is no "
        "previous period to compare with."
    ),
    "products_period_partial": (
        "The data starts on {data_start}, after the start of the previous period, "
        "so the previous period is incomplete and rises are overstated. Set "
        "<code>comparison_months</code> under <code>extra</code> to a shorter "
        "period, or load older orders."
    ),
    "products_period_change": (
        "Net revenue went from {previous} in the previous period to {current} in "
        "the current one ({rate})."
    ),
    "products_period_rise": "The largest rise is <b>{name}</b> ({change}).",
    "products_period_fall": "The largest fall is <b>{name}</b> ({change}).",
    "products_period_action": (
        "Ask the account managers of the customers who bought the falling products "
        "last period why they stopped, and check the rising ones for stock and "
        "capacity."
    ),
    "products_period_empty": (
        "No line falls in either period, so there is no change to show."
    ),
    "products_size_unmapped": (
        "No customer of this unit has a known company size, so revenue by company "
        "size cannot be shown. Map <code>employees</code>, "
        "<code>company_revenue</code> or <code>customer_type</code> of the "
        "<code>customers</code> table."
    ),
    "products_size_mix": (
        "Each column is a company size class and each cell the share of that "
        "class's revenue that goes to one row, so a column adds up to 100 % when "
        "every row is shown. Lines without a customer form the unattributed column."
    ),
    "products_size_top": (
        "{size_class}: <b>{top}</b> brings {share} of the class's revenue ({revenue})."
    ),
    "products_size_action": (
        "Where one size class buys a product or category much more than the others, "
        "use its reference customers to sell it to the other companies of that "
        "size, and check why the other classes buy it less."
    ),
    "products_cross_sell": (
        "{pairs} pairs of products are bought by at least {min_customers} of the "
        "same customers. The strongest, by lift, is <b>{a}</b> with <b>{b}</b>: "
        "{confidence} of the {customers_a} buyers of {a} also buy {b}, {lift} times "
        "the share of the whole base. {prospects} buyers of {a} do not buy {b} yet."
    ),
    "products_cross_sell_flat": (
        "{pairs} pairs of products are bought by at least {min_customers} of the "
        "same customers, but the highest lift is {lift}: buying one product does "
        "not make a customer more likely to buy another."
    ),
    "products_cross_sell_rule": (
        "Support is the share of the {base} customers who buy both, confidence the "
        "share of the buyers of A who also buy B, and lift the confidence over the "
        "share of all customers who buy B. A lift above 1 means that buyers of A "
        "buy B more often than customers in general. Pairs are sorted by lift, then "
        "support. Set <code>cross_sell_min_customers</code> under <code>extra</code> "
        "to change the minimum."
    ),
    "products_cross_sell_categories": (
        "Pairs of categories bought by at least {min_customers} of the same "
        "customers: {pairs}. The strongest is <b>{a}</b> with <b>{b}</b>: lift "
        "{lift}, and {confidence} of the buyers of {a} also buy {b}."
    ),
    "products_cross_sell_none": (
        "No pair of products is bought by at least {min_customers} of the same "
        "customers."
    ),
    "products_cross_sell_categories_none": (
        "No pair of categories is bought by at least {min_customers} of the same "
        "customers."
    ),
    "products_cross_sell_export": (
        "The file <code>exports/cross_sell.csv</code> lists the top pairs of "
        "products and of categories. Offer B to the buyers of A who do not buy it "
        "yet, starting with the pairs of highest lift."
    ),
}
