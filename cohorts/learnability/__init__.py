"""Learnability (spec/learnability.md): how much a participant learns per hour of training they attended."""
