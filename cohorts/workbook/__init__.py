"""The programme workbook: spreadsheet import and export (spec/workbook.md)."""
