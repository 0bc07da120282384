"""The workbook a fuzz case starts from, taken apart into its parts, and the zip-level mutations: bytes flipped in
the file, declared sizes and CRCs that lie, duplicate or missing members, junk around the archive, a truncated
file, a huge declared `uniqueCount`, members stored or reordered (which mean the same).

Every maker takes a seeded `random.Random` and the `Book`, and returns a `Mutated`: the new file's bytes, a
description precise enough to reproduce it by hand, and the oracle (what a correct build may do with it).
"""

from __future__ import annotations

import io
import random
import re
import struct
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

# What a correct build may do with a case:
SAME = "same"  # it means what the clean input means: the clean figures, or an error; never a different figure
ERROR = "error"  # it is damaged or ambiguous: an error; exit 0 is "accepted", and a different figure is wrong
ANY = "any"  # its meaning may have changed: a different figure is not wrong in itself, but should not be silent

_DATE = (2016, 10, 1, 0, 0, 0)
# Bytes a flip never makes nor changes inside a part: a digit turned into another digit spells another figure
# that no reader could tell from the real one, so it is no finding.
NUMERIC = frozenset(b"0123456789.+-eE")


@dataclass(frozen=True)
class Mutated:
    """A mutated input: its bytes, how it was made, and what a correct build may do with it (SAME/ERROR/ANY).
    `texts` gives narratives the input now holds on purpose (measure id → text), for the SAME comparison."""

    data: bytes
    description: str
    oracle: str
    texts: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Book:
    """The clean workbook: its bytes and its members in archive order (name → uncompressed bytes)."""

    raw: bytes
    parts: dict[str, bytes]

    @classmethod
    def of(cls, raw: bytes) -> Book:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            parts = {info.filename: archive.read(info) for info in archive.infolist()}
        return cls(raw, parts)

    @property
    def sheets(self) -> list[str]:
        """The worksheet part names, in sheet order (sheet1 … sheetN)."""
        names = [n for n in self.parts if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n)]
        return sorted(names, key=lambda n: int(re.findall(r"\d+", n)[-1]))


def pack(parts: list[tuple[str, bytes]], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A zip of `parts` in the order given (names as given, duplicates kept), with fixed dates: same parts, same
    bytes."""
    buffer = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buffer, "w", compression) as archive:
        warnings.simplefilter("ignore")  # a duplicate name is written on purpose
        for name, data in parts:
            info = zipfile.ZipInfo(name, date_time=_DATE)
            info.compress_type = compression
            archive.writestr(info, data)
    return buffer.getvalue()


def repack(book: Book, changes: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """The book's parts, in order, with `changes` replacing some of them."""
    return pack([(n, changes.get(n, d)) for n, d in book.parts.items()], compression)


def flip(rng: random.Random, data: bytes, count: int, avoid: frozenset[int] = frozenset()) -> tuple[bytes, str]:
    """`count` bytes XORed with a random non-zero byte; bytes in `avoid` are neither changed nor made."""
    out = bytearray(data)
    done = []
    for _ in range(count):
        for _attempt in range(50):
            at = rng.randrange(len(out))
            new = out[at] ^ rng.randrange(1, 256)
            if out[at] not in avoid and new not in avoid:
                done.append(f"@{at} {out[at]:02x}→{new:02x}")
                out[at] = new
                break
    return bytes(out), ", ".join(done)


def _bytes(rng: random.Random, book: Book) -> Mutated:
    data, what = flip(rng, book.raw, rng.choice((1, 1, 2, 4, 8)))
    return Mutated(data, f"file bytes flipped: {what}", ANY)


def _headers(data: bytes, name: str) -> list[tuple[int, int]]:
    """(offset of the local header, offset of the central-directory header) of each member called `name`."""
    encoded = name.encode("utf-8")
    local = [m.start() for m in re.finditer(re.escape(b"PK\x03\x04"), data)]
    local = [at for at in local if data[at + 30 : at + 30 + struct.unpack_from("<H", data, at + 26)[0]] == encoded]
    central = [m.start() for m in re.finditer(re.escape(b"PK\x01\x02"), data)]
    central = [at for at in central if data[at + 46 : at + 46 + struct.unpack_from("<H", data, at + 28)[0]] == encoded]
    return list(zip(local, central, strict=True))


def _patched(book: Book, name: str, local_at: int, central_at: int, value: int) -> bytes:
    data = bytearray(book.raw)
    for at, offset in _headers(book.raw, name):
        struct.pack_into("<I", data, at + local_at, value)
        struct.pack_into("<I", data, offset + central_at, value)
    return bytes(data)


def _size(rng: random.Random, book: Book) -> Mutated:
    name = rng.choice(list(book.parts))
    size = len(book.parts[name])
    value = rng.choice((0, 1, size - 1, size + 1, size * 2, 0xFFFFFFFF, rng.randrange(1 << 32)))
    return Mutated(_patched(book, name, 22, 24, value), f"{name}: declared size {size} → {value}", SAME)


def _crc(rng: random.Random, book: Book) -> Mutated:
    name = rng.choice(list(book.parts))
    value = rng.randrange(1 << 32)
    return Mutated(_patched(book, name, 14, 16, value), f"{name}: CRC → {value:08x}", SAME)


def _duplicate_member(rng: random.Random, book: Book) -> Mutated:
    name = rng.choice([*book.sheets, *book.sheets, "xl/sharedStrings.xml", "xl/workbook.xml"])
    data = book.parts[name]
    numbers = list(re.finditer(rb"<v>([0-9.]+)</v>", data))
    if numbers:
        hit = rng.choice(numbers)
        data = data[: hit.start(1)] + b"77" + data[hit.end(1) :]
    parts = list(book.parts.items())
    at = rng.randrange(len(parts) + 1)
    parts.insert(at, (name, data))
    return Mutated(pack(parts), f"{name} twice (the copy at member {at}, a figure in it set to 77)", ERROR)


def _missing_member(rng: random.Random, book: Book) -> Mutated:
    name = rng.choice(list(book.parts))
    return Mutated(pack([(n, d) for n, d in book.parts.items() if n != name]), f"{name} left out", SAME)


def _unique_count(rng: random.Random, book: Book) -> Mutated:
    count = rng.choice(("99999999999", "100000000", "4294967296", "-1", "0", "1", "x", "1e9"))
    attribute = rng.choice(("uniqueCount", "count"))
    sst = re.sub(rf'{attribute}="\d+"'.encode(), f'{attribute}="{count}"'.encode(), book.parts["xl/sharedStrings.xml"])
    return Mutated(repack(book, {"xl/sharedStrings.xml": sst}), f'sharedStrings {attribute}="{count}"', SAME)


def _dimension(rng: random.Random, book: Book) -> Mutated:
    name = rng.choice(book.sheets)
    ref = rng.choice(("A1:XFD1048576", "A1:ZZ999999", "A1", "XFD1048576", "A0:B0", "a1:f39", "A1:F39:G4"))
    sheet = re.sub(rb'<dimension ref="[^"]*"/>', f'<dimension ref="{ref}"/>'.encode(), book.parts[name])
    return Mutated(repack(book, {name: sheet}), f'{name}: <dimension ref="{ref}">', SAME)


def _stored(rng: random.Random, book: Book) -> Mutated:
    return Mutated(repack(book, {}, zipfile.ZIP_STORED), "every member stored, not deflated", SAME)


def _reordered(rng: random.Random, book: Book) -> Mutated:
    parts = list(book.parts.items())
    rng.shuffle(parts)
    return Mutated(pack(parts), "members in a shuffled order", SAME)


def _junk(rng: random.Random, book: Book) -> Mutated:
    junk = bytes(rng.randrange(256) for _ in range(rng.choice((1, 16, 512, 4096))))
    if rng.random() < 0.5:
        return Mutated(junk + book.raw, f"{len(junk)} junk bytes before the archive", SAME)
    return Mutated(book.raw + junk, f"{len(junk)} junk bytes after the archive", SAME)


def _truncated(rng: random.Random, book: Book) -> Mutated:
    at = rng.randrange(1, len(book.raw))
    return Mutated(book.raw[:at], f"file cut at byte {at} of {len(book.raw)}", SAME)


def _renamed(rng: random.Random, book: Book) -> Mutated:
    name = rng.choice(list(book.parts))
    new = rng.choice((name.upper(), name.replace("/", "\\"), "/" + name, "../" + name, name + " ", name.title()))
    parts = [(new if n == name else n, d) for n, d in book.parts.items()]
    return Mutated(pack(parts), f"{name} renamed {new!r}", SAME)


def _flags(rng: random.Random, book: Book) -> Mutated:
    name = rng.choice(list(book.parts))
    bits = rng.choice((1, 8, 0x41, 0x2000))
    data = bytearray(book.raw)
    for at, offset in _headers(book.raw, name):
        struct.pack_into("<H", data, at + 6, bits)
        struct.pack_into("<H", data, offset + 8, bits)
    return Mutated(bytes(data), f"{name}: general-purpose flag bits {bits:#x}", SAME)


def _extra_member(rng: random.Random, book: Book) -> Mutated:
    kind = rng.choice(("bomb", "directory", "empty", "many"))
    parts = list(book.parts.items())
    if kind == "bomb":
        parts.append(("xl/media/image1.png", b"\0" * (rng.choice((2, 40, 200)) << 20)))
        what = f"an extra member of {len(parts[-1][1]) >> 20} MiB of zeros"
    elif kind == "directory":
        parts.insert(rng.randrange(len(parts)), ("xl/worksheets/", b""))
        what = "a directory entry xl/worksheets/"
    elif kind == "empty":
        parts.append(("xl/worksheets/sheet99.xml", b""))
        what = "an empty xl/worksheets/sheet99.xml"
    else:
        parts += [(f"customXml/item{i}.xml", b"<a/>") for i in range(rng.choice((100, 2500)))]
        what = f"{len(parts) - len(book.parts)} extra small members"
    return Mutated(pack(parts), what, SAME)


ZIP_TRICKS: tuple[Callable[[random.Random, Book], Mutated], ...] = (
    _size, _crc, _duplicate_member, _missing_member, _unique_count, _unique_count, _dimension, _stored,
    _reordered, _junk, _truncated, _renamed, _flags, _extra_member,
)  # fmt: skip


def file_bytes(rng: random.Random, book: Book) -> Mutated:
    """Bytes of the file flipped (the zip's CRCs should catch nearly all)."""
    return _bytes(rng, book)


def zip_trick(rng: random.Random, book: Book) -> Mutated:
    """One zip-level trick, chosen at random."""
    return rng.choice(ZIP_TRICKS)(rng, book)
