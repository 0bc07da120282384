"""The sheet scan's slow path: a sheet part read token by token, every tag, text, reference and comment, with
the shape of its `<sheetData>` checked against what python-calamine reads whole.

python-calamine 0.9.1 reads only the first text piece of a value: `<v>1&#48;9</v>` (109) gives 1, and
`<v>0.<!-- -->36</v>` gives 0. It passes over an element it does not know in a row (`<cx r="C5">` and the value
in it), text outside a value (`<c r="C5">36</c>`), a second `<v>` (the last wins), a `<v>` in an inline-string
cell, and the same cell given twice (the last wins). Each of these is `Damaged`, naming the cell where there is
one: inside `<sheetData>`, a row holds cells, a cell holds at most one formula and one value or inline string,
text is only in `<v>`, `<f>` and `<t>`, and a value that is not text (a number, a boolean, an error, a shared
string's index, a date) is plain characters. Text (`<t>`, the `<v>` of a `t="str"` cell, `<f>`) may hold the
five predefined entities and character references, which calamine decodes whole; a comment, CDATA section or
processing instruction inside a cell is refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Protocol

from defusedxml import DefusedXmlException

from ..grid import ERROR, NO_VALUE, Cell, cell_ref


class SheetScan(Protocol):
    """What the token scan reads and records of the sheet scan it serves (`sheet_scan.SheetScan`), named here so
    that this module need not import the one that calls it."""

    styles: dict[int, tuple[bool, bool]]
    max_row: int
    max_column: int
    cells: int
    formulas: int
    styled: dict[tuple[int, int], tuple[bool, bool]]
    marked: dict[tuple[int, int], Cell]
    bad_shared: dict[tuple[int, int], str]
    hidden_rows: set[int]
    values: int
    inline: int
    row: int
    column: int
    tags: TagState

    def check_date(self, cell: tuple[int, int], text: bytes) -> None: ...


_TOKEN = re.compile(
    rb"<(/?)((?:[A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*))((?:\s[^<>]*)?/?)>"  # a tag: closing, name, local, attributes
    rb"|<!--|<!\[CDATA\[|<\?|<!(?:DOCTYPE|ENTITY)|<!|<|&|\x00"
)
_ATTR = re.compile(rb"""([\w:.\-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_CELL_REF = re.compile(r"([A-Za-z]{1,3})0*([0-9]{1,7})")
_REFERENCE = re.compile(rb"&(?:amp|lt|gt|quot|apos|#[0-9]{1,7}|#x[0-9A-Fa-f]{1,6});")
# what each element of sheetData may hold; the children of one not named here are not looked into
_CHILDREN: dict[bytes, frozenset[bytes]] = {
    b"sheetData": frozenset({b"row"}),
    b"row": frozenset({b"c", b"extLst"}),
    b"c": frozenset({b"f", b"v", b"is", b"extLst"}),
    b"is": frozenset({b"t", b"r", b"rPh", b"phoneticPr"}),
    b"r": frozenset({b"rPr", b"t"}),
    b"rPh": frozenset({b"t"}),
    b"f": frozenset(),
    b"v": frozenset(),
    b"t": frozenset(),
}
_TEXT = frozenset({b"f", b"v", b"t"})
_COLUMNS: dict[str, int] = {}  # column letters → number, as met


class Damaged(ValueError):
    """A sheet's XML that calamine would misread or pass over: what is wrong, and the cell (row, column) or row."""

    def __init__(self, what: str, cell: tuple[int, int] | None, row: int) -> None:
        super().__init__(what)
        self.what, self.cell, self.row = what, cell, row

    @property
    def where(self) -> str | None:
        return cell_ref(*self.cell) if self.cell is not None else None


@dataclass
class TagState:
    """Where the token scan is, carried from chunk to chunk (chunks are cut before a `<`)."""

    in_data: bool = False  # inside <sheetData>
    stack: list[tuple[bytes, bytes]] = field(default_factory=list)  # open elements in sheetData: (name, local)
    cell: tuple[int, int] | None = None  # the open <c>
    kind: bytes = b"n"  # its t attribute
    counts: dict[bytes, int] = field(default_factory=dict)  # its f, v and is elements
    text: bytes = b""  # the open <v>'s text
    dated: bool = False
    last: tuple[int, int] = (0, 0)  # the last cell placed, and the last row, to see any out of order
    last_row: int = 0
    unordered: bool = False
    seen: bytearray | None = None  # exact mode: a bit per cell of the extent, and the rows met
    width: int = 0
    rows: set[int] = field(default_factory=set)
    twice: int = 0  # a row given twice, open


def exact(state: TagState, max_row: int, max_column: int) -> None:
    """Make the scan find a cell or row given twice (it holds a bit per cell of the sheet's extent)."""
    state.width = max(max_column, 1)
    state.seen = bytearray((max(max_row, 1) * state.width + 8) // 8)


def scan_tags(scan: SheetScan, data: bytes) -> None:
    """Scan `data` token by token, as calamine places cells: a cell's own reference, else the next column of its
    row. Raises Damaged for what calamine would misread inside `<sheetData>`."""
    state = scan.tags
    pos = 0
    while True:
        match = _TOKEN.search(data, pos)
        end = match.start() if match is not None else len(data)
        if end > pos and state.in_data:
            _text(scan, data[pos:end])
        if match is None:
            return
        pos = match.end()
        closing, name, local, attrs = match.groups()
        if name is not None:
            empty = attrs.endswith(b"/")
            _tag(scan, closing == b"/", name, local, attrs[:-1] if empty else attrs, empty)
            continue
        token = match.group(0)
        if token == b"&":
            pos = _reference(scan, data, match.start())
        elif token == b"\x00":
            raise ValueError("a NUL byte in a sheet")
        elif token.startswith(b"<!") and len(token) > 2 and token[2:3] in (b"D", b"E"):
            raise DefusedXmlException("a DTD or an entity declaration in a sheet")
        elif token in (b"<!--", b"<![CDATA[", b"<?"):
            close = {b"<!--": b"-->", b"<![CDATA[": b"]]>", b"<?": b"?>"}[token]
            found = data.find(close, pos)
            if state.in_data and (token == b"<![CDATA[" or state.cell is not None or found < 0):
                what = {b"<!--": "a comment", b"<![CDATA[": "a CDATA section", b"<?": "a processing instruction"}
                raise _damaged(state, f"{what[token]} inside a cell, where its value would be read cut short")
            pos = len(data) if found < 0 else found + len(close)
        elif state.in_data:
            raise _damaged(state, "a stray '<' (a tag cut short)" if token == b"<" else "a stray '<!'")


def _damaged(state: TagState, what: str) -> Damaged:
    return Damaged(what, state.cell, state.last_row)


def _text(scan: SheetScan, text: bytes) -> None:
    state = scan.tags
    top = state.stack[-1][1] if state.stack else b"sheetData"
    if top == b"v":
        state.text += text
    elif top not in _TEXT and top in _CHILDREN and text.strip():
        raise _damaged(state, f"text outside a value ({text.strip()[:20].decode('utf-8', 'replace')!r})")


def _reference(scan: SheetScan, data: bytes, at: int) -> int:
    state = scan.tags
    match = _REFERENCE.match(data, at)
    if not state.in_data:
        return at + 1
    if match is None:
        raise _damaged(state, "an '&' that starts no entity or character reference")
    top = state.stack[-1][1] if state.stack else b"sheetData"
    if top == b"v" and state.kind != b"str":
        raise _damaged(state, f"a value spelt with a reference ({match.group(0).decode()}), which is read cut short")
    if top not in _TEXT and top in _CHILDREN:
        raise _damaged(state, "a reference outside a value")
    return match.end()


def _tag(scan: SheetScan, closing: bool, name: bytes, local: bytes, attrs: bytes, empty: bool) -> None:
    state = scan.tags
    if attrs.count(b"=") > 1 and not closing:
        names = [k for k, _, _ in _ATTR.findall(attrs)]
        if len(set(names)) < len(names):  # not well-formed XML: which of the two a reader keeps is its own choice
            twice = next(k for k in names if names.count(k) > 1).decode("utf-8", "replace")
            raise Damaged(f"the attribute {twice} is given twice in a <{name.decode('utf-8', 'replace')}> tag",
                          _cell_of(attrs) if local == b"c" else None, state.last_row)  # fmt: skip
    if local in (b"row", b"c") and not closing:  # counted anywhere, for the extent; checked in the sheet's data
        found = {k.split(b":")[-1]: a or b for k, a, b in _ATTR.findall(attrs)}
        if local == b"row":
            _row(scan, found)
        else:
            _cell(scan, found, empty)
    if not state.in_data:
        state.in_data = local == b"sheetData" and not closing and not empty
        if local == b"f" and not closing and state.cell is not None:
            scan.formulas += 1
        return
    if closing:
        if not state.stack and local == b"sheetData":
            state.in_data = False
            return
        if not state.stack or state.stack[-1][0] != name:
            expected = f"</{state.stack[-1][0].decode()}>" if state.stack else "</sheetData>"
            raise _damaged(state, f"a closing </{name.decode('utf-8', 'replace')}> where {expected} was due")
        state.stack.pop()
        _close(scan, local)
        if local == b"row":
            _row_twice(state)
        return
    parent = state.stack[-1][1] if state.stack else b"sheetData"
    allowed = _CHILDREN.get(parent)
    if allowed is not None and local not in allowed:
        where = "the sheet's data" if parent == b"sheetData" else f"a <{parent.decode()}>"
        raise _damaged(state, f"an element <{name.decode('utf-8', 'replace')}> inside {where}")
    if local in (b"f", b"v", b"is") and parent == b"c":
        state.counts[local] = state.counts.get(local, 0) + 1
        if local == b"f":
            scan.formulas += 1
        elif local == b"v":
            state.text = b""
    if empty:
        _close(scan, local)
    else:
        state.stack.append((name, local))


def _cell_of(attrs: bytes) -> tuple[int, int] | None:
    """The cell a `<c>` tag's first `r` attribute names, if it names one."""
    for key, a, b in _ATTR.findall(attrs):
        parsed = _CELL_REF.fullmatch((a or b).decode("ascii", "replace").strip()) if key == b"r" else None
        if parsed is not None:
            return int(parsed.group(2)), _column_number(parsed.group(1))
    return None


def _row(scan: SheetScan, found: dict[bytes, bytes]) -> None:
    state = scan.tags
    r = found.get(b"r")
    scan.row = int(r) if r is not None else scan.row + 1
    scan.max_row = max(scan.max_row, scan.row)
    if found.get(b"hidden") in (b"1", b"true"):
        scan.hidden_rows.add(scan.row)
    scan.column = 0
    if not state.in_data:
        return
    _row_twice(state)
    if scan.row <= state.last_row:
        state.unordered = True
        if state.seen is not None and scan.row in state.rows:
            state.twice = scan.row  # named at the row's end, unless a cell in it is named first
    state.last_row = scan.row
    if state.seen is not None:
        state.rows.add(scan.row)


def _row_twice(state: TagState) -> None:
    if state.twice:
        raise Damaged(f"row {state.twice} is given twice", None, state.twice)


def _cell(scan: SheetScan, found: dict[bytes, bytes], empty: bool) -> None:
    state = scan.tags
    ref = found.get(b"r")
    if ref is not None:
        parsed = _CELL_REF.fullmatch(ref.decode("ascii", "replace").strip())
        if parsed is None:
            raise ValueError(f"not a cell reference: {ref!r}")
        letters = parsed.group(1)
        column = _COLUMNS.get(letters)
        if column is None:
            column = _column_number(letters)
            if len(_COLUMNS) < 4096:
                _COLUMNS[letters] = column
        row, scan.column = int(parsed.group(2)), column
    else:
        row, scan.column = scan.row, scan.column + 1
    scan.cells += 1
    if row > scan.max_row:
        scan.max_row = row
    if scan.column > scan.max_column:
        scan.max_column = scan.column
    cell = (row, scan.column)
    if state.in_data and cell <= state.last:
        state.unordered = True
        if state.seen is not None:
            bit = (row - 1) * state.width + scan.column - 1
            if state.seen[bit >> 3] & (1 << (bit & 7)):
                raise Damaged("the cell is given twice", cell, row)
    state.last = cell
    if state.seen is not None and state.in_data:
        bit = (row - 1) * state.width + scan.column - 1
        state.seen[bit >> 3] |= 1 << (bit & 7)
    style = found.get(b"s", b"0")
    state.kind = found.get(b"t", b"n")
    state.dated = False
    if style.isdigit() and int(style) in scan.styles:
        scan.styled[cell] = scan.styles[int(style)]
        state.dated = scan.styles[int(style)][1] and state.kind == b"n"
    if state.kind == b"inlineStr":
        scan.inline += 1
    state.cell, state.counts, state.text = (None if empty else cell), {}, b""


def _close(scan: SheetScan, local: bytes) -> None:
    state = scan.tags
    cell = state.cell
    if cell is None:
        return
    if local == b"v":
        text = state.text
        if not text:
            return
        scan.values += 1
        state.counts[b"value"] = 1
        if state.kind == b"e":
            scan.marked[cell] = Cell(ERROR, text.decode("utf-8", "replace"))
        elif state.kind == b"s" and not text.strip().isdigit():
            scan.bad_shared[cell] = text.decode("utf-8", "replace")
        elif state.dated:
            scan.check_date(cell, text.strip())
    elif local == b"c":
        counts = state.counts
        if max(counts.values(), default=0) > 1 or (b"v" in counts and b"is" in counts):
            raise _damaged(state, "a cell with two values (calamine keeps the last)")
        if state.kind == b"inlineStr" and b"v" in counts:
            raise _damaged(state, "an inline-string cell whose text is in <v>, which is not read")
        if b"f" in counts and b"value" not in counts:
            scan.marked[cell] = Cell(NO_VALUE, "", formula=True)
        state.cell = None


def _column_number(letters: str) -> int:
    number = 0
    for ch in letters.upper():
        number = number * 26 + ord(ch) - 64
    return number
