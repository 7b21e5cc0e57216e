"""Delivering a cohort: sessions, scheduling, attendance, assessments, calendar feeds, nudges."""
