"""Cells → observations checked at their cells, then settled over every input: percent scales, duplicates merged."""
