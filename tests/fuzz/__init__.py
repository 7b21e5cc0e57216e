"""Property-based fuzzing of every POST form and the workbook importer."""
