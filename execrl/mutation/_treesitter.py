"""What the Java and Go operator tables share: parsing with a tree-sitter grammar, walking the tree, the edits
common to C-like syntax, and turning edits into mutants.

Edits keep the line count (a deleted multi-line statement leaves its newlines), so an equivalent mutant compiles
to the same line tables as the original and the compile filter can recognise it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from tree_sitter import Language as Grammar
from tree_sitter import Node, Parser

from execrl.mutation.base import Mutant, MutationError, Operator
from execrl.mutation.edit import Edit, apply_edit
from execrl.types import Language

ARITHMETIC = {"+": "-", "-": "+", "*": "/", "/": "*", "%": "*", "<<": ">>", ">>": "<<", "&": "|", "|": "&",
              "^": "&"}  # fmt: skip
RELATIONAL = {"<": ">", ">": "<", "<=": ">=", ">=": "<=", "==": "!=", "!=": "=="}
BOUNDARY = {"<": "<=", "<=": "<", ">": ">=", ">=": ">"}
LOGICAL = {"&&": "||", "||": "&&"}
COMPOUND_ARITHMETIC = {f"{op}=": f"{swap}=" for op, swap in ARITHMETIC.items() if op not in "+-"}
INCREMENT = {"+=": "-=", "-=": "+=", "++": "--", "--": "++"}
UNARY = frozenset({"-", "+", "!", "~", "^"})


class TreeSource:
    """A source parsed by one grammar; offsets are UTF-8 byte offsets, as tree-sitter gives them."""

    def __init__(self, text: str, grammar: Grammar, language: Language) -> None:
        self.text = text
        self.data = text.encode()
        self.root = Parser(grammar).parse(self.data).root_node
        if self.root.has_error:
            line = next((n.start_point.row + 1 for n in self.nodes(lambda _: False) if n.is_error or n.is_missing), 0)
            raise MutationError(f"the {language.value} source does not parse (near line {line})")

    def text_of(self, node: Node) -> str:
        return self.data[node.start_byte : node.end_byte].decode()

    def nodes(self, skip: Callable[[Node], bool]) -> Iterator[Node]:
        """Every node, depth first in source order, without the subtrees of nodes ``skip`` accepts."""
        stack = [self.root]
        while stack:
            node = stack.pop()
            if not skip(node):
                yield node
                stack.extend(reversed(node.children))


Generate = Callable[[Node, TreeSource], Iterator[Edit]]


def swap_field(node: Node, field: str, swaps: dict[str, str], source: TreeSource) -> Iterator[Edit]:
    """Swap the token in ``node``'s ``field`` (usually its operator) when ``swaps`` names it."""
    token = node.child_by_field_name(field)
    if token is not None and (written := source.text_of(token)) in swaps:
        yield Edit(token.start_byte, token.end_byte, swaps[written])


def swapper(kinds: frozenset[str], swaps: dict[str, str], field: str = "operator") -> Generate:
    def operator(node: Node, source: TreeSource) -> Iterator[Edit]:
        if node.type in kinds:
            yield from swap_field(node, field, swaps, source)

    return operator


def binary_swappers(kinds: frozenset[str]) -> dict[Operator, Generate]:
    """The relational, boundary and logical operators: the same C-like tokens in Java and Go."""
    return {Operator.RELATIONAL: swapper(kinds, RELATIONAL), Operator.BOUNDARY: swapper(kinds, BOUNDARY),
            Operator.LOGICAL: swapper(kinds, LOGICAL)}


def negate(condition: Node, source: TreeSource, unary_kind: str) -> Iterator[Edit]:
    """``c`` -> ``!(c)``, unless ``c`` is already a ``!`` expression (the unary operator covers that)."""
    if condition.type == unary_kind and source.text_of(condition).startswith("!"):
        return
    yield Edit(condition.start_byte, condition.end_byte, f"!({source.text_of(condition)})")


def remove_unary(node: Node, source: TreeSource) -> Iterator[Edit]:
    """``-x`` -> ``x``: the operator and any space up to the operand go."""
    token, operand = node.child_by_field_name("operator"), node.child_by_field_name("operand")
    if token is not None and operand is not None and source.text_of(token) in UNARY:
        yield Edit(token.start_byte, operand.start_byte, "")


def bump_integer(written: str) -> str | None:
    """``n`` -> ``n + 1`` keeping a long suffix; ``None`` for forms Python does not read (old-style octal)."""
    digits, suffix = (written[:-1], written[-1]) if written[-1] in "lL" else (written, "")
    try:
        return f"{int(digits, 0) + 1}{suffix}"
    except ValueError:
        return None


def replace_string(written: str) -> str:
    return '"XX"' if written in ('""', "``") else '""'


def enclosing(node: Node, kinds: frozenset[str], stop: frozenset[str] = frozenset()) -> Node | None:
    """The nearest ancestor of one of ``kinds``, or ``None`` if one of ``stop`` (or the root) comes first."""
    parent = node.parent
    while parent is not None and parent.type not in stop:
        if parent.type in kinds:
            return parent
        parent = parent.parent
    return None


def _keep_lines(edit: Edit, source: TreeSource) -> Edit:
    missing = source.data.count(b"\n", edit.start, edit.end) - edit.replacement.count("\n")
    return Edit(edit.start, edit.end, edit.replacement + "\n" * missing) if missing > 0 else edit


def _char_edit(edit: Edit, source: TreeSource) -> Edit:
    if source.text.isascii():
        return edit
    return Edit(len(source.data[: edit.start].decode()), len(source.data[: edit.end].decode()), edit.replacement)


def candidates(
    source: TreeSource, language: Language, operators: dict[Operator, Generate], skip: Callable[[Node], bool]
) -> list[Mutant]:
    """Every mutant of the operator table, in source order (then the table's order)."""
    edits: list[tuple[int, int, Operator, Edit]] = []
    for node in source.nodes(skip):
        for rank, (operator, generate) in enumerate(operators.items()):
            edits += [(edit.start, rank, operator, _keep_lines(edit, source)) for edit in generate(node, source)]
    edits.sort(key=lambda item: (item[0], item[1]))
    return [apply_edit(language, operator, source.text, _char_edit(edit, source)) for _, _, operator, edit in edits]
