"""`python -m scorecard_xl`: the same as the `scorecard-xl` command."""

import sys

try:
    from .cli import main
except KeyboardInterrupt:  # Ctrl+C while the command was still loading, before it could handle it itself
    print("error: interrupted; nothing was written", file=sys.stderr)
    raise SystemExit(130) from None

raise SystemExit(main())
