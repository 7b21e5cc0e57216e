"""In-work support: check-ins after a placement, the risk flags they raise, the coach's triage list.

See docs/IN_WORK_SUPPORT.md and docs/RISK_FLAGS.md.
"""
