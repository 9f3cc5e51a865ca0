"""Java mutants from the tree-sitter Java grammar: the operator table; the plumbing is in ``_treesitter``.

Java-specific choices:

- ``s + "x"`` with a string literal operand is not turned into ``-`` (it would not compile);
- ``if (c) f();`` loses its call as ``if (c) ;``: a deleted statement becomes the empty statement, never nothing;
- a return value becomes the zero of the method's declared type: ``0``, ``0.0``, ``false``, ``""`` for
  ``String``, ``null`` for other references; returns inside lambdas are left alone (no declared type);
- ``break`` whose nearest target is a ``switch`` stays (``continue`` there would leave the switch's loop, or not
  compile), as do labelled ``break``/``continue``;
- annotations and text blocks are not mutated; floating-point and character literals are not either (yet).
"""

from __future__ import annotations

from collections.abc import Iterator

import tree_sitter_java
from tree_sitter import Language as Grammar
from tree_sitter import Node, Parser

from execrl.mutation import _treesitter as ts
from execrl.mutation.base import Mutant, Operator
from execrl.mutation.edit import Edit
from execrl.types import Language

GRAMMAR = Grammar(tree_sitter_java.language())

_STRING = "string_literal"
_INTEGERS = frozenset({"decimal_integer_literal", "hex_integer_literal", "octal_integer_literal",
                       "binary_integer_literal"})  # fmt: skip
_LOOPS = frozenset({"for_statement", "enhanced_for_statement", "while_statement", "do_statement"})
_BREAK_TARGETS = _LOOPS | {"switch_expression", "switch_block"}
_FUNCTIONS = frozenset({"method_declaration", "constructor_declaration", "lambda_expression"})
_SKIPPED = frozenset({"annotation", "marker_annotation", "line_comment", "block_comment"})


def _arithmetic(node: Node, source: ts.TreeSource) -> Iterator[Edit]:
    if node.type == "binary_expression":
        operands = (node.child_by_field_name("left"), node.child_by_field_name("right"))
        if not any(operand is not None and operand.type == _STRING for operand in operands):
            yield from ts.swap_field(node, "operator", ts.ARITHMETIC, source)
    elif node.type == "assignment_expression":
        yield from ts.swap_field(node, "operator", ts.COMPOUND_ARITHMETIC, source)


def _negate_condition(node: Node, source: ts.TreeSource) -> Iterator[Edit]:
    condition = node.child_by_field_name("condition")
    if condition is None or node.type not in _LOOPS | {"if_statement", "ternary_expression"}:
        return
    if condition.type == "parenthesized_expression" and condition.named_child_count == 1:
        condition = condition.named_children[0]
    yield from ts.negate(condition, source, "unary_expression")


def _unary(node: Node, source: ts.TreeSource) -> Iterator[Edit]:
    if node.type == "unary_expression":
        yield from ts.remove_unary(node, source)


def _increment(node: Node, source: ts.TreeSource) -> Iterator[Edit]:
    if node.type == "update_expression":
        token = next(child for child in node.children if not child.is_named)
        yield Edit(token.start_byte, token.end_byte, ts.INCREMENT[source.text_of(token)])
    elif node.type == "assignment_expression":
        yield from ts.swap_field(node, "operator", ts.INCREMENT, source)


def _constant(node: Node, source: ts.TreeSource) -> Iterator[Edit]:
    written = source.text_of(node)
    replacement: str | None = None
    if node.type in _INTEGERS:
        replacement = ts.bump_integer(written.replace("_", ""))
    elif node.type in ("true", "false"):
        replacement = "false" if node.type == "true" else "true"
    elif node.type == _STRING and not written.startswith('"""'):
        replacement = ts.replace_string(written)
    if replacement is not None:
        yield Edit(node.start_byte, node.end_byte, replacement)


def _zero_of(declared: Node, source: ts.TreeSource) -> str | None:
    kind = declared.type
    if kind == "void_type":
        return None
    if kind in ("integral_type", "floating_point_type", "boolean_type"):
        return {"integral_type": "0", "floating_point_type": "0.0", "boolean_type": "false"}[kind]
    return '""' if source.text_of(declared) in ("String", "java.lang.String") else "null"


def _return_value(node: Node, source: ts.TreeSource) -> Iterator[Edit]:
    if node.type != "return_statement" or node.named_child_count == 0:
        return
    function = ts.enclosing(node, _FUNCTIONS)
    declared = function.child_by_field_name("type") if function is not None else None
    value = node.named_children[0]
    zero = _zero_of(declared, source) if declared is not None else None
    if zero is not None and source.text_of(value) != zero:
        yield Edit(value.start_byte, value.end_byte, zero)


def _statement_deletion(node: Node, source: ts.TreeSource) -> Iterator[Edit]:
    if node.type == "expression_statement" and node.named_child_count == 1:
        if node.named_children[0].type in ("method_invocation", "assignment_expression"):
            yield Edit(node.start_byte, node.end_byte, ";")


def _loop_control(node: Node, source: ts.TreeSource) -> Iterator[Edit]:
    if node.type not in ("break_statement", "continue_statement") or node.named_child_count > 0:
        return  # a labelled jump names its own target
    target = ts.enclosing(node, _BREAK_TARGETS, stop=_FUNCTIONS)
    if node.type == "continue_statement":
        yield Edit(node.start_byte, node.children[0].end_byte, "break")
    elif target is not None and target.type in _LOOPS:
        yield Edit(node.start_byte, node.children[0].end_byte, "continue")


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


def java_mutants(text: str) -> list[Mutant]:
    """Every mutant of a Java compilation unit, in source order, before compiling (see ``execrl.mutation.javac``)."""
    source = ts.TreeSource(text, GRAMMAR, Language.JAVA)
    return ts.candidates(source, Language.JAVA, OPERATORS, lambda node: node.type in _SKIPPED)


_DECLARATIONS = frozenset({"class_declaration", "interface_declaration", "enum_declaration", "record_declaration",
                           "annotation_type_declaration"})  # fmt: skip


def public_class_name(text: str) -> str | None:
    """The public top-level type declared in ``text``, which names its file."""
    for node in Parser(GRAMMAR).parse(text.encode()).root_node.named_children:
        modifiers = next((child for child in node.named_children if child.type == "modifiers"), None)
        name = node.child_by_field_name("name")
        if node.type in _DECLARATIONS and modifiers is not None and name is not None:
            if any(child.type == "public" for child in modifiers.children):
                return text.encode()[name.start_byte : name.end_byte].decode()
    return None
