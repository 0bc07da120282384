"""The catalogue of problem codes: each code once, with its severity and what it means in one line."""

from __future__ import annotations

import enum


class Severity(enum.Enum):
    """An error stops the build; a warning is reported and the build goes on (unless `--strict`)."""

    ERROR = "error"
    WARNING = "warning"


_E = Severity.ERROR
_W = Severity.WARNING


class Code(enum.Enum):
    """Every code a `Problem` may carry; its value is the code string, and it knows its severity and meaning.

    Promises: `catalogued("empty-file")` finds a member by its code string (None for a code not in the catalogue);
    README's table of errors and warnings lists exactly these codes (tests/test_codes.py).
    """

    severity: Severity
    description: str

    def __new__(cls, code: str, severity: Severity, description: str) -> Code:
        member = object.__new__(cls)
        member._value_ = code
        member.severity = severity
        member.description = description
        return member

    # files: what the file is, its zip and parts, its size
    EMPTY_FILE = ("empty-file", _E, "the file is empty (0 bytes)")
    OLE_FILE = ("ole-file", _E, "a password-protected workbook or an old .xls file, which cannot be read")
    XLS = ("xls", _E, "an old .xls workbook, which is not read")
    ODS = ("ods", _E, "an OpenDocument spreadsheet (.ods), which is not read")
    UNSUPPORTED = ("unsupported", _E, "a file whose extension is none of .xlsx, .xlsm or .csv")
    NOT_A_WORKBOOK = ("not-a-workbook", _E, "a file named .xlsx or .xlsm that is not a workbook (text, another zip…)")
    NOT_CSV = ("not-csv", _E, "a file named .csv that is a zip or a workbook")
    UNREADABLE = ("unreadable", _E, "the file or one of its parts cannot be read")
    CORRUPT = ("corrupt", _E, "the workbook is damaged: a part missing, twice or malformed")
    ENCRYPTED = ("encrypted", _E, "the workbook is password-protected")
    XML_ENTITIES = ("xml-entities", _E, "a workbook part declares XML entities or a DTD, which are refused")
    TOO_LARGE = ("too-large", _E, "the file, a part or its inflated size is past the bound for an extract")
    TOO_MANY_ROWS = ("too-many-rows", _E, "a sheet or CSV has more rows than an extract may")
    TOO_MANY_COLUMNS = ("too-many-columns", _E, "a sheet has more columns than an extract may")
    TOO_MANY_CELLS = ("too-many-cells", _E, "a sheet or CSV has more cells than an extract may")
    DUPLICATE_SHEET_NAMES = ("duplicate-sheet-names", _E, "two sheets of the workbook have the same name")
    BAD_DATE = ("bad-date", _E, "a cell under a date or time format holds no date Excel can show")
    BAD_ENCODING = ("bad-encoding", _E, "the CSV's text is in no encoding that can be recognised")
    BAD_CSV = (
        "bad-csv",
        _E,
        "the CSV cannot be read as CSV, or a row has another number of fields than its other rows (a line break "
        "inside a field)",
    )
    INPUT_OPEN_IN_EXCEL = ("input-open-in-excel", _W, "the workbook is open in Excel; edits not yet saved are left out")
    SCORECARD_SKIPPED = ("scorecard-skipped", _W, "a scorecard built by scorecard-xl, skipped rather than read")
    STALE_FORMULAS = ("stale-formulas", _W, "formulas read by saved results that the workbook asks to recalculate")
    EXTERNAL_LINKS = ("external-links", _W, "formulas take figures from other workbooks; their saved results are used")
    HIDDEN_SHEET = ("hidden-sheet", _W, "a hidden sheet, whose figures are used")
    HIDDEN_ROWS = ("hidden-rows", _W, "hidden rows, read like any other")
    HIDDEN_COLUMNS = ("hidden-columns", _W, "hidden columns, read like any other")
    # cells: what one figure cell holds
    EXCEL_ERROR = ("excel-error", _E, "a figure cell holds an Excel error (#DIV/0!, #N/A…)")
    FORMULA_NO_VALUE = ("formula-no-value", _E, "a figure cell holds a formula with no saved result")
    BOOL_IN_VALUE = ("bool-in-value", _E, "a figure cell holds TRUE or FALSE")
    DATE_IN_VALUE = ("date-in-value", _E, "a figure cell holds a date")
    TEXT_IN_VALUE = ("text-in-value", _E, "a figure cell holds text that is neither a figure nor a known symbol")
    NOT_A_NUMBER = ("not-a-number", _E, "a figure cell holds no finite number")
    IMPLAUSIBLE_NUMBER = ("implausible-number", _E, "a figure too large to be a KPI figure")
    BAD_PERIOD = ("bad-period", _E, "a period label that cannot be read for the measure")
    AMBIGUOUS_PERIOD = ("ambiguous-period", _E, "a period label that reads two ways (a month or a year)")
    PERIOD_FREQUENCY = ("period-frequency", _E, "a period of another frequency than the measure's")
    BARE_YEAR = (
        "bare-year",
        _W,
        "a bare year (`2017`) on an annual measure whose years end in March, read as the year ending then",
    )
    # shapes: which sheet, header, row and month
    NO_MONTH = ("no-month", _E, "which month a month sheet holds cannot be told")
    BAD_MONTH = ("bad-month", _E, "a Month cell of a long sheet holds no month")
    MONTH_MISMATCH = ("month-mismatch", _W, "the sheet name and a Period cell or the file name name different months")
    DUPLICATE_HEADER = ("duplicate-header", _E, "two columns have one header, so which holds the figures is unclear")
    RIVAL_HEADER = ("rival-header", _W, "a column headed with another name for a column already found")
    UNHEADED_COLUMN = (
        "unheaded-column",
        _W,
        "a column with no header holds cells in the table's rows; they are not read",
    )
    UNKNOWN_MEASURE = ("unknown-measure", _W, "a row names a measure the template does not have")
    TITLE_MISMATCH = ("title-mismatch", _W, "a row's title differs from the template's title of its measure")
    OTHER_FREQUENCY = ("other-frequency", _W, "figures under headers of another frequency than the measure's, not read")
    INSIDE_PERIOD = ("inside-period", _W, "a quarterly or yearly figure dated inside its period, taken as the period's")
    NARRATIVE_FORMULA = ("narrative-formula", _W, "a narrative that is a formula with no saved result, left out")
    SEVERAL_AREAS = ("several-areas", _E, "open data holding many areas, and no area: to say which is the council")
    AREA_NOT_FOUND = ("area-not-found", _E, "open data holding no rows for the template's area:")
    AREA_NOT_IN_FILE = ("area-not-in-file", _W, "open data without the council's rows; only comparators' figures read")
    AMBIGUOUS_ROWS = ("ambiguous-rows", _E, "open data with many rows per period, differing in a column source: omits")
    MEASURE_COLUMNS_DISAGREE = (
        "measure-columns-disagree",
        _E,
        "two measure-like columns name different template measures in one row",
    )
    SOURCE_NOT_USED = (
        "source-not-used",
        _E,
        "a measure's source: filters or columns on a sheet shape that cannot use them",
    )
    COLUMN_NOT_FOUND = ("column-not-found", _E, "a header named in columns: that the sheet's header row does not have")
    NO_HEADER_ROW = (
        "no-header-row",
        _E,
        "an area × period table named by a source: none of whose rows can be its header",
    )
    BLOCK_NOT_FOUND = (
        "block-not-found",
        _E,
        "a block: heading the sheet does not have (or has twice), or block: on a sheet without blocks",
    )
    BLOCK_NEEDED = (
        "block-needed",
        _E,
        "a sheet of measure blocks repeating a measure's periods, and no block: to say which",
    )

    # figures: observations checked and settled over all inputs
    NEGATIVE = ("negative", _E, "a figure below 0 where the measure's unit cannot be")
    ZERO_DENOMINATOR = ("zero-denominator", _E, "a denominator of 0")
    NUMERATOR_OVER_DENOMINATOR = ("numerator-over-denominator", _E, "a percent's numerator larger than its denominator")
    PERCENT_OUT_OF_RANGE = ("percent-out-of-range", _E, "a percent outside 0–100%")
    RATE_NEEDS_PER = ("rate-needs-per", _E, "a rate given by numerator and denominator, and no per: in the template")
    VALUE_DISAGREES = ("value-disagrees", _W, "a value that disagrees with numerator/denominator; the value is used")
    TWO_SCALES = ("two-scales", _E, "a percent measure's plain figures on two scales (whole percents and fractions)")
    PERCENT_SCALE = ("percent-scale", _E, "plain percent figures that do not fit the template's percent_scale:")
    PERCENT_SCALE_ASSUMED = ("percent-scale-assumed", _W, "the scale of a percent measure's plain figures is assumed")
    PERCENT_SCALE_DIFFERS = ("percent-scale-differs", _W, "read alone, a file's figures would be on another scale")
    DUPLICATE = (
        "duplicate",
        _E,
        "a measure's figure for one period given twice with different figures, in one extract or in two whose "
        "latest month is the same",
    )
    REVISED = (
        "revised",
        _W,
        "a later extract (its latest month later) revises a figure an earlier one gave; the later figure is used, "
        "marked `[r]`",
    )
    NARRATIVE_DIFFERS = ("narrative-differs", _W, "a measure's period given twice with different narratives")
    FUTURE_MONTH = ("future-month", _W, "figures for a month after this one, not taken as the report month")
    NO_FIGURES = ("no-figures", _E, "no figure for any template measure was found")
    # the scorecard: what calculation could not do
    NO_FIGURE = ("no-figure", _W, "no figure for the report period, so no RAG")
    SUPPRESSED = ("suppressed", _W, "the report period's figure is suppressed, so no RAG")
    NO_TARGET = ("no-target", _W, "no target for the report period, so no RAG")
    UNAVAILABLE_HAS_DATA = ("unavailable-has-data", _W, "a measure marked unavailable has figures, which are not shown")
    NARRATIVE_TOO_LONG = ("narrative-too-long", _W, "a narrative past Excel's cell limit, shown cut")
    MISSING_MONTHS = ("missing-months", _W, "months inside the scorecard's span with no figure at all")
    FIGURES_OUTSIDE_COLUMNS = ("figures-outside-columns", _W, "a measure's figures land in no column of the scorecard")
    BENCHMARK_EARLIER = ("benchmark-earlier", _W, "a benchmark's latest figure is for an earlier period")
    NO_BENCHMARK_FIGURE = ("no-benchmark-figure", _W, "no figure for a benchmark's areas in the data read")
    # templates and councils
    DUPLICATE_TITLE = ("duplicate-title", _E, "two measures with the same title (in one template or across a council)")
    COUNCIL_COLUMNS = (
        "council-columns",
        _E,
        "two portfolios of a council name one column role differently in columns:",
    )
    TEMPLATE = ("template", _E, "a template key whose value cannot be used (its line and what is expected said)")
    TEMPLATE_FILE = ("template-file", _E, "a template or council file that cannot be found or read")
    TEMPLATE_EMPTY = ("template-empty", _E, "the template is empty")
    TEMPLATE_YAML = ("template-yaml", _E, "the template is not valid YAML, or uses YAML the tool refuses")
    UNKNOWN_KEY = ("unknown-key", _E, "a template key that is not known (a close one suggested)")
    BAD_SYMBOL = ("bad-symbol", _E, "a template symbols: entry that is not a symbol the tool can read")
    DUPLICATE_MEASURE = ("duplicate-measure", _E, "one measure id in two portfolios of a council")
    SHEET_NAME = ("sheet-name", _E, "a portfolio's sheet name too long, or used by another portfolio or the pack")
    SHEET_NAME_SHORTENED = (
        "sheet-name-shortened",
        _W,
        "a portfolio name too long for a sheet given a sheet name worked out for it",
    )
    COUNCIL_AREAS = ("council-areas", _E, "the portfolios of a council name different areas")

    @property
    def code(self) -> str:
        """The code string, as a `Problem` carries it."""
        return str(self._value_)


_BY_CODE: dict[str, Code] = {member.code: member for member in Code}


def catalogued(code: str) -> Code | None:
    """The catalogue's member for the code string `code`, or None when the catalogue has no such code."""
    return _BY_CODE.get(code)
