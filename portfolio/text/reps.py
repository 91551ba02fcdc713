"""Labels and sentences of the sales rep report."""

from __future__ import annotations

LABELS: dict[str, str] = {
    "sales_rep": "Sales rep",
    "rep_source": "Rep taken from",
    "categories_per_customer": "Categories per customer",
    "revenue_last_12m": "Revenue, last 12 months",
    "revenue_previous_12m": "Revenue, previous 12 months",
    "revenue_change": "Change over 12 months",
    "won_deals": "Won deals",
    "lost_deals": "Lost deals",
    "open_deals": "Open deals",
    "closed_deals": "Closed deals",
    "won_value": "Won value",
    "average_won_value": "Average won value",
    "team_win_rate": "Team win rate",
    "team_median": "Team median",
    "versus_median": "Against the median",
    "standing": "Standing",
    "dimension": "Strength by",
    "strength": "Strength",
    "categories": "Categories bought",
    "class_median_categories": "Median of the size class",
}

SENTENCES: dict[str, str] = {
    "reps_rule": (
        "The rep who handles a customer is the account owner of the customer "
        "record, else the rep named on the customer's most recent order line, else "
        "(unknown). {owner} customers have an account owner, {last_order} take the "
        "rep of their most recent order and {unknown} have no rep. Each rep's "
        "figures cover the whole history of the customers they handle now."
    ),
    "reps_not_mapped": (
        "No order line and no customer record names a sales rep, so each rep's "
        "portfolio cannot be measured. Map <code>sales_rep</code> on "
        "<code>orders</code> (the rep credited with each line) or on "
        "<code>customers</code> (the account owner) in the parameter file."
    ),
    "reps_no_portfolio": (
        "No customer has a named rep, so there is no portfolio to show."
    ),
    "reps_portfolio": (
        "{reps} named reps handle {customers} customers. {top} has the largest "
        "portfolio by revenue: {top_customers} customers and {top_revenue} of net "
        "revenue ({top_share} of the unit's revenue)."
    ),
    "reps_windows": (
        "The last 12 months run from {last_start} to {as_of} and the previous 12 "
        "months from {previous_start} to {previous_end}. New customers made their "
        "first purchase in the last 12 months."
    ),
    "reps_change": (
        "Over the team, the revenue of the customers each rep handles changed by "
        "{change} from the previous 12 months: {growing} reps grew it and "
        "{shrinking} saw it shrink."
    ),
    "reps_no_change": (
        "The customers had no revenue in the previous 12 months, so the change "
        "over 12 months is unknown."
    ),
    "reps_cold": (
        "{rep} has the largest share of cold customers ({share}): their cold "
        "customers are in <code>exports/reactivation.csv</code> of the recency "
        "report, with the account owner when the customer record names one. Ask "
        "the reps with the highest cold share to call the top of that list first."
    ),
    "reps_unknown": (
        "{customers} customers ({revenue} of net revenue) have no rep. Give each of "
        "them an account owner in the CRM, so that someone follows them up."
    ),
    "reps_no_deals_strengths": (
        "Strengths come from won and lost deals: map the <code>opportunities</code> "
        "table to find them."
    ),
    "reps_no_deals": (
        "No opportunities table is mapped, so won and lost deals, the win rate and "
        "the sales cycle are unknown. Map the CRM's deal export onto the "
        "<code>opportunities</code> table in the parameter file to measure them."
    ),
    "reps_deals": (
        "Up to {as_of}, the team won {won} deals worth {value} and lost {lost}: a "
        "win rate of {rate}, won deals over won and lost deals. The {open} deals "
        "still open are left out of it."
    ),
    "reps_cycle": (
        "Half of the won deals closed within {cycle} days of their creation, and a "
        "won deal is worth {average} on average."
    ),
    "reps_top": "{rep} won the most value.",
    "reps_no_closed_deals": (
        "No deal was won or lost up to {as_of}, and {open} deals are still open: "
        "the win rate and the sales cycle are unknown until deals close."
    ),
    "reps_win_rates": (
        "Each bar is a rep's win rate and the dashed line is the team's ({rate}). "
        "Green bars beat the team: look at how those reps qualify their deals."
    ),
    "reps_metric_won_value": (
        "Reps are ranked on the value of the deals they won up to {as_of}."
    ),
    "reps_metric_no_deals": (
        "Reps are ranked on the net revenue of the customers they handle, because "
        "no opportunities table is mapped."
    ),
    "reps_metric_no_won": (
        "Reps are ranked on the net revenue of the customers they handle, because "
        "no deal was won up to {as_of}."
    ),
    "reps_quartiles": (
        "The team median is {median}. Champions are the reps at or above the third "
        "quartile of the team ({third}), training needs the reps at or below the "
        "first quartile ({first}). Green bars are champions, red bars training "
        "needs and the dashed line is the median."
    ),
    "reps_champions": (
        "Champions: {names}. Ask them to share how they work, for example by "
        "taking a rep who needs training along to their next customer meetings."
    ),
    "reps_training": (
        "Training needs: {names}. Review their open deals and cold customers with "
        "them and plan coaching with a champion."
    ),
    "reps_no_quartiles": (
        "All named reps are level on this measure, so nobody stands out as a "
        "champion or a training need."
    ),
    "reps_too_few": (
        "With {reps} named reps the team is too small to split into quartiles "
        "(at least {minimum} are needed): compare each rep with the team median "
        "({median}) instead."
    ),
    "reps_none_named": (
        "No named rep can be ranked: map <code>sales_rep</code> on orders, "
        "customers or opportunities."
    ),
    "reps_strengths": (
        "A strength is a company size class, sector or product where a rep won "
        "more often than the team, on at least {min_deals} closed deals. {count} "
        "strengths were found for {reps} reps: send them the new deals of that "
        "kind."
    ),
    "reps_strengths_shown": (
        "The table shows each rep's {shown} largest leads over the team's win rate."
    ),
    "reps_no_strengths": (
        "No rep beats the team's win rate on at least {min_deals} closed deals of "
        "one size class, sector or product. More closed deals, or a lower "
        "<code>thresholds.min_deals</code> in the parameter file, may show some, "
        "but a win rate on few deals is less reliable."
    ),
    "reps_strengths_no_customers": (
        "No customers table is mapped, so strengths can only be products. Map the "
        "<code>customers</code> table with sector, employees and company revenue to "
        "find strengths by size class and sector."
    ),
    "reps_cross_sell": (
        "{customers} customers buy fewer product categories than the median "
        "customer of their company size class. "
        "<code>exports/cross_sell_by_rep.csv</code> lists them by rep, highest "
        "revenue first, and {top} has the most of them ({top_count}). Each rep "
        "should offer them the categories that companies of their size usually "
        "buy."
    ),
    "reps_cross_sell_shown": (
        "The table shows each rep's {shown} customers with the highest revenue."
    ),
    "reps_cross_sell_no_reps": (
        "{customers} customers buy fewer product categories than the median "
        "customer of their company size class. "
        "<code>exports/cross_sell_by_rep.csv</code> lists them, highest revenue "
        "first, but no rep handles them: give them account owners, or map "
        "<code>sales_rep</code>, so that someone offers them more categories."
    ),
    "reps_no_cross_sell": (
        "Every customer with a product category buys at least as many categories "
        "as the median customer of their size class, so "
        "<code>exports/cross_sell_by_rep.csv</code> is empty."
    ),
    "reps_no_sizes": (
        "No customers table is mapped, so every company size is unknown and each "
        "customer is compared with the whole customer base. Map the "
        "<code>customers</code> table with employees and company revenue to compare "
        "each customer with companies of their size."
    ),
    "reps_no_categories": (
        "No order line has a product category, so categories per customer and the "
        "cross-sell list are unknown. Map <code>product_category</code> on orders, "
        "or a <code>products</code> table with categories."
    ),
}
