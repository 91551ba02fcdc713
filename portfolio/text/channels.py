"""Labels and sentences of the acquisition channel report."""

from __future__ import annotations

LABELS: dict[str, str] = {
    "customers_year_ago": "Customers acquired a year ago or more",
    "retained_within_year": "Bought again within a year",
    "median_days_to_second": "Median days to the second purchase",
    "cohort": "Acquisition month",
    "months_since": "Months since acquisition",
    "active_share": "Share buying",
}

SENTENCES: dict[str, str] = {
    "channels_sources": "Channels come from {parts}.",
    "channels_source_customer": "the customer record for {customers} customers",
    "channels_source_lead": "the earliest lead for {customers} customers",
    "channels_source_first_order": (
        "the first order line that names one for {customers} customers"
    ),
    "channels_sources_unknown": (
        "{unknown} customers ({unknown_share}) have no channel at all and count "
        "under “(unknown)”."
    ),
    "channels_none": (
        "No customer has a known channel, so every figure below falls under "
        "“(unknown)”. Map <code>acquisition_channel</code> in the "
        "<code>customers</code> table, <code>channel</code> in a <code>leads</code> "
        "table or <code>channel</code> in the <code>orders</code> table to compare "
        "channels."
    ),
    "channels_summary": (
        "{top} brought the most customers: {top_customers} of {customers} "
        "({top_share}), for {top_revenue} of net revenue. {best} customers bring the "
        "most each: {best_value} on average, against {average_value} over all "
        "customers."
    ),
    "channels_total": (
        "Each customer's whole net revenue counts for the channel that acquired "
        "them. Lines without a customer ({unattributed}) form the "
        "“unattributed” row, so the column adds up to the unit's net revenue of "
        "{revenue}."
    ),
    "channels_action": (
        "Put the next campaigns where customers are worth the most: {best} "
        "customers bring {best_value} each, {worst} customers {worst_value}."
    ),
    "channels_new": (
        "{last_12} customers made their first purchase in the 12 months up to "
        "{as_of}, against {previous_12} in the 12 months before. {top} brought the "
        "most of them ({top_customers})."
    ),
    "channels_new_none": "No customer made a first purchase in the last 12 months.",
    "channels_new_start": (
        "The order lines start in {first_month}: customers who bought before that "
        "count as new in the first months, so those months look stronger than "
        "they were."
    ),
    "channels_repeat_all": (
        "Over all channels, {repeat} of the customers bought on two days or more."
    ),
    "channels_retained_all": (
        "Of the {customers} customers acquired a year ago or more, {retained} bought "
        "again within a year of their first purchase."
    ),
    "channels_repeat": (
        "{best} customers come back most: {best_repeat} bought on two days or more, "
        "against {worst_repeat} of {worst} customers."
    ),
    "channels_second": (
        "{worst} customers come back least, and those who do come back after a "
        "median of {days} days: contact new {worst} customers with an offer before "
        "that day."
    ),
    "channels_lines": (
        "Read by the channel written on each order line instead, the same revenue "
        "splits as follows. A line counts for its own channel even without a "
        "customer, and lines without a channel count under “(unknown)” "
        "({unknown}). This view answers which channel took the order, the one above "
        "which channel won the customer."
    ),
    "channels_no_leads": (
        "No <code>leads</code> table is mapped, so lead conversion cannot be "
        "measured. Map the CRM's lead export onto the <code>leads</code> table, "
        "with the customer or opportunity each lead became, to measure it."
    ),
    "channels_leads": (
        "{converted} of {leads} leads ({rate}) became a customer or a won deal. "
        "{best} leads convert best ({best_rate}), {worst} leads least "
        "({worst_rate}): give the sales team's follow-up time to {best} leads first."
    ),
    "channels_cohorts": (
        "Each row is the customers acquired in one month; each column a month "
        "after it. On average {month_1} of a cohort buys again in the month after "
        "its first purchase and {month_12} in month 12. After 12 months, a customer "
        "has brought {revenue_12} of net revenue on average."
    ),
    "channels_cohorts_short": (
        "Each row is the customers acquired in one month; each column a month "
        "after it. The data covers fewer than 12 complete months after the first "
        "cohort, so the long-run figures are not measured yet."
    ),
    "channels_cohorts_none": (
        "No acquisition month is complete by {as_of}, so no cohort can be measured."
    ),
    "channels_cohort_revenue": (
        "The cumulative net revenue per customer of each cohort: a cohort whose "
        "colour darkens faster is worth more sooner."
    ),
    "channels_cohort_channel": (
        "The same matrix for the customers acquired by {channel}. In month 12, "
        "{month_12} of them buy, and each has brought {revenue_12} since the first "
        "purchase."
    ),
    "channels_cohort_channels_none": (
        "No known channel brought customers, so there is no matrix per channel."
    ),
}
