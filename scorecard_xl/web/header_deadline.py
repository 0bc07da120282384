"""The HTTP protocol the page is served with: uvicorn's h11 protocol plus a deadline for a request's headers.

uvicorn (0.55) bounds only the idle time between requests (`timeout_keep_alive`, armed when a response is
complete and cancelled at the next byte): a client that connects and sends its request line and headers a byte a
second, or sends nothing at all, holds its connection for ever. Here each request's headers must have arrived
in full within `header_seconds` of the connection opening, or of the previous response on a kept-alive
connection; if not, the connection is closed. Once the headers are in, the deadline is off: a long build, or a
large upload, is not cut short by it.

h11 rather than uvicorn's choice of parser: it is always installed with uvicorn, and the deadline reads its
state (the client's side is `IDLE` until a request's headers have been parsed).
"""

from __future__ import annotations

import asyncio
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

HEADER_SECONDS = 10.0  # a browser on this computer sends its headers in milliseconds


class HeaderDeadlineProtocol(H11Protocol):
    """uvicorn's H11Protocol that closes a connection whose request headers take longer than `header_seconds`."""

    header_seconds: float = HEADER_SECONDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._header_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._watch()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        self._watch()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._watch()

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop()
        super().connection_lost(exc)

    def _waiting_for_headers(self) -> bool:
        return self.conn.their_state is h11.IDLE and not self.transport.is_closing()

    def _watch(self) -> None:
        """Arm the deadline when a request's headers are awaited and it is not armed yet; disarm it once they are in."""
        if not self._waiting_for_headers():
            self._stop()
        elif self._header_timer is None:
            self._header_timer = self.loop.call_later(self.header_seconds, self._too_slow)

    def _stop(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _too_slow(self) -> None:
        self._header_timer = None
        if self._waiting_for_headers():
            self.transport.close()


def protocol(header_seconds: float = HEADER_SECONDS) -> type[HeaderDeadlineProtocol]:
    """The protocol class to give uvicorn (`Config(http=...)`), with its deadline for a request's headers."""

    class WithDeadline(HeaderDeadlineProtocol):
        pass

    WithDeadline.header_seconds = header_seconds
    return WithDeadline
