"""Labels and sentences of the cross-analysis report."""

from __future__ import annotations

LABELS: dict[str, str] = {
    "segment": "Segment",
    "action": "Action",
    "owner_rep": "Owner rep",
    "cluster": "Group",
    "score": "Score",
    "r_score": "R score (recency)",
    "f_score": "F score (frequency)",
    "m_score": "M score (monetary)",
    "size_rank": "Size class rank",
    "tenure_days": "Tenure in days",
    "main_category": "Main category",
    "value": "Value",
    "expected": "Expected customers",
    "ratio": "Observed / expected",
    "silhouette": "Silhouette score",
    "other_values": "(other values)",
    "probability_alive": "Probability of being active",
    "expected_purchases_90d": "Expected purchase days, next 90 days",
    "criterion": "Criterion",
    "acquisition_channel": "Acquisition channel",
    "satisfaction": "Satisfaction",
}

SENTENCES: dict[str, str] = {
    "segments_rule": (
        "Each customer in the base gets three scores from 1 to 5: recency (R, a "
        "more recent last purchase scores higher), frequency (F, purchase days) and "
        "monetary value (M, net revenue up to {as_of}). A score is 1 plus 5 times "
        "the share of customers with a strictly worse value, rounded down, so "
        "customers with equal values always share a score. The segment comes from "
        "R and from the mean of F and M, rounded down."
    ),
    "segments_custom_map": (
        "The segments come from the segment map of the parameter file "
        "(<code>extra: segment_map</code>), not from the default map."
    ),
    "segments_few_scores": (
        "{scores} take fewer than five values because many customers have the "
        "same value, and equal values never get different scores."
    ),
    "segments_largest": (
        "The {segment} segment brings the most revenue: {customers} customers "
        "({customer_share} of the base) for {revenue} of net revenue "
        "({revenue_share})."
    ),
    "segments_champions": (
        "{customers} customers are champions ({share} of the base): they bought "
        "recently, often and for large amounts. Keep them close, and ask the most "
        "satisfied for a testimonial."
    ),
    "segments_no_base": (
        "No customer has a purchase day up to {as_of}, so there is nothing to segment."
    ),
    "crossing_intro": (
        "The first heatmap counts the customers of each segment by {criterion}, "
        "and the second their net revenue. A cell is over-represented when it has more "
        "customers than expected if segment and {criterion} were independent: the "
        "segment's customers times the column's customers, over all customers."
    ),
    "crossing_over": (
        "Strongest over-representation: {segment} customers with {criterion} "
        "{value}, {customers} customers against {expected} expected ({ratio} "
        "times)."
    ),
    "crossing_under": (
        "Strongest under-representation: {segment} customers with {criterion} "
        "{value}, {customers} customers against {expected} expected ({ratio} "
        "times)."
    ),
    "crossing_none": (
        "No cell with at least {minimum} customers, observed and expected, departs "
        "from independence, so {criterion} does not set the segments apart."
    ),
    "crossing_single": (
        "Every customer has the same {criterion} ({value}), so the crossing shows "
        "nothing."
    ),
    "crossing_missing_size_class": (
        "No customer has a known size, so segments cannot be crossed with company "
        "size. Map <code>employees</code> or <code>company_revenue</code> on the "
        "<code>customers</code> table in the parameter file."
    ),
    "crossing_missing_acquisition_channel": (
        "No customer has a known acquisition channel, so segments cannot be "
        "crossed with channels. Map <code>acquisition_channel</code> on "
        "<code>customers</code>, the <code>leads</code> table, or "
        "<code>channel</code> on <code>orders</code> in the parameter file."
    ),
    "crossing_missing_sales_rep": (
        "No customer has a known sales rep, so segments cannot be crossed with "
        "reps. Map <code>sales_rep</code> on <code>orders</code> or on "
        "<code>customers</code> in the parameter file."
    ),
    "crossing_missing_main_category": (
        "No order line names a product category, so segments cannot be crossed "
        "with categories. Map <code>product_category</code> on <code>orders</code> "
        "in the parameter file."
    ),
    "crossing_action": (
        "Where champions or loyal customers are over-represented, the criterion "
        "shows where the best customers come from: put more effort there. Where "
        "at-risk, hibernating or lost customers are over-represented, follow-up "
        "fails: ask the owners of those customers why."
    ),
    "typology_rule": (
        "K-means groups the customers on six standardised features: the R, F and M "
        "scores, the size class as a rank, the categories bought and the tenure "
        "in days. {k} groups give the best silhouette score ({silhouette}) among "
        "{low} to {high} groups; the score runs from -1 to 1, and higher means "
        "better separated groups."
    ),
    "typology_cluster": "Group {cluster} ({customers} customers, {share}): {features}.",
    "typology_cluster_plain": (
        "Group {cluster} ({customers} customers, {share}) is close to the average "
        "on every feature."
    ),
    "typology_feature_high": "{feature} above the average ({z} standard deviations)",
    "typology_feature_low": "{feature} below the average ({z} standard deviations)",
    "typology_table": (
        "The table gives each group's mean values. Give each group its own "
        "approach: <code>exports/actions.csv</code> names each customer's group."
    ),
    "typology_too_few": (
        "{customers} customers are too few for a typology (at least {minimum} are "
        "needed), so this part is skipped."
    ),
    "typology_no_variation": (
        "The customers do not differ on any feature, or too few of them differ, so "
        "they form no groups."
    ),
    "actions_rule": (
        "Each customer gets the action of their segment ({mapping}). Frequent "
        "buyers (F score of {min_f_score} or more) whose satisfaction is at least "
        "{threshold}, the top quarter of the known scores, are asked for a "
        "testimonial instead."
    ),
    "actions_no_satisfaction": (
        "No customer record has a satisfaction score, so no customer is chosen for "
        "a testimonial. Map <code>satisfaction</code> on the <code>customers</code> "
        "table in the parameter file."
    ),
    "actions_counts": (
        "{reactivate} customers to reactivate, {up_sell} to up-sell, {cross_sell} "
        "to cross-sell, {retain} to retain and {testimonial} to ask for a "
        "testimonial."
    ),
    "actions_export": (
        "<code>exports/actions.csv</code> lists the {customers} customers with "
        "their segment, group, action and owner rep, ready to import into the CRM. "
        "Start with the customers to reactivate who brought the most revenue, "
        "listed below."
    ),
    "actions_no_rep": (
        "{customers} of them have no owner rep: give each an account owner before "
        "the campaign."
    ),
    "actions_none_to_reactivate": "No customer needs reactivating.",
    "lifetime_model_intro": (
        "The BG/NBD model estimates, from each customer's repeat purchase days, the "
        "probability that the customer still buys and the purchase days to expect "
        "over the next 90 days. These are model estimates, in the definitions of "
        "the customer-lifetime literature, and not the business figures above. "
        "RFM segments rank customers within this unit, so a customer named lost or "
        "hibernating here may still buy regularly when the whole unit buys often."
    ),
    "lifetime_model_fit": (
        "Fitted on {customers} customers: on average, {alive} of them are still "
        "active, and together they should buy on {purchases} purchase days over the "
        "next 90 days. "
        "The table compares the segments: a segment with a low probability of "
        "being active needs reactivating first."
    ),
    "lifetime_model_not_converged": (
        "The BG/NBD fit did not converge on this history, so its estimates are not "
        "shown."
    ),
    "lifetime_model_skipped": (
        "The BG/NBD model cannot be fitted on this history: it needs at least "
        "{minimum} customers who bought on more than one day. The segments above still "
        "apply."
    ),
}
