"""Designing cohorts from demand: programmes, cohorts, curriculum, coverage, the consortium."""
