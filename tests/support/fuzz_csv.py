"""Mutations of the long CSV a fuzz case may start from: bytes flipped, stray or unbalanced quotes, other
delimiters, doubled quotes past the first 8 KB, columns reordered, byte-order marks and encodings, line endings,
and figures spelt another way (`6.8E-1`, `+0.68`, leading zeros, ` 0.68 `).

Each maker takes a seeded `random.Random` and the clean `Table` and returns a `Mutated` (see fuzz_zip); a
narrative set on purpose is named in `Mutated.texts`, so that the comparison expects it.
"""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from .fuzz_zip import ANY, NUMERIC, SAME, Mutated, flip

QUOTED = 'Rose "sharply", see report'
NON_ASCII = ("Up £2k on last year", "Café service: résumé due", "Ofsted’s visit – see report", "naïve “figures”")


@dataclass(frozen=True)
class Table:
    """The clean long CSV: its header and rows as text fields, and its bytes as written."""

    header: list[str]
    rows: list[list[str]]
    raw: bytes

    @classmethod
    def of(cls, raw: bytes) -> Table:
        header, *rows = list(csv.reader(io.StringIO(raw.decode("utf-8"))))
        return cls(header, rows, raw)

    def column(self, name: str) -> int:
        return self.header.index(name)

    def narrated(self, rows: list[list[str]] | None = None) -> list[int]:
        """Indexes of the rows of the report month (the last one): the month whose narratives Appendix 1 shows."""
        rows = self.rows if rows is None else rows
        last = rows[-1][self.column("Month")]
        return [i for i, r in enumerate(rows) if r[self.column("Month")] == last]


def render(
    header: list[str],
    rows: list[list[str]],
    delimiter: str = ",",
    quoting: Literal[0, 1, 2, 3] = csv.QUOTE_MINIMAL,
    end: str = "\r\n",
) -> str:
    """The table as CSV text, as `csv.writer` writes it with these settings."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, quoting=quoting, lineterminator=end)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def _copy(table: Table) -> list[list[str]]:
    return [list(r) for r in table.rows]


def _bytes(rng: random.Random, table: Table) -> Mutated:
    data, what = flip(rng, table.raw, rng.choice((1, 1, 2, 3)), avoid=NUMERIC)
    return Mutated(data, f"bytes flipped {what}", ANY)


def _insert(rng: random.Random, table: Table, piece: bytes, what: str) -> Mutated:
    at = rng.randrange(len(table.raw) + 1)
    return Mutated(table.raw[:at] + piece + table.raw[at:], f"{what} at byte {at}", ANY)


def _stray(rng: random.Random, table: Table) -> Mutated:
    kind = rng.choice(("quote", "quote", "comma", "nul", "newline"))
    piece = {"quote": b'"', "comma": b",", "nul": b"\0", "newline": b"\n"}[kind]
    return _insert(rng, table, piece, f"a stray {kind}")


def _unbalanced(rng: random.Random, table: Table) -> Mutated:
    rows = _copy(table)
    i = rng.randrange(len(rows))
    text = render(table.header, rows[:i]) + '"' + render(table.header, rows[i:]).split("\r\n", 1)[1]
    return Mutated(text.encode(), f"an unbalanced quote opening row {i + 2}", ANY)


def _truncated(rng: random.Random, table: Table) -> Mutated:
    at = rng.randrange(1, len(table.raw))
    return Mutated(table.raw[:at], f"file cut at byte {at} of {len(table.raw)}", ANY)


def _delimiter(rng: random.Random, table: Table) -> Mutated:
    delimiter = rng.choice((";", "\t", "|"))
    text = render(table.header, _copy(table), delimiter=delimiter)
    return Mutated(text.encode(), f"delimiter {delimiter!r} throughout", SAME)


def _endings(rng: random.Random, table: Table) -> Mutated:
    end = rng.choice(("\n", "\r", "mixed", "blank lines"))
    text = render(table.header, _copy(table))
    if end == "mixed":
        lines = text.split("\r\n")
        text = "".join(line + rng.choice(("\n", "\r\n")) for line in lines[:-1])
    elif end == "blank lines":
        text = text.replace("\r\n", "\r\n\r\n", rng.randrange(1, 40))
    else:
        text = render(table.header, _copy(table), end=end)
    return Mutated(text.encode(), f"line endings {end!r}", SAME)


def _quote_all(rng: random.Random, table: Table) -> Mutated:
    return Mutated(render(table.header, _copy(table), quoting=csv.QUOTE_ALL).encode(), "every field quoted", SAME)


def _columns(rng: random.Random, table: Table, text: str | None = None) -> tuple[list[str], list[list[str]], str]:
    order = list(range(len(table.header)))
    rng.shuffle(order)
    if text is not None and order.index(table.column("Narrative")) > order.index(table.column("Value")):
        order.remove(table.column("Narrative"))
        order.insert(order.index(table.column("Value")), table.column("Narrative"))
    header = [table.header[i] for i in order]
    rows = [[r[i] for i in order] for r in table.rows]
    return header, rows, "columns " + ",".join(header)


def _reordered(rng: random.Random, table: Table) -> Mutated:
    header, rows, what = _columns(rng, table)
    return Mutated(render(header, rows).encode(), what, SAME)


def _doubled_quotes(rng: random.Random, table: Table) -> Mutated:
    """A narrative with doubled quotes (RFC 4180) in the report month, past the first 8 KB; sometimes with the
    Narrative column before the Value column."""
    header, rows, what = list(table.header), _copy(table), "columns as written"
    if rng.random() < 0.5:
        header, rows, what = _columns(rng, table, text=QUOTED)
    i = rng.choice(table.narrated())
    rows[i][header.index("Narrative")] = QUOTED
    text = render(header, rows)
    measure = rows[i][header.index("Measure")]
    at = text.index(QUOTED.replace('"', '""'))
    return Mutated(text.encode(), f"{measure} narrative {QUOTED!r} at byte {at}; {what}", SAME, {measure: QUOTED})


def _encoding(rng: random.Random, table: Table) -> Mutated:
    """Non-ASCII narratives, the file in another encoding, with or without a byte-order mark."""
    rows = _copy(table)
    texts = {}
    for i in rng.sample(table.narrated(), 2):
        rows[i][table.column("Narrative")] = rng.choice(NON_ASCII)
        texts[rows[i][table.column("Measure")]] = rows[i][table.column("Narrative")]
    encoding = rng.choice(("utf-8-sig", "utf-8-sig", "utf-16", "utf-16-le", "cp1252", "latin-1", "utf-8"))
    text = render(table.header, rows)
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode(encoding, errors="replace")
        texts = {k: v.encode(encoding, errors="replace").decode(encoding) for k, v in texts.items()}
    return Mutated(data, f"encoded {encoding}, narratives {texts}", SAME, texts)


def _spelling(rng: random.Random, text: str) -> str:
    value = Decimal(text)
    kind = rng.choice(("exponent", "plus", "zeros", "trailing", "space", "thousands"))
    if kind == "exponent":
        shift = rng.choice((-2, -1, 1, 2))
        return f"{format(value.scaleb(-shift), 'f')}{rng.choice('Ee')}{shift}"
    if kind == "plus":
        return "+" + text
    if kind == "zeros":
        return "0" + text
    if kind == "trailing":
        return text + ("0" if "." in text else ".0")
    if kind == "thousands" and value >= 1000:
        return f"{value:,}"
    return rng.choice((" ", "  ")) + text + rng.choice(("", " "))


def _figure(rng: random.Random, table: Table) -> Mutated:
    """One to three figures (values, numerators, denominators) spelt another way."""
    rows = _copy(table)
    columns = [table.column(n) for n in ("Value", "Numerator", "Denominator")]
    cells = [(i, c) for i, r in enumerate(rows) for c in columns if r[c]]
    done = []
    for i, c in rng.sample(cells, rng.choice((1, 1, 2, 3))):
        new = _spelling(rng, rows[i][c])
        done.append(f"row {i + 2} {table.header[c]} {rows[i][c]!r} → {new!r}")
        rows[i][c] = new
    return Mutated(render(table.header, rows).encode(), "; ".join(done), SAME)


def _month(rng: random.Random, table: Table) -> Mutated:
    """The months of every row spelt another way (`2016-09` → `Sep 2016`, `September 2016`)."""
    rows = _copy(table)
    style = rng.choice(("Sep 2016", "September 2016", "2016-09", "Sep-2016"))
    names = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    full = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
            "November", "December")  # fmt: skip
    for r in rows:
        label = r[table.column("Month")]
        year, month = (int(label[:4]), int(label[5:])) if label[:4].isdigit() else (int(label[4:]), 0)
        month = month or names.index(label[:3]) + 1
        r[table.column("Month")] = {
            "Sep 2016": f"{names[month - 1]} {year}",
            "September 2016": f"{full[month - 1]} {year}",
            "2016-09": f"{year}-{month:02d}",
            "Sep-2016": f"{names[month - 1]}-{year}",
        }[style]
    return Mutated(render(table.header, rows).encode(), f"months spelt like {style!r}", SAME)


CSV_EDITS: tuple[Callable[[random.Random, Table], Mutated], ...] = (
    _bytes, _bytes, _stray, _stray, _unbalanced, _truncated, _delimiter, _endings, _quote_all, _reordered,
    _doubled_quotes, _doubled_quotes, _encoding, _encoding,
)  # fmt: skip
CSV_REWRITES: tuple[Callable[[random.Random, Table], Mutated], ...] = (_figure, _figure, _figure, _month)


def csv_edit(rng: random.Random, table: Table) -> Mutated:
    """One CSV edit, chosen at random."""
    return rng.choice(CSV_EDITS)(rng, table)


def csv_rewrite(rng: random.Random, table: Table) -> Mutated:
    """One to three figures, or every month, of the CSV spelt another way that means the same."""
    return rng.choice(CSV_REWRITES)(rng, table)
