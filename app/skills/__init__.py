"""The skills vocabulary (ESCO): lookup, search and import."""
