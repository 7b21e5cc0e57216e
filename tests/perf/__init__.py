"""Scale generator and benchmark support (no timing assertions)."""
