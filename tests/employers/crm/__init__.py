"""Tests of the employer CRM (employers/crm)."""
