"""The XLSX format: the workbook layout, a guarded reader and the writer."""
