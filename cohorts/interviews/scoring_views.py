"""The employer's scored feedback after an interview, and what the candidate is shown of it."""
