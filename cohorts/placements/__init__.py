"""Placement: matching, candidacies, introductions, placements and retention checks."""
