"""Participants' documents: CV versions shared on introduction, signed enrolment papers (docs/DOCUMENTS.md)."""
