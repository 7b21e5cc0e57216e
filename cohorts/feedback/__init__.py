"""Participants rate the sessions they attended; the designer reads the ratings per module and employer."""
