"""Coach matching by likelihood of success: features, training, suggestions, the fairness report.

See docs/COACH_MATCHING.md.
"""
