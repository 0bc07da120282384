"""Pause Python's cyclic garbage collector while a stage makes many long-lived objects that form no cycles, and give
the memory a finished stage freed back to the system."""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator

_lock = threading.Lock()
_depth = 0
_was_enabled = False


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """Run the block with the cyclic collector off, then restore it as it was.

    Reading or writing a large scorecard makes a million objects (cells, observations, locations, xlsxwriter's
    cells), none in a cycle: each full collection walks all of them, a quarter of the time at 240,000 figures.
    Reference counting still frees everything as usual. Nested or overlapping pauses (threads) restore the
    collector only when the last one ends, and only if it was on when the first began.
    """
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()


def release_free_memory() -> None:
    """Hand the heap's free pages back to the system (glibc's `malloc_trim`), where there is such a call.

    Reading a large extract frees most of what it allocated (cells, each sheet's values, the observations), but
    the C allocator keeps the freed pages for reuse, so the process would carry them through writing: at 2,000
    measures × 120 months about 50 MB. Elsewhere (macOS, Windows, musl, or a Python without ctypes) this does
    nothing.
    """
    try:
        import ctypes  # absent from a Python built without libffi

        trim = ctypes.CDLL(None).malloc_trim  # the C library the interpreter runs on
    except (ImportError, OSError, AttributeError, TypeError):
        return
    trim(0)
