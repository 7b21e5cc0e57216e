"""Employer CRM: activities logged with an employer, follow-ups with an owner, relationship managers.

employers/crm/urls.py lists its routes; employers/urls.py calls it. docs/EMPLOYER_CRM.md explains it.
"""
