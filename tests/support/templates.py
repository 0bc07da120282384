"""Small templates for tests: one outcome, one theme, the measures given as YAML flow mappings."""

from __future__ import annotations


def one_theme(*measures: str, portfolio: str = "Test portfolio") -> str:
    """Template YAML for `portfolio` whose one theme holds `measures`, each a flow mapping such as
    `{id: M1, number: 1, title: Monthly count, good_to_be: high, unit: count, target: 10}` (a measure may run over
    several lines: its later lines are indented to stay inside its mapping)."""
    lines = [
        "title: Appendix 1",
        f"portfolio: {portfolio}",
        "outcomes:",
        "  - name: Outcome",
        "    themes:",
        "      - name: Theme",
        "        measures:",
    ]
    for measure in measures:
        first, *rest = measure.splitlines()
        lines.append(f"          - {first}")
        lines += [f"             {line.strip()}" for line in rest]
    return "\n".join(lines) + "\n"
