"""The JSON API /api/v1 (flask-smorest): every capability through the same services and object-level rules as the web."""
