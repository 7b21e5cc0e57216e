"""Referral partners: who sends people to the programme, and how those people fare."""
