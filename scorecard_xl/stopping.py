"""Stopping a command cleanly: SIGTERM handled as Ctrl+C is, and the few steps that must finish whole (renaming
a workbook and its PDF into place) run with both signals held until they end."""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Callable, Iterator
from types import FrameType

Handler = Callable[[int, FrameType | None], object] | int | signal.Handlers | None


class Terminated(KeyboardInterrupt):
    """SIGTERM arrived: raised as an interruption, so that the clean-up Ctrl+C runs (temporary files removed,
    previous output kept) runs for it too."""


def _terminated(signum: int, frame: FrameType | None) -> None:
    raise Terminated(signum)


def _in_main_thread() -> bool:
    """Python runs signal handlers, and lets them be set, only in the main thread."""
    return threading.current_thread() is threading.main_thread()


@contextlib.contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """Within the block, SIGTERM raises Terminated (a KeyboardInterrupt) instead of ending the process at once;
    the previous handler is put back after it. Outside the main thread the block runs as it is."""
    if not _in_main_thread() or not hasattr(signal, "SIGTERM"):
        yield
        return
    previous = signal.signal(signal.SIGTERM, _terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous if previous is not None else signal.SIG_DFL)


HELD = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM") if hasattr(signal, name))


@contextlib.contextmanager
def held() -> Iterator[None]:
    """Run the block with SIGINT and SIGTERM held: one arriving inside is remembered, and handled as it would have
    been (a KeyboardInterrupt raised, the process ended, or nothing when ignored) once the block has ended, so that
    the block always runs to its end. Outside the main thread, where no handler runs, the block runs as it is."""
    if not _in_main_thread():
        yield
        return
    caught: list[int] = []

    def remember(signum: int, frame: FrameType | None) -> None:
        caught.append(signum)

    previous: dict[int, Handler] = {sig: signal.signal(sig, remember) for sig in HELD}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler if handler is not None else signal.SIG_DFL)
        for sig in dict.fromkeys(caught):
            _deliver(sig, previous[sig])


def _deliver(sig: int, handler: Handler) -> None:
    """Handle a remembered signal as `handler` would have: call it, or take the default action."""
    if callable(handler):
        handler(sig, None)
    elif handler in (signal.SIG_DFL, None):
        signal.raise_signal(sig)  # the default action, now that the default handler is back
