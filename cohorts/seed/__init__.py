"""Demo and national-scale data generators (flask seed-demo, flask seed-scale)."""
