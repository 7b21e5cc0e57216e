"""The one error cohort services raise when a request breaks a rule."""

from app.errors import RuleError


class CohortRuleError(RuleError):
    """A request that breaks a cohort rule (design, delivery, admissions, placement, privacy)."""
