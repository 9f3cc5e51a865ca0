"""One walk over a syntax tree, indexed by node type, so each check visits only the nodes it cares about.

A program is checked by a dozen rules; walking its tree once per rule cost more than everything else together.
"""

from __future__ import annotations

import ast
from typing import TypeVar

N = TypeVar("N", bound=ast.AST)


class NodeIndex:
    def __init__(self, tree: ast.AST | None) -> None:
        self._by_type: dict[type[ast.AST], list[ast.AST]] = {}
        if tree is not None:
            for node in ast.walk(tree):
                self._by_type.setdefault(type(node), []).append(node)

    def of(self, *kinds: type[N]) -> list[N]:
        """Every node of these exact types (subclasses are not looked up): in walk order for one kind, in source
        order for several."""
        found = [node for kind in kinds for node in self._by_type.get(kind, ())]
        if len(kinds) > 1:
            found.sort(key=_position)
        return found  # type: ignore[return-value]  # the lists hold exactly these types

    def count(self, kind: type[ast.AST]) -> int:
        return len(self._by_type.get(kind, ()))


def _position(node: ast.AST) -> tuple[int, int]:
    return (getattr(node, "lineno", 0), getattr(node, "col_offset", 0))
