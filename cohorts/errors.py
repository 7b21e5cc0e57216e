"""The one error cohort services raise when a request breaks a rule."""


class CohortRuleError(ValueError):
    """A request that breaks a cohort rule; the message is shown to the person as is."""
