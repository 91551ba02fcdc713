"""Labels and sentences of the executive summary and the analysts' annotations."""

from __future__ import annotations

LABELS: dict[str, str] = {
    "summary_unknown_author": "an analyst",
    "summary_figure": "Figure",
    "summary_value": "Value",
    "summary_previous": "Previous report",
    "summary_current": "This report",
    "summary_change": "Change",
    "summary_customers": "Customers",
    "summary_revenue": "Revenue",
    "summary_unattributed_share": "Revenue without a customer, share",
    "summary_median_gap_days": "Median gap between purchases (days)",
    "summary_median_recency_days": "Median recency (days)",
    "summary_cold_share": "Cold customers, share",
    "summary_cold_revenue": "Revenue of cold customers",
    "summary_cross_sell_pairs": "Product pairs often bought together",
    "summary_cac": "Acquisition cost per customer",
    "summary_ltv": "First-year value per customer (times the gross margin rate)",
    "summary_win_rate": "Win rate",
    "summary_won_value": "Won value",
    "summary_median_sales_cycle_days": "Median sales cycle (days)",
    "summary_top_sales_rep": "Top sales rep",
}

SENTENCES: dict[str, str] = {
    "summary_annotation_byline": "Analyst note by {author}, {date}",
    "summary_scope": (
        "Executive summary of <b>{unit}</b> on {as_of}: the headline figures of "
        "every report, what changed since the previous report, the findings that "
        "matter most and the analysts' notes."
    ),
    "summary_no_figures": (
        "No report of this business unit recorded figures, so there is nothing to "
        "summarise. Check the status of the other reports in the index."
    ),
    "summary_changes": (
        "Changes against the previous report, as of {previous_as_of}. A positive "
        "change means the figure went up."
    ),
    "summary_no_previous": (
        "There is no earlier report of this parameter file in the reports folder, "
        "so no change can be shown yet. Next month's report will compare with this "
        "one."
    ),
    "summary_no_findings": (
        "The figures of this run support no finding yet: run the reports on sizes, "
        "recency, products, channels and sales reps to get them."
    ),
    "summary_findings_intro": (
        "The findings below matter most for the sales team this month; the report "
        "on each subject has the details."
    ),
    "summary_no_annotations": (
        "No analyst wrote notes for this business unit. Notes go in "
        "annotations/&lt;params stem&gt;/&lt;as_of&gt;/&lt;business unit&gt;.md "
        "next to the parameter file."
    ),
    "summary_annotation_of": "Notes on the report {notebook}:",
    "summary_notes_above": (
        "The general notes of the analysts are at the top of this page; no note "
        "was written on a single report."
    ),
    "finding_cold": (
        "{share} of customers ({customers}) have not bought for more than "
        "{days} days; they brought {revenue} of revenue. Call the largest of them "
        "this month."
    ),
    "finding_size_concentration": (
        "Customers of size class {size} are {customer_share} of customers but bring "
        "{revenue_share} of revenue ({revenue}): give them a named account owner."
    ),
    "finding_cac_spread": (
        "Acquiring a customer costs {lowest_cost} through {lowest}, against "
        "{highest_cost} through {highest}: shift budget towards {lowest}."
    ),
    "finding_win_rate_spread": (
        "The win rate ranges from {highest_rate} with {highest} customers to "
        "{lowest_rate} with {lowest} customers: review the offers lost with "
        "{lowest} customers."
    ),
    "finding_top_product": (
        "{product} is the best-selling product with {revenue}, {share} of revenue: "
        "offer it to the customers who have not bought it."
    ),
    "finding_top_product_revenue": (
        "{product} is the best-selling product with {revenue}: offer it to the "
        "customers who have not bought it."
    ),
    "finding_top_rep": (
        "{rep} is the top sales rep; the team won {won_value} with a win rate of "
        "{win_rate}: ask {rep} to share what works."
    ),
    "finding_unattributed": (
        "{share} of revenue ({revenue}) names no customer: map the customer column "
        "of those order lines so that they count in every report."
    ),
}
