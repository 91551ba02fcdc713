"""Labels and sentences of the data inventory, frequency and recency reports."""

from __future__ import annotations

LABELS: dict[str, str] = {
    "customers": "Customers",
    "revenue": "Net revenue",
    "revenue_share": "Share of revenue",
    "customer_share": "Share of customers",
    "frequency_class": "Frequency class",
    "gap_days": "Days between purchases",
    "gaps": "Gaps",
    "recency_days": "Days since last purchase",
    "completeness": "Completeness",
    "kind": "Kind of information",
    "column": "Field",
    "collected": "In the exports",
    "table": "Table",
    "field": "Field",
    "filled": "Filled",
    "rows": "Rows",
    "reason": "Reason",
    "customer_id": "Customer",
    "purchase_days": "Purchase days",
    "median_gap_days": "Median gap (days)",
    "last_purchase": "Last purchase",
    "fields": "Fields",
}

SENTENCES: dict[str, str] = {
    "synthetic": "{notice}",
    "scope": (
        "Business unit <b>{unit}</b>, order lines up to and including {as_of}. "
        "Net revenue is {revenue}, returns deducted, from {customers} customers."
    ),
    "rows": (
        "{rows_read} order lines were read for this unit: {rows_accepted} accepted "
        "and {rows_rejected} rejected. {after} accepted lines are dated after "
        "{as_of} and are left out of every figure."
    ),
    "no_rejections": "No order line of this unit was rejected.",
    "rejections": (
        "The table lists the rejected rows by reason. Each one is in "
        "<code>rejected_rows.csv</code> in the run folder with its file, line and "
        "original values: correct them at the source so that the next export loads "
        "whole."
    ),
    "unattributed": (
        "{lines} order lines ({revenue}, {share} of revenue) carry no customer id. "
        "They count in revenue and product totals but in no customer figure."
    ),
    "kinds": (
        "Completeness of the fields the exports hold: purchase behaviour {purchase}, "
        "identification {identification}, socio-demographic data {socio}, actions "
        "and relationship {relation}. A dash means that no field of that kind is in "
        "the exports."
    ),
    "not_collected": (
        "{count} fields are in no export: {fields}. Add them to the exports, or map "
        "them in the parameter file if they are already there, to measure them."
    ),
    "collect": (
        "Fields to complete next, emptiest first: {fields}. Ask the teams who enter "
        "them to fill them at the source, for example in the CRM when the sales team "
        "next talks to each customer."
    ),
    "collect_none": "Every field is at least {threshold} complete.",
    "no_customers_table": (
        "No customers table is mapped, so identity, company and relationship fields "
        "are unknown. Map the CRM export onto the <code>customers</code> table in the "
        "parameter file to measure them."
    ),
    "frequency": (
        "{recurring} of {customers} customers ({share}) buy at least quarterly and "
        "bring {recurring_revenue} ({recurring_revenue_share} of revenue). "
        "{one_time} customers ({one_time_share}) bought on one day only."
    ),
    "frequency_rule": (
        "A customer's class comes from the median number of days between their "
        "consecutive purchase days: monthly up to {monthly} days, quarterly up to "
        "{quarterly}, half-yearly up to {half_yearly}, yearly up to {yearly}, "
        "occasional above; a single purchase day makes a one-time buyer."
    ),
    "frequency_action": (
        "Repeat buyers came back a median {days} days after their first purchase "
        "({repeat} customers). Give one-time buyers a reason for a second order "
        "within that time, for example an offer sent {days} days after their first."
    ),
    "few_repeat": (
        "Only {repeat} customers bought on a second day, too few to time a "
        "second-order offer reliably."
    ),
    "gaps": (
        "Each bar counts the gaps between two consecutive purchase days of one "
        "customer, by range of days; the median gap is {median_gap} days."
    ),
    "small_sample": (
        "This unit has only {customers} customers in its base: read shares and "
        "medians with care."
    ),
    "recurring": (
        "The active recurring customers below (monthly and quarterly buyers who are "
        "not cold) bring the most revenue: keep their account managers close and "
        "watch any lengthening gap."
    ),
    "recency": (
        "Half of the customers bought in the last {median} days. {cold} customers "
        "({share}) have not bought for more than {days} days: they are cold."
    ),
    "cold_revenue": (
        "Cold customers brought {revenue} over their lifetime ({share} of the "
        "revenue of the customer base). The file <code>exports/reactivation.csv</code> "
        "lists them by lifetime revenue: call the top of the list first."
    ),
    "no_cold": "No customer is cold: every customer bought in the last {days} days.",
    "empty": "This business unit has no order line up to {as_of}.",
}
