"""Analysis functions, one module per business question.

Each function takes canonical tables (Ibis tables, or pandas DataFrames that it
wraps) and keyword options, and returns a small pandas DataFrame, a dict or a number.
"""

from ..model import FREQUENCY_CLASSES
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
    quartile_standing,
    ranking_metric,
    ranking_summary,
    rep_leaderboard,
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
from .recency import cold_summary, reactivation_list, recency_distribution
from .reps import (
    cross_sell_by_rep,
    cross_sell_leader,
    customer_categories,
    customer_reps,
    portfolio_highlights,
    rep_portfolio,
    rep_source_counts,
    reps_known,
    year_windows,
)
from .size import (
    size_cac,
    size_classes,
    size_data_gaps,
    size_deals,
    size_frequency_mix,
    size_summary,
    with_size_class,
)

__all__ = [
    "FREQUENCY_CLASSES",
    "NO_PURCHASE",
    "cold_summary",
    "cross_sell_by_rep",
    "cross_sell_leader",
    "customer_categories",
    "customer_reps",
    "customer_table",
    "deal_strengths",
    "deal_summary",
    "deals_as_of",
    "deals_by_rep",
    "field_completeness",
    "fields_not_collected",
    "fields_to_collect",
    "frequency_mix",
    "gap_distribution",
    "kind_completeness",
    "median_gap",
    "portfolio_highlights",
    "purchase_days",
    "quartile_standing",
    "ranking_metric",
    "ranking_summary",
    "reactivation_list",
    "recency_distribution",
    "recurring_customers",
    "rejected_by_reason",
    "rep_leaderboard",
    "rep_portfolio",
    "rep_source_counts",
    "reps_known",
    "second_purchase_delay",
    "revenue_total",
    "row_counts",
    "size_cac",
    "size_classes",
    "size_data_gaps",
    "size_deals",
    "size_frequency_mix",
    "size_summary",
    "top_sales_rep",
    "unattributed",
    "with_size_class",
    "year_windows",
]
