"""Mutations of the workbook's XML parts: bytes flipped inside a part, an element dropped or given twice, a cell or
row given twice with another value, malformed tags in a row.

Each maker takes a seeded `random.Random` and the clean `Book` and returns a `Mutated` (see fuzz_zip).
"""

from __future__ import annotations

import random
import re

from .fuzz_zip import ANY, ERROR, NUMERIC, SAME, Book, Mutated, flip, repack

_START = re.compile(rb"<([A-Za-z][\w:.-]*)\b[^<>]*?(/?)>")
_NUMBER_CELL = re.compile(rb'<c r="([A-Z]+)(\d+)"((?:(?! t=)[^>])*)><v>([^<]*)</v></c>')  # a figure, not a string
# the parts a build reads for meaning: their damage is an error; the others may be ignored
READ_PARTS = ("xl/worksheets/", "xl/sharedStrings.xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels")


def _part(rng: random.Random, book: Book) -> str:
    """A part, most often a sheet or the shared strings (where the figures and names are)."""
    roll = rng.random()
    if roll < 0.6:
        return rng.choice(book.sheets)
    if roll < 0.75:
        return "xl/sharedStrings.xml"
    return rng.choice([n for n in book.parts if not n.endswith("/")])


def element(data: bytes, start: re.Match[bytes]) -> tuple[int, int]:
    """The span of the element whose start tag is `start` (nested elements of the same name counted)."""
    if start.group(2) == b"/":
        return start.start(), start.end()
    name = re.escape(start.group(1))
    depth, at = 1, start.end()
    for tag in re.finditer(rb"<(/?)" + name + rb"(?=[\s/>])[^<>]*?(/?)>", data[at:]):
        if tag.group(1):
            depth -= 1
        elif not tag.group(2):
            depth += 1
        if depth == 0:
            return start.start(), at + tag.end()
    return start.start(), start.end()


def _elements(data: bytes) -> list[re.Match[bytes]]:
    return [m for m in _START.finditer(data) if not m.group(0).startswith((b"<?", b"<!"))]


def part_bytes(rng: random.Random, book: Book) -> Mutated:
    """Bytes flipped inside one part, never making or changing a digit, sign, point or exponent."""
    name = _part(rng, book)
    data, what = flip(rng, book.parts[name], rng.choice((1, 1, 2, 3)), avoid=NUMERIC)
    return Mutated(repack(book, {name: data}), f"{name}: bytes flipped {what}", ANY)


def drop_element(rng: random.Random, book: Book) -> Mutated:
    """One element (with all it holds) removed from a part."""
    name = _part(rng, book)
    data = book.parts[name]
    start = rng.choice(_elements(data))
    begin, end = element(data, start)
    shown = data[begin:end][:70].decode("utf-8", "replace")
    new = data[:begin] + data[end:]
    return Mutated(repack(book, {name: new}), f"{name}: element dropped @{begin}: {shown}", ANY)


def duplicate_element(rng: random.Random, book: Book) -> Mutated:
    """One element written twice, the copy right after it; a repeated cell or row is an error (Excel calls the
    file corrupt), a repeated `<v>` holds the same value, anything else may change the meaning."""
    name = _part(rng, book)
    data = book.parts[name]
    start = rng.choice(_elements(data))
    begin, end = element(data, start)
    tag = start.group(1)
    shown = data[begin:end][:70].decode("utf-8", "replace")
    new = data[:end] + data[begin:end] + data[end:]
    in_sheet = name.startswith("xl/worksheets/")
    oracle = ERROR if in_sheet and tag in (b"c", b"row") else SAME if in_sheet and tag == b"v" else ANY
    return Mutated(repack(book, {name: new}), f"{name}: element twice @{begin}: {shown}", oracle)


def _other_value(rng: random.Random, value: bytes) -> bytes:
    try:
        number = float(value)
    except ValueError:
        return b"0.99"
    choices = [number + 0.38, number * 2 + 1, 0.99, 7.0] if number < 1 else [number + 11, number * 3, 0.5]
    return repr(round(rng.choice(choices), 6)).encode()


def duplicate_ref(rng: random.Random, book: Book) -> Mutated:
    """A figure cell given twice (`r="C5"` twice in its row, the second with another value) or a row given twice
    (`<row r="5">` twice, its figures changed): the correct result is an error naming the cell or row."""
    name = rng.choice(book.sheets)
    data = book.parts[name]
    cells = list(_NUMBER_CELL.finditer(data))
    hit = rng.choice(cells)
    if rng.random() < 0.5:
        copy = hit.group(0).replace(b"<v>" + hit.group(4) + b"</v>", b"<v>" + _other_value(rng, hit.group(4)) + b"</v>")
        at = hit.end() if rng.random() < 0.7 else hit.start()
        what = f"cell {hit.group(1).decode()}{hit.group(2).decode()} twice, the copy {copy[-30:].decode()!r}"
        return Mutated(repack(book, {name: data[:at] + copy + data[at:]}), f"{name}: {what}", ERROR)
    row = re.search(rb'<row r="' + hit.group(2) + rb'"[^>]*>.*?</row>', data)
    assert row is not None
    copy = _NUMBER_CELL.sub(lambda m: m.group(0).replace(m.group(4), _other_value(rng, m.group(4))), row.group(0))
    at = row.end() if rng.random() < 0.7 else row.start()
    what = f'<row r="{hit.group(2).decode()}"> twice, the {"second" if at == row.end() else "first"} changed'
    return Mutated(repack(book, {name: data[:at] + copy + data[at:]}), f"{name}: {what}", ERROR)


_MALFORMED = (
    ("start tag of <v> lost", rb"<v>", b"<"),
    ("start tag of <v> lost entirely", rb"<v>", b""),
    ("</v> lost", rb"</v>", b""),
    ("</c> lost", rb"</c>", b""),
    ("</row> lost", rb"</row>", b""),
    ("end tag misspelt </w>", rb"</v>", b"</w>"),
    ("a stray <", rb"</v>", b"<</v>"),
    ("a bare &", rb"</v>", b"&</v>"),
    ("an unknown entity &nbsp;", rb"</v>", b"&nbsp;</v>"),
    ("attribute value unquoted", rb'r="', b"r="),
    ("attribute given twice", rb'<c r="', b'<c s="1" s="2" r="'),
    ("a control character \\x01", rb"</v>", b"\x01</v>"),
    ("invalid UTF-8 \\xff", rb"</v>", b"\xff</v>"),
    ("a second root element", rb"</worksheet>", b"</worksheet><worksheet/>"),
    ("a tag left open", rb"<c ", b"<c <c "),
)


def malformed(rng: random.Random, book: Book) -> Mutated:
    """The XML of a part made not well-formed at one place (most often in a sheet's row): an error for the parts
    a build reads, the clean figures or an error for the others."""
    name = rng.choice(book.sheets) if rng.random() < 0.8 else _part(rng, book)
    data = book.parts[name]
    if rng.random() < 0.15:
        at = rng.randrange(len(data) // 2, len(data))
        what = f"part cut at byte {at} of {len(data)}"
        new = data[:at]
    else:
        usable = [(w, p, r) for w, p, r in _MALFORMED if re.search(p, data)] or [("a stray <", rb">", b"><")]
        what, pattern, replacement = rng.choice(usable)
        hit = rng.choice(list(re.finditer(pattern, data)))
        new = data[: hit.start()] + replacement + data[hit.end() :]
        what = f"{what} @{hit.start()}: {new[max(0, hit.start() - 30) : hit.start() + 20]!r}"
    oracle = ERROR if name.startswith(READ_PARTS) else SAME
    return Mutated(repack(book, {name: new}), f"{name}: {what}", oracle)
