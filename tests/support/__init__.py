"""Helpers the tests share; nothing here is a test.

- `workbooks`: extracts generated in code: the one workbook writer (`write_workbook`, `month_workbook`, cell
  wrappers `Pct`, `Fmt`, `Formula`, `Text`) and the one `long_csv`.
- `zips`: hand-written workbook parts and hostile zips (bombs, lying headers, OLE files).
- `shapes`: the bundled sample's figures written again in every extract shape of SPEC §3.1.
- `readback`: a built Appendix 1 read back with openpyxl (`read_appendix`, `sheet_cells`, `about_rows`).
- `cli`: the command line run in process (`run_cli`), file hashes and folder snapshots.
- `fuzz_*`: the cases of `tests/fuzz.py` (a fuzz run by hand): `fuzz_cases` numbers them; `fuzz_zip`,
  `fuzz_xml`, `fuzz_rewrite` and `fuzz_csv` make them; `fuzz_check` builds one and compares what it shows.

Cell references and month names come from the package (`scorecard_xl.read.grid.cell_ref`,
`scorecard_xl.model.MONTH_ABBR`, `Month.label`, `Month.iso`), so the tests do not carry copies of them.
"""
