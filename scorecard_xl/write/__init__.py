"""Writing: the scorecard workbook sheet by sheet, the empty month sheet, safe output and the PDF.

Nothing is imported here, so that `write.output` can be used without loading xlsxwriter.
"""
