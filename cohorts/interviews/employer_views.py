"""The employer portal's handlers of the interview-day pages: the same pages, scoped to the contact's employer."""

from __future__ import annotations

from app.access import current_employer_id
from cohorts.interviews import organiser_pages as pages


def interview_days():
    return pages.list_page(current_employer_id())


def new_interview_day():
    employer_id = current_employer_id()
    return pages.create_day(pages.new_day_form(employer_id), employer_id)


def interview_day(day_id: int):
    return pages.show_day(pages.load_day(day_id, current_employer_id()))


def edit_interview_day(day_id: int):
    return pages.edit_day(pages.load_day(day_id, current_employer_id()))


def cancel_interview_day(day_id: int):
    return pages.cancel_day(pages.load_day(day_id, current_employer_id()))


def record_interview_attendance(day_id: int):
    return pages.record_register(pages.load_day(day_id, current_employer_id()))


def assign_interview_slot(day_id: int):
    return pages.assign_slot(pages.load_day(day_id, current_employer_id()))


def free_interview_slot(day_id: int, slot_id: int):
    return pages.free_slot(pages.load_day(day_id, current_employer_id()), slot_id)
