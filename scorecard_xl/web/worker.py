"""The drop-in page's worker process: reads a pickled Task on stdin, builds in its cwd, writes a pickled Outcome."""

from __future__ import annotations

import pickle
import sys

from .jobs import Task, work


def main() -> int:
    """Run one task from the server (trusted: it is our own parent) and answer on stdout; exit 0 when answered."""
    task = pickle.loads(sys.stdin.buffer.read())
    if not isinstance(task, Task):
        return 2
    sys.stdout.buffer.write(pickle.dumps(work(task)))
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
