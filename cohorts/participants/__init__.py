"""Participants: intake, admissions and enrolments, caseload, case notes, public application."""
