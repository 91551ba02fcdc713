"""Labels and sentences of the company size report."""

from __future__ import annotations

LABELS: dict[str, str] = {
    "size_class": "Size class",
    "size_cac": "CAC (costs per new customer)",
}

SENTENCES: dict[str, str] = {
    "size_rule": (
        "A company is micro with fewer than {micro_staff} employees and an annual "
        "revenue of at most {micro_revenue}, an SME with fewer than {sme_staff} and "
        "at most {sme_revenue}, a mid-cap with fewer than {mid_staff} and at most "
        "{mid_revenue}, and large above. When only one of the two figures is known, "
        "it decides. Consumers are individual, and customers with neither figure "
        "are unknown."
    ),
    "size_known": (
        "{known} of the {customers} customers ({share}) have a known size class."
    ),
    "size_missing_customers": (
        "No customers table is mapped, so the size of every customer is unknown and "
        "all of them fall in the unknown class. Map the CRM export onto the "
        "<code>customers</code> table with <code>employees</code>, "
        "<code>company_revenue</code> (with a multiplier when the export gives "
        "thousands or millions) and <code>customer_type</code> (company or "
        "individual) to class customers by size."
    ),
    "size_missing_measures": (
        "The customers table gives no head count, annual revenue or customer type, "
        "so the size of every customer is unknown. Map <code>employees</code>, "
        "<code>company_revenue</code> (with a multiplier when the export gives "
        "thousands or millions) and <code>customer_type</code> on the "
        "<code>customers</code> table to class customers by size."
    ),
    "size_revenue": (
        "The {size} class weighs most on revenue: {revenue} ({revenue_share} of the "
        "unit's revenue) from {customers} customers ({customer_share} of the "
        "customer base), or {per_customer} per customer."
    ),
    "size_order_value": (
        "The average order is largest for {high} ({high_value}) and smallest for "
        "{low} ({low_value})."
    ),
    "size_unknown": (
        "Customers with no known size: {customers} ({share} of the base, "
        "{revenue_share} of revenue). Ask their account owners to record head count "
        "and annual revenue in the CRM, starting with the customers who buy the most."
    ),
    "size_unattributed": (
        "{revenue} ({share} of revenue) comes from order lines without a customer. "
        "The table shows it as its own row, so that revenue adds up to the unit's "
        "total."
    ),
    "size_focus": (
        "Focus prospecting on the {size} class: its customers bring {per_customer} "
        "each on average, against {average} across the customer base. Look for more "
        "companies of that size in the markets you already serve."
    ),
    "size_focus_none": (
        "No customer has a known size class yet, so there is no class to focus on. "
        "Map the size data described above first."
    ),
    "size_cold": (
        "The {size} class has the highest cold share: {cold} of its {customers} "
        "customers ({share}) have not bought for more than {days} days. Start the "
        "reactivation calls there: the recency report lists cold customers in "
        "<code>exports/reactivation.csv</code>."
    ),
    "size_no_cold": (
        "No customer of a known size class has gone more than {days} days without "
        "buying."
    ),
    "size_regular": (
        "Each row counts the customers of a size class by how often they buy. The "
        "{size} class buys most regularly: {share} of its customers buy at least "
        "quarterly."
    ),
    "size_one_time": (
        "The {size} class has the largest share of one-time buyers ({share}): offer "
        "them a second order soon after the first."
    ),
    "size_missing_opportunities": (
        "No opportunities table is mapped, so win rates and sales cycles by size "
        "class are unknown. Map the CRM's deal export onto the "
        "<code>opportunities</code> table, with <code>customer_id</code>, "
        "<code>stage</code>, <code>created_date</code> and <code>closed_date</code>, "
        "to measure them."
    ),
    "size_missing_deal_customers": (
        "No deal names a customer, so deals cannot be classed by size. Map "
        "<code>customer_id</code> on the <code>opportunities</code> table."
    ),
    "size_missing_deal_dates": (
        "No won deal has both a creation and a closing day, so sales cycles are "
        "unknown. Map <code>created_date</code> and <code>closed_date</code> on the "
        "<code>opportunities</code> table."
    ),
    "size_win_rates": (
        "Deals with {best} customers are won most often: {best_rate} of "
        "{best_closed} closed deals, against {worst_rate} of {worst_closed} for "
        "{worst}. Only classes with at least {min_deals} closed deals are compared; "
        "the win rate is won deals over won and lost deals."
    ),
    "size_win_rate_one": (
        "Only the {size} class has at least {min_deals} closed deals: its win rate "
        "is {rate}, won deals over won and lost deals."
    ),
    "size_win_rates_few": (
        "No size class has {min_deals} closed deals yet, so win rates are not "
        "compared; the table still shows them."
    ),
    "size_cycle": (
        "Half of the won deals with {fast} customers closed within {fast_days} days "
        "of their creation, against {slow_days} days for {slow}. Plan the sales "
        "effort and the cash forecast on these cycles."
    ),
    "size_cycle_one": (
        "Half of the won deals with {size} customers closed within {days} days of "
        "their creation."
    ),
    "size_missing_costs": (
        "No costs table is mapped, so the cost of acquiring a customer of each size "
        "is unknown. Map the marketing and sales costs onto the <code>costs</code> "
        "table, with a <code>segment</code> naming the size class (micro, SME, "
        "mid-cap, large or individual) of each acquisition cost."
    ),
    "size_missing_cost_segments": (
        "No acquisition cost names a size class in its <code>segment</code>, so CAC "
        "is not available by size class; the acquisition cost report shows it by "
        "channel. To measure it by size, give each acquisition cost a segment of "
        "micro, SME, mid-cap, large or individual."
    ),
    "size_cac": (
        "CAC is the acquisition costs of a size class over its customers whose "
        "first purchase falls in the months of those costs. A new {cheap} customer "
        "cost {cheap_cac}, a new {dear} customer {dear_cac}: weigh these costs "
        "against the revenue per customer above."
    ),
    "size_cac_one": (
        "A new {size} customer cost {cac}: {costs} of acquisition costs over {new} "
        "new customers whose first purchase falls in the months of those costs."
    ),
    "size_cac_none": (
        "Acquisition costs name a size class, but no customer of that class made a "
        "first purchase in the months of those costs."
    ),
    "size_reason_customers": "No customers table is mapped.",
    "size_reason_measures": (
        "The customers table has no employees, company_revenue or customer_type."
    ),
    "size_reason_opportunities": "No opportunities table is mapped.",
    "size_reason_deal_customers": "No opportunity names a customer_id.",
    "size_reason_deal_dates": (
        "No won opportunity has both a created_date and a closed_date."
    ),
    "size_reason_costs": "No costs table is mapped.",
    "size_reason_cost_segments": (
        "No acquisition cost has a segment naming a size class."
    ),
}
