"""Anonymised open data (spec/open-data.md): the package of demand and supply, built and validated with frictionless."""
