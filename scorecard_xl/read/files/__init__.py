"""Files → grids: a workbook's zip and parts checked, each sheet part scanned, values read; a CSV's text bounded."""
