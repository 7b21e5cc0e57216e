"""Hardening: headers, throttling, passwords, sessions, re-authentication, privacy, locking, faults."""
