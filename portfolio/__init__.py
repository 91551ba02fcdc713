"""Customer portfolio analysis and monthly HTML reports."""
