"""Rewrites that keep what the workbook's XML means but spell it differently: one figure written with a character
reference, a comment, CDATA, a processing instruction, whitespace, an exponent, a `+`, leading or trailing zeros;
the cell's attributes reordered or its implied `r=` left out; a shared string split into rich-text runs or given
inline; the sheet's namespace given a prefix. The correct build gives the clean figures, or refuses the file;
never another figure.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from decimal import Decimal

from .fuzz_zip import SAME, Book, Mutated, repack

_NUMBER_CELL = re.compile(rb'<c r="([A-Z]+\d+)"((?: (?!t=)[a-z]+="[^"]*")*)><v>([0-9.]+)</v></c>')  # no t=: a figure
_STRING_ITEM = re.compile(rb"<si><t>([^<]+)</t></si>")
_MAIN = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _charref(rng: random.Random, text: str) -> tuple[str, str]:
    at = rng.randrange(len(text))
    code = ord(text[at])
    ref = rng.choice((f"&#{code};", f"&#x{code:X};", f"&#x{code:x};", f"&#000{code};"))
    return text[:at] + ref + text[at + 1 :], f"character reference {ref} for {text[at]!r}"


def _split(rng: random.Random, text: str, piece: str, what: str) -> tuple[str, str]:
    at = rng.randrange(len(text) + 1)
    return text[:at] + piece + text[at:], f"{what} at {at}"


def _comment(rng: random.Random, text: str) -> tuple[str, str]:
    return _split(rng, text, rng.choice(("<!-- -->", "<!--x-->", "<!-- 0 -->")), "a comment")


def _pi(rng: random.Random, text: str) -> tuple[str, str]:
    return _split(rng, text, rng.choice(("<?x?>", "<?mso-x 1?>")), "a processing instruction")


def _cdata(rng: random.Random, text: str) -> tuple[str, str]:
    begin = rng.randrange(len(text))
    end = rng.randrange(begin + 1, len(text) + 1)
    return f"{text[:begin]}<![CDATA[{text[begin:end]}]]>{text[end:]}", f"CDATA around {text[begin:end]!r}"


def _entity_split(rng: random.Random, text: str) -> tuple[str, str]:
    """Two pieces at once: a reference and a comment (the reader must join all of them)."""
    ref_at, comment_at = rng.randrange(len(text)), rng.randrange(len(text) + 1)
    pieces = [f"&#{ord(ch)};" if i == ref_at else ch for i, ch in enumerate(text)]
    pieces.insert(comment_at, "<!-- -->")  # between characters, never inside the reference
    return "".join(pieces), f"character reference for {text[ref_at]!r} and a comment before character {comment_at}"


TEXT_SPELLINGS: tuple[Callable[[random.Random, str], tuple[str, str]], ...] = (
    _charref, _charref, _comment, _comment, _pi, _cdata, _cdata, _entity_split,
)  # fmt: skip


def _number_spellings(rng: random.Random, text: str) -> tuple[str, str]:
    """The same number written another way XML Schema's `xsd:double` reads as the same value."""
    value = Decimal(text)
    kind = rng.choice(("exponent", "exponent", "plus", "zeros", "trailing", "space", "space"))
    if kind == "exponent":
        shift = rng.choice((-3, -2, -1, 1, 2, 3))
        mantissa = format(value.scaleb(-shift), "f")
        new = f"{mantissa}{rng.choice('Ee')}{rng.choice(('', '+') if shift > 0 else ('',))}{shift}"
    elif kind == "plus":
        new = "+" + text
    elif kind == "zeros":
        new = "00" + text
    elif kind == "trailing":
        new = text + ("00" if "." in text else ".0")
    else:
        new = rng.choice((" ", "\n", "\t", "  ")) + text + rng.choice((" ", "\n", "", "\r\n"))
    assert float(new) == float(text), (new, text)
    return new, f"spelt {new!r} ({kind})"


def _figure(rng: random.Random, book: Book) -> Mutated:
    """One figure cell of a sheet, its `<v>` spelt another way."""
    name = rng.choice(book.sheets)
    data = book.parts[name]
    hit = rng.choice(list(_NUMBER_CELL.finditer(data)))
    text = hit.group(3).decode()
    spell = rng.choice(TEXT_SPELLINGS) if rng.random() < 0.6 else _number_spellings
    new, what = spell(rng, text)
    cell = hit.group(0).replace(b"<v>" + hit.group(3) + b"</v>", b"<v>" + new.encode() + b"</v>")
    sheet = data[: hit.start()] + cell + data[hit.end() :]
    return Mutated(repack(book, {name: sheet}), f"{name} {hit.group(1).decode()} <v>{text}</v> → {what}", SAME)


def _attributes(rng: random.Random, book: Book) -> Mutated:
    """A cell's attributes reordered or single-quoted, a `t="n"` written out, or its implied `r=` left out."""
    name = rng.choice(book.sheets)
    data = book.parts[name]
    hit = rng.choice(list(_NUMBER_CELL.finditer(data)))
    attributes = [f'r="{hit.group(1).decode()}"', *hit.group(2).decode().split()]
    kind = rng.choice(("order", "quotes", "type", "no-ref"))
    if kind == "order":
        attributes.reverse()
    elif kind == "quotes":
        attributes = [a.replace('"', "'") for a in attributes]
    elif kind == "type":
        attributes.insert(rng.randrange(len(attributes) + 1), 't="n"')
    else:
        attributes = attributes[1:]
    tag = f"<c{' ' if attributes else ''}{' '.join(attributes)}>".encode()
    cell = tag + hit.group(0)[hit.group(0).index(b"><v>") + 1 :]
    ok = kind != "no-ref" or _implied(data, hit)
    sheet = data[: hit.start()] + cell + data[hit.end() :]
    what = f"{name} {hit.group(1).decode()}: <c> written {tag.decode()!r}"
    if not ok:  # an `r=` that is not implied by the cell before it: leaving it out moves the cell, not a rewrite
        return _figure(rng, book)
    return Mutated(repack(book, {name: sheet}), what, SAME)


def _implied(data: bytes, hit: re.Match[bytes]) -> bool:
    """True when the cell's column is the one after the previous cell's, in the same row."""
    before = data[: hit.start()]
    previous = re.findall(rb'<c r="([A-Z]+)(\d+)"', before[before.rfind(b"<row ") :])
    column = re.match(rb"[A-Z]+", hit.group(1))
    if not previous or column is None:
        return False
    last = previous[-1][0]
    return len(last) == 1 and len(column.group(0)) == 1 and ord(column.group(0)) == ord(last) + 1


def _shared_string(rng: random.Random, book: Book) -> Mutated:
    """A shared string (a measure id, a header, a title) spelt another way, split into rich-text runs, or marked
    `xml:space="preserve"`."""
    data = book.parts["xl/sharedStrings.xml"]
    items = [m for m in _STRING_ITEM.finditer(data) if b"&" not in m.group(1)]  # an entity is not split
    hit = rng.choice(items[:40])  # the headers, ids and titles come first
    text = hit.group(1).decode()
    kind = rng.choice(("spelling", "spelling", "runs", "preserve"))
    if kind == "spelling":
        new, what = rng.choice(TEXT_SPELLINGS)(rng, text)
        item = f"<si><t>{new}</t></si>"
    elif kind == "runs" and len(text) > 1:
        at = rng.randrange(1, len(text))
        item = f"<si><r><t>{text[:at]}</t></r><r><rPr><b/></rPr><t>{text[at:]}</t></r></si>"
        what = f"split into runs at {at}"
    else:
        item = f'<si><t xml:space="preserve">{text}</t></si>'
        what = 'xml:space="preserve"'
    sst = data[: hit.start()] + item.encode() + data[hit.end() :]
    return Mutated(repack(book, {"xl/sharedStrings.xml": sst}), f"shared string {text!r} → {what}", SAME)


def _inline(rng: random.Random, book: Book) -> Mutated:
    """A shared-string cell written as an inline string holding the same text."""
    strings = [m.group(1) for m in re.finditer(rb"<si>(.*?)</si>", book.parts["xl/sharedStrings.xml"])]
    name = rng.choice(book.sheets)
    data = book.parts[name]
    hit = rng.choice(list(re.finditer(rb'<c r="([A-Z]+\d+)"( s="\d+")? t="s"><v>(\d+)</v></c>', data)))
    inner = strings[int(hit.group(3))]
    cell = b'<c r="' + hit.group(1) + b'"' + (hit.group(2) or b"") + b' t="inlineStr"><is>' + inner + b"</is></c>"
    sheet = data[: hit.start()] + cell + data[hit.end() :]
    return Mutated(repack(book, {name: sheet}), f"{name} {hit.group(1).decode()}: shared string given inline", SAME)


def _prefix(rng: random.Random, book: Book) -> Mutated:
    """A sheet's (or the shared strings') main namespace given a prefix: `<x:c>` for `<c>` throughout."""
    name = rng.choice([*book.sheets, "xl/sharedStrings.xml"])
    data = book.parts[name]
    prefix = rng.choice((b"x", b"main", b"s"))
    body = re.sub(rb"<(/?)([A-Za-z][\w]*)(?=[\s/>])", lambda m: b"<" + m.group(1) + prefix + b":" + m.group(2), data)
    body = body.replace(b'xmlns="' + _MAIN + b'"', b"xmlns:" + prefix + b'="' + _MAIN + b'"', 1)
    return Mutated(repack(book, {name: body}), f"{name}: namespace prefix {prefix.decode()}: throughout", SAME)


def _layout(rng: random.Random, book: Book) -> Mutated:
    """Whitespace between elements, the `spans` hints or the `<dimension>` left out, an XML declaration dropped."""
    name = rng.choice(book.sheets)
    data = book.parts[name]
    kind = rng.choice(("indent", "spans", "dimension", "declaration"))
    if kind == "indent":
        new = data.replace(b"><row", b">\n  <row").replace(b"><c ", b">\n    <c ")
    elif kind == "spans":
        new = re.sub(rb' spans="[^"]*"', b"", data)
    elif kind == "dimension":
        new = re.sub(rb"<dimension [^>]*/>", b"", data)
    else:
        new = re.sub(rb"^<\?xml[^>]*\?>\s*", b"", data)
    return Mutated(repack(book, {name: new}), f"{name}: {kind} rewritten", SAME)


REWRITES: tuple[Callable[[random.Random, Book], Mutated], ...] = (
    _figure, _figure, _figure, _figure, _figure, _attributes, _shared_string, _shared_string, _inline, _prefix,
    _layout,
)  # fmt: skip


def rewrite(rng: random.Random, book: Book) -> Mutated:
    """One meaning-preserving rewrite, chosen at random (most often of one figure's `<v>`)."""
    return rng.choice(REWRITES)(rng, book)
