"""Staff's handlers of the interview-day pages: every employer's days (organiser_pages.py draws them)."""

from __future__ import annotations

from flask import request

from cohorts.interviews import organiser_pages as pages


def interview_days():
    return pages.list_page(request.args.get("employer_id", type=int), request.args.get("cohort_id", type=int), staff=True)


def new_interview_day():
    return pages.create_day(pages.new_day_form(None), None)


def interview_day(day_id: int):
    return pages.show_day(pages.load_day(day_id))


def edit_interview_day(day_id: int):
    return pages.edit_day(pages.load_day(day_id))


def cancel_interview_day(day_id: int):
    return pages.cancel_day(pages.load_day(day_id))


def record_interview_attendance(day_id: int):
    return pages.record_register(pages.load_day(day_id))


def assign_interview_slot(day_id: int):
    return pages.assign_slot(pages.load_day(day_id))


def free_interview_slot(day_id: int, slot_id: int):
    return pages.free_slot(pages.load_day(day_id), slot_id)
