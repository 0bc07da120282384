"""A sheet's grid → its recognised shape (month sheet, long, wide, tidy open data) and the rows it holds."""
