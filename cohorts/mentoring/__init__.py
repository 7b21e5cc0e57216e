"""Mentoring: placed alumni, employer volunteers and staff as mentors; pairing with reasons; conversations."""
