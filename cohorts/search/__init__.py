"""One search box for staff over participants, employers, hiring needs and cohorts (docs/SEARCH.md)."""
