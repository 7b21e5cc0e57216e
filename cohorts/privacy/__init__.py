"""Privacy: erasure, retention enforcement, subject access, and their CLI."""
