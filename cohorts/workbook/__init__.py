"""The programme workbook: spreadsheet import and export (docs/WORKBOOK.md)."""
