"""Analysis functions, one module per business question.

Each function takes canonical tables (Ibis tables, or pandas DataFrames that it
wraps) and keyword options, and returns a small pandas DataFrame, a dict or a number.
"""

from ..model import FREQUENCY_CLASSES
from .channels import (
    CHANNEL_SOURCES,
    acquisition_channels,
    channel_sources,
    channel_summary,
    lead_conversion,
    new_customers_by_month,
    ranked_channels,
    recent_new_customers,
    revenue_by_line_channel,
)
from .cohorts import (
    ALL,
    cohort_curve,
    cohort_matrix,
    first_year_value,
    payback_months,
)
from .costs import (
    cac_by_channel,
    cac_by_month,
    cac_overall,
    crc_by_month,
    crc_overall,
    quick_wins,
    sales_cycle_by_channel,
    unit_economics,
)
from .cross_sell import PAIR_COLUMNS, CrossSell, cross_sell_pairs
from .customers import (
    NO_PURCHASE,
    customer_table,
    purchase_days,
    revenue_total,
    unattributed,
)
from .deals import (
    deal_strengths,
    deal_summary,
    deals_as_of,
    deals_by_rep,
    top_sales_rep,
)
from .frequency import (
    frequency_mix,
    gap_distribution,
    median_gap,
    recurring_customers,
    second_purchase_delay,
)
from .inventory import (
    field_completeness,
    fields_not_collected,
    fields_to_collect,
    kind_completeness,
    rejected_by_reason,
    row_counts,
)
from .lifetime import lifetime_summary
from .product_trends import biggest_changes, comparison_periods, period_change
from .products import (
    abc_classes,
    abc_summary,
    product_fields,
    product_key,
    product_labels,
    product_summary,
    rare_products,
    revenue_by_size_class,
)
from .ranking import (
    quartile_standing,
    ranking_metric,
    ranking_summary,
    rep_leaderboard,
)
from .recency import cold_summary, reactivation_list, recency_distribution
from .rep_cross_sell import cross_sell_by_rep, cross_sell_leader
from .reps import (
    customer_categories,
    customer_reps,
    portfolio_highlights,
    rep_portfolio,
    rep_source_counts,
    reps_known,
    year_windows,
)
from .rfm import (
    ACTIONS,
    DEFAULT_SEGMENT_MAP,
    OTHER_SEGMENT,
    rfm_scores,
    score_counts,
    segment_map,
    with_segments,
)
from .size import (
    size_classes,
    size_frequency_mix,
    size_summary,
    with_size_class,
)
from .size_deals import size_cac, size_data_gaps, size_deals

__all__ = [
    "abc_classes",
    "abc_summary",
    "acquisition_channels",
    "ACTIONS",
    "ALL",
    "biggest_changes",
    "cac_by_channel",
    "cac_by_month",
    "cac_overall",
    "CHANNEL_SOURCES",
    "channel_sources",
    "channel_summary",
    "cohort_curve",
    "cohort_matrix",
    "cold_summary",
    "comparison_periods",
    "crc_by_month",
    "crc_overall",
    "cross_sell_by_rep",
    "cross_sell_leader",
    "cross_sell_pairs",
    "CrossSell",
    "customer_categories",
    "customer_reps",
    "customer_table",
    "deal_strengths",
    "deal_summary",
    "deals_as_of",
    "deals_by_rep",
    "DEFAULT_SEGMENT_MAP",
    "field_completeness",
    "fields_not_collected",
    "fields_to_collect",
    "first_year_value",
    "FREQUENCY_CLASSES",
    "frequency_mix",
    "gap_distribution",
    "kind_completeness",
    "lead_conversion",
    "lifetime_summary",
    "median_gap",
    "new_customers_by_month",
    "NO_PURCHASE",
    "OTHER_SEGMENT",
    "PAIR_COLUMNS",
    "payback_months",
    "period_change",
    "portfolio_highlights",
    "product_fields",
    "product_key",
    "product_labels",
    "product_summary",
    "purchase_days",
    "quartile_standing",
    "quick_wins",
    "ranked_channels",
    "ranking_metric",
    "ranking_summary",
    "rare_products",
    "reactivation_list",
    "recency_distribution",
    "recent_new_customers",
    "recurring_customers",
    "rejected_by_reason",
    "rep_leaderboard",
    "rep_portfolio",
    "rep_source_counts",
    "reps_known",
    "revenue_by_line_channel",
    "revenue_by_size_class",
    "revenue_total",
    "rfm_scores",
    "row_counts",
    "sales_cycle_by_channel",
    "score_counts",
    "second_purchase_delay",
    "segment_map",
    "size_cac",
    "size_classes",
    "size_data_gaps",
    "size_deals",
    "size_frequency_mix",
    "size_summary",
    "top_sales_rep",
    "unattributed",
    "unit_economics",
    "with_segments",
    "with_size_class",
    "year_windows",
]
