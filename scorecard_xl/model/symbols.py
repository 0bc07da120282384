"""The markers an extract may hold instead of a figure, and what each means."""

from __future__ import annotations

# Read as "no figure" (blank is missing too).
MISSING_MARKERS = frozenset({"", "-", "–", "—", "n/a", "na", "..", "n.a.", "#n/a (missing)"})
# Read as "suppressed to protect confidentiality": printed `*`, no RAG, no arrow.
SUPPRESSED_MARKERS = frozenset({"*", "c", "x", "[c]", "[x]", "<5"})
# The markers an empty month sheet (new-extract) accepts in its value cells: a few of each kind, easy to type.
ENTRY_MARKERS = ("-", "n/a", "*", "c", "x", "<5")
