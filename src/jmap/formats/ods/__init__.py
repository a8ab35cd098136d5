"""The OpenDocument spreadsheet formats (``.ods`` and flat ``.fods``): the jmap workbook layout, read and written."""
