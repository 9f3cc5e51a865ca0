"""Go mutants from the tree-sitter Go grammar: the operator table; the plumbing is in ``_treesitter``.

Go-specific choices:

- ``i++`` <-> ``i--`` and ``+=`` <-> ``-=`` are the increment operator; ``&^`` becomes ``&``;
- ``s + "x"`` with a string literal operand is not turned into ``-`` (it would not compile);
- statement deletion removes calls and plain assignments, never ``:=`` declarations (the name would vanish) nor
  ``_ = x`` (which exists to use ``x``); a deletion that leaves a variable or import unused does not compile, and
  the compile filter (``execrl.mutation.gocompile``) marks it;
- a return value becomes the zero of the declared result type (``0``, ``false``, ``""``, ``nil``, else
  ``*new(T)``), one mutant per returned value; bare returns of named results are left alone;
- ``break`` whose nearest target is a ``switch`` or ``select`` stays, as do labelled jumps;
- imports, struct tags and comments are not mutated; float, imaginary and rune literals are not either (yet).
"""

from __future__ import annotations

from collections.abc import Iterator

import tree_sitter_go
from tree_sitter import Language as Grammar
from tree_sitter import Node

from execrl.mutation import _treesitter as ts
from execrl.mutation.base import Mutant, Operator
from execrl.mutation.edit import Edit
from execrl.types import Language

GRAMMAR = Grammar(tree_sitter_go.language())

_STRINGS = frozenset({"interpreted_string_literal", "raw_string_literal"})
_FUNCTIONS = frozenset({"function_declaration", "method_declaration", "func_literal"})
_BREAK_TARGETS = frozenset({"for_statement", "expression_switch_statement", "type_switch_statement",
                            "select_statement"})  # fmt: skip
_NUMERIC = frozenset({"int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64",
                      "uintptr", "byte", "rune", "float32", "float64", "complex64", "complex128"})  # fmt: skip
_NIL_TYPES = frozenset({"pointer_type", "slice_type", "map_type", "channel_type", "function_type",
                        "interface_type"})  # fmt: skip
_SKIPPED = frozenset({"import_declaration", "comment"})


def _arithmetic(node: Node, source: ts.TreeSource) -> Iterator[Edit]:
    if node.type == "binary_expression":
        operands = (node.child_by_field_name("left"), node.child_by_field_name("right"))
        if not any(operand is not None and operand.type in _STRINGS for operand in operands):
            yield from ts.swap_field(node, "operator", {**ts.ARITHMETIC, "&^": "&"}, source)
    elif node.type == "assignment_statement":
        yield from ts.swap_field(node, "operator", {**ts.COMPOUND_ARITHMETIC, "&^=": "&="}, source)


def _conditions(node: Node) -> list[Node]:
    if node.type in ("if_statement", "for_clause"):
        condition = node.child_by_field_name("condition")
        return [condition] if condition is not None else []
    if node.type == "for_statement":  # "for cond {": the condition is the one unnamed-field operand
        body = node.child_by_field_name("body")
        return [c for c in node.named_children if c != body and c.type not in ("for_clause", "range_clause")]
    return []


def _negate_condition(node: Node, source: ts.TreeSource) -> Iterator[Edit]:
    for condition in _conditions(node):
        yield from ts.negate(condition, source, "unary_expression")


def _unary(node: Node, source: ts.TreeSource) -> Iterator[Edit]:
    if node.type == "unary_expression":
        yield from ts.remove_unary(node, source)


def _increment(node: Node, source: ts.TreeSource) -> Iterator[Edit]:
    if node.type in ("inc_statement", "dec_statement"):
        token = node.children[-1]
        yield Edit(token.start_byte, token.end_byte, ts.INCREMENT[source.text_of(token)])
    elif node.type == "assignment_statement":
        yield from ts.swap_field(node, "operator", ts.INCREMENT, source)


def _constant(node: Node, source: ts.TreeSource) -> Iterator[Edit]:
    replacement: str | None = None
    if node.type == "int_literal":
        replacement = ts.bump_integer(source.text_of(node).replace("_", ""))
    elif node.type in ("true", "false"):
        replacement = "false" if node.type == "true" else "true"
    elif node.type in _STRINGS and node.parent is not None and node.parent.type != "field_declaration":
        replacement = ts.replace_string(source.text_of(node))
    if replacement is not None:
        yield Edit(node.start_byte, node.end_byte, replacement)


def _zero_of(declared: Node, source: ts.TreeSource) -> str:
    written = source.text_of(declared)
    if written in _NUMERIC:
        return "0"
    if written in ("bool", "string"):
        return "false" if written == "bool" else '""'
    if declared.type in _NIL_TYPES or written in ("error", "any"):
        return "nil"
    return f"*new({written})"  # the zero value of any type


def _result_types(function: Node) -> list[Node]:
    result = function.child_by_field_name("result")
    if result is None or result.type != "parameter_list":
        return [result] if result is not None else []
    types: list[Node] = []
    for declaration in result.named_children:
        declared = declaration.child_by_field_name("type")
        names = [child for child in declaration.named_children if child.type == "identifier"]
        types += [declared] * max(1, len(names)) if declared is not None else []
    return types


def _return_value(node: Node, source: ts.TreeSource) -> Iterator[Edit]:
    function = ts.enclosing(node, _FUNCTIONS) if node.type == "return_statement" else None
    if function is None or node.named_child_count == 0:
        return
    values = [child for child in node.named_children[0].named_children if child.type != "comment"]
    types = _result_types(function)
    if len(values) == len(types):
        for value, declared in zip(values, types, strict=True):
            if source.text_of(value) != (zero := _zero_of(declared, source)):
                yield Edit(value.start_byte, value.end_byte, zero)


def _statement_deletion(node: Node, source: ts.TreeSource) -> Iterator[Edit]:
    deletable = node.type == "expression_statement" and node.named_children[0].type == "call_expression"
    if node.type == "assignment_statement":
        left = node.child_by_field_name("left")
        deletable = left is not None and source.text_of(left).strip() != "_"
    if deletable and node.parent is not None and node.parent.type in ("statement_list", "block"):
        yield Edit(node.start_byte, node.end_byte, "")


def _loop_control(node: Node, source: ts.TreeSource) -> Iterator[Edit]:
    if node.type not in ("break_statement", "continue_statement") or node.named_child_count > 0:
        return  # a labelled jump names its own target
    target = ts.enclosing(node, _BREAK_TARGETS, stop=_FUNCTIONS)
    if node.type == "continue_statement":
        yield Edit(node.start_byte, node.end_byte, "break")
    elif target is not None and target.type == "for_statement":
        yield Edit(node.start_byte, node.end_byte, "continue")


OPERATORS: dict[Operator, ts.Generate] = {
    Operator.ARITHMETIC: _arithmetic,
    **ts.binary_swappers(frozenset({"binary_expression"})),
    Operator.NEGATE_CONDITION: _negate_condition,
    Operator.UNARY: _unary,
    Operator.INCREMENT: _increment,
    Operator.CONSTANT: _constant,
    Operator.RETURN_VALUE: _return_value,
    Operator.STATEMENT_DELETION: _statement_deletion,
    Operator.LOOP_CONTROL: _loop_control,
}


def go_mutants(text: str) -> list[Mutant]:
    """Every mutant of a Go file, in source order, before compiling (see ``execrl.mutation.gocompile``)."""
    source = ts.TreeSource(text, GRAMMAR, Language.GO)
    return ts.candidates(source, Language.GO, OPERATORS, lambda node: node.type in _SKIPPED)
