"""PDF reports (cohort, programme, participant record): rendering, downloads, CLI."""
