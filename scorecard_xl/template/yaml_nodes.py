"""Template YAML → plain data that remembers each mapping's, list's and key's line; no aliases, no repeated keys."""

from __future__ import annotations

from typing import Any

import yaml

from ..model import Location, Problem

# libyaml's C loader (shipped in PyYAML's wheels) composes a large template several times faster than the
# pure-Python one and still gives every node's line; the pure-Python loader is the fallback where it is absent.
_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Map(dict[str, Any]):
    """A YAML mapping that remembers its own line and the line of each key."""

    line: int = 0
    key_lines: dict[str, int]


class _NodeProblem(Exception):
    """A YAML problem found while converting nodes: a repeated key or an alias."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


class List(list[Any]):
    """A YAML sequence that remembers its line."""

    line: int = 0


def _to_data(loader: Any, node: yaml.Node, seen: set[int] | None = None) -> Any:
    seen = set() if seen is None else seen
    line = node.start_mark.line + 1
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
        if id(node) in seen:  # an alias (*name): refused, so that no template can expand exponentially
            raise _NodeProblem(line, "YAML aliases (*name) are not allowed in a template; write the value out")
        seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        result = Map()
        result.line = line
        result.key_lines = {}
        for key_node, value_node in node.value:
            key = _scalar(loader, key_node)
            if str(key) in result:
                first = result.key_lines[str(key)]
                raise _NodeProblem(key_node.start_mark.line + 1, f"'{key}' is given twice (first at line {first})")
            result[str(key)] = _to_data(loader, value_node, seen)
            result.key_lines[str(key)] = key_node.start_mark.line + 1
        return result
    if isinstance(node, yaml.SequenceNode):
        items = List(_to_data(loader, n, seen) for n in node.value)
        items.line = line
        return items
    return _scalar(loader, node)


def _scalar(loader: Any, node: yaml.Node) -> Any:
    """The value of a scalar node; an integer too long for Python to read (over 4,300 digits) is a problem."""
    try:
        return loader.construct_object(node, deep=True)
    except ValueError as exc:
        raise _NodeProblem(node.start_mark.line + 1, "a number of over 4,300 digits cannot be read") from exc


def compose(text: str, source: str) -> tuple[Any, Problem | None]:
    """The YAML `text` as `Map`/`List`/scalars, or a problem naming `source` and the line.

    An empty document, invalid YAML, an alias or a repeated key is a problem (code `template-yaml`).
    """
    try:
        loader = _LOADER(text)
        try:
            node = loader.get_single_node()
            if node is None:
                return None, Problem.error("template-empty", Location(file=source), "the template is empty")
            return _to_data(loader, node), None
        except _NodeProblem as exc:
            return None, Problem.error("template-yaml", Location(file=source, line=exc.line), exc.message)
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return None, Problem.error("template-yaml", Location(file=source, line=line), f"not valid YAML: {problem}")
