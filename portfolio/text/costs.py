"""Labels and sentences of the acquisition and retention cost report."""

from __future__ import annotations

LABELS: dict[str, str] = {
    "cac": "CAC",
    "crc": "CRC",
    "ltv": "Lifetime value (first year)",
    "ltv_to_cac": "LTV:CAC",
    "payback_months": "Payback (months since acquisition)",
}

SENTENCES: dict[str, str] = {
    "cost_margin": (
        "Lifetime value is the net revenue of a customer's first 365 days from "
        "their first purchase, times a gross margin rate of <b>{rate}</b>."
    ),
    "cost_margin_default": (
        "That rate is the default of 100 %, so lifetime value here is revenue, not "
        "margin: set <code>thresholds.gross_margin_rate</code> in the parameter file "
        "to the company's gross margin to compare it with costs."
    ),
    "cost_margin_set": "The rate comes from the parameter file.",
    "cost_no_costs": (
        "No <code>costs</code> table is mapped, so acquisition and retention costs, "
        "CAC, CRC, LTV:CAC and payback cannot be measured. Map the monthly marketing "
        "and sales costs onto the <code>costs</code> table (period, cost type "
        "acquisition or retention, amount, and the channel when known) to measure "
        "them."
    ),
    "cost_no_costs_again": "Without a costs table, CRC cannot be measured either.",
    "cost_no_acquisition": (
        "The costs table has no acquisition cost up to {as_of}, so CAC cannot be "
        "measured. Give acquisition costs the cost type "
        "<code>acquisition</code>."
    ),
    "cost_no_retention": (
        "The costs table has no retention cost up to {as_of}, so CRC cannot be "
        "measured. Give retention costs the cost type <code>retention</code>."
    ),
    "cost_cac": (
        "From {first_month} to {last_month}, acquisition cost {costs} for "
        "{new_customers} new customers: a CAC of <b>{cac}</b>. {cheapest} is the "
        "cheapest channel ({cheapest_cac} per new customer), {dearest} the dearest "
        "({dearest_cac})."
    ),
    "cost_cac_none": (
        "No customer made a first purchase in the months of the acquisition costs, "
        "so CAC has no value."
    ),
    "cost_cac_start": (
        "The order lines start in {first_month}: customers who bought before that "
        "count as new in the first months, which lowers the CAC of those months."
    ),
    "cost_cac_months": (
        "Monthly CAC per channel: a rising line means a channel buys each customer "
        "at a higher price than before."
    ),
    "cost_crc": (
        "Retention cost {costs} over {months} months, in which customers came back "
        "{returning} times: a CRC of <b>{crc}</b> per returning customer and "
        "month."
    ),
    "cost_ltv": (
        "{customers} customers were acquired at least a year before {as_of}. In "
        "their first year each brought {revenue} of net revenue, so a lifetime "
        "value of <b>{ltv}</b>."
    ),
    "cost_ltv_none": (
        "No customer was acquired at least a year before {as_of}, so the first-year "
        "lifetime value cannot be measured yet."
    ),
    "cost_economics": (
        "Over all channels a new customer returns {ratio} times its CAC in its "
        "first year's margin, and pays it back {payback}."
    ),
    "cost_payback_month": "in month {months} after acquisition",
    "cost_payback_first": "in the month of acquisition",
    "cost_payback_never": "not within the months measured",
    "cost_below_one": (
        "At this margin rate, {channels} do not earn back their CAC in the first "
        "year: cut their budget or lower their cost per customer."
    ),
    "cost_all_above_one": (
        "Every channel with costs earns back its CAC within the first year at this "
        "margin rate."
    ),
    "cost_channel_table": (
        "By channel: the CAC, the first-year lifetime value, their ratio and the "
        "payback month. Months since acquisition count from 0, the month of the "
        "first purchase."
    ),
    "cost_size_no_records": (
        "No <code>customers</code> table is mapped, so customers cannot be classed "
        "by company size. Map it with <code>employees</code> or "
        "<code>company_revenue</code> to compare sizes."
    ),
    "cost_size_value": (
        "First-year lifetime value by company size. Customers of the {best} class are "
        "worth the most ({best_ltv} each)."
    ),
    "cost_size_no_costs": (
        "Without a costs table, CAC by company size cannot be measured either."
    ),
    "cost_size_no_cac": (
        "No acquisition cost names a company size in its <code>segment</code>, so "
        "CAC, LTV:CAC and payback by size cannot be measured. Give acquisition "
        "costs a segment such as micro, SME, mid-cap, large or individual to "
        "measure them."
    ),
    "cost_quick_cac": (
        "Quick wins: {channels} win customers at the lowest CAC. Shift budget "
        "towards them first, as long as their LTV:CAC stays high."
    ),
    "cost_quick_none": (
        "No named channel has both costs and new customers, so no channel can be "
        "ranked by CAC."
    ),
    "cost_quick_cycle": (
        "{channels} close won deals fastest (median {days} days for {fastest}): "
        "route new leads from these channels to the reps with free capacity."
    ),
    "cost_quick_cycle_few": (
        "No named channel has {min_deals} won deals with both a creation and a "
        "closing day, so sales cycles are not compared."
    ),
    "cost_no_deals": (
        "No <code>opportunities</code> table is mapped, so the sales cycle by "
        "channel cannot be measured. Map the CRM's deals onto the "
        "<code>opportunities</code> table to add it."
    ),
}
