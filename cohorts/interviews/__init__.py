"""Interview days with bookable slots, and the employer's feedback scored against the need's competencies."""
