"""Python mutants from the standard library's ``ast``, each replacing exactly one span of the original text.

Every operator is a small generator in ``OPERATORS``: given one AST node and the source, it yields the edits it
makes there. Positions come from the nodes (operands) and the token stream (operator symbols, which the AST does
not place), so a mutant keeps the file's formatting and comments; nothing is re-printed with ``ast.unparse``.

Not mutated, and why:

- docstrings: changing them changes no behaviour a test can see;
- type annotations (arguments, returns, annotated assignments): not evaluated at run time by the code tested;
- ``if __name__ == "__main__":`` blocks: tests import the module, so the block never runs under them;
- f-strings: CPython 3.11 places the nodes inside them unreliably, and a wrong span would corrupt the mutant;
- string constants that are dict keys or subscripts (``{"k": v}``, ``d["k"]``): the mutant only raises
  ``KeyError``, which every test touching the line kills, so it says nothing about the tests.

``python_mutants`` also drops mutants that compile to the same bytecode as the original or as an earlier mutant
(``screen_python``): code objects are compared recursively, line numbers ignored.
"""

from __future__ import annotations

import ast
import bisect
import io
import tokenize
import types
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass

from execrl.mutation.base import Mutant, MutationError, Operator
from execrl.mutation.edit import Edit, apply_edit
from execrl.mutation.screen import Screening, screen_by_fingerprint
from execrl.types import Language


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    string: str


class PythonSource:
    """The text with character offsets for AST positions (whose columns count UTF-8 bytes) and its tokens."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._lines = text.split("\n")
        self._line_starts = [0]
        for line in self._lines[:-1]:
            self._line_starts.append(self._line_starts[-1] + len(line) + 1)
        self._tokens = [
            _Token(self._offset_chars(*token.start), self._offset_chars(*token.end), token.string)
            for token in tokenize.generate_tokens(io.StringIO(text).readline)
            if token.type in (tokenize.OP, tokenize.NAME, tokenize.NUMBER, tokenize.STRING)
        ]
        self._token_starts = [token.start for token in self._tokens]

    def _offset_chars(self, lineno: int, column: int) -> int:
        return self._line_starts[lineno - 1] + column

    def _offset_bytes(self, lineno: int, column: int) -> int:
        line = self._lines[lineno - 1]
        if not line.isascii():
            column = len(line.encode()[:column].decode())
        return self._line_starts[lineno - 1] + column

    def start(self, node: ast.AST) -> int:
        return self._offset_bytes(node.lineno, node.col_offset)  # type: ignore[attr-defined]

    def end(self, node: ast.AST) -> int:
        return self._offset_bytes(node.end_lineno, node.end_col_offset)  # type: ignore[attr-defined]

    def next_token_start(self, offset: int) -> int:
        return self._token_starts[bisect.bisect_right(self._token_starts, offset)]

    def tokens_between(self, start: int, end: int) -> list[_Token]:
        """The tokens inside ``[start, end)``, brackets left out."""
        first = bisect.bisect_left(self._token_starts, start)
        last = bisect.bisect_left(self._token_starts, end)
        return [token for token in self._tokens[first:last] if token.string not in "()"]

    def token_edit(self, start: int, end: int, swaps: dict[str, str]) -> Iterator[Edit]:
        """Swap the operator written between two operands: ``is not``/``not in`` are two tokens."""
        tokens = self.tokens_between(start, end)
        if tokens:
            span = Edit(tokens[0].start, tokens[-1].end, "")
            written = " ".join(self.text[span.start : span.end].split())
            if written in swaps:
                yield Edit(span.start, span.end, swaps[written])


# Operators ------------------------------------------------------------------------------------------------------

_ARITHMETIC = {"+": "-", "-": "+", "*": "/", "/": "*", "//": "/", "%": "*", "**": "*",
               "<<": ">>", ">>": "<<", "&": "|", "|": "&", "^": "&"}  # fmt: skip
_AUGMENTED_ARITHMETIC = {f"{op}=": f"{swap}=" for op, swap in _ARITHMETIC.items() if op not in "+-"}
_INCREMENT = {"+=": "-=", "-=": "+="}
_RELATIONAL = {"<": ">", ">": "<", "<=": ">=", ">=": "<=", "==": "!=", "!=": "==",
               "is": "is not", "is not": "is", "in": "not in", "not in": "in"}  # fmt: skip
_BOUNDARY = {"<": "<=", "<=": "<", ">": ">=", ">=": ">"}
_LOGICAL = {"and": "or", "or": "and"}


def _operands(node: ast.AST) -> list[tuple[ast.AST, ast.AST]]:
    """Neighbouring operands, between which an operator is written."""
    if isinstance(node, ast.BinOp):
        return [(node.left, node.right)]
    if isinstance(node, ast.AugAssign):
        return [(node.target, node.value)]
    if isinstance(node, ast.Compare):
        operands = [node.left, *node.comparators]
        return list(zip(operands, operands[1:], strict=False))
    if isinstance(node, ast.BoolOp):
        return list(zip(node.values, node.values[1:], strict=False))
    return []


def _swap_between(kinds: tuple[type[ast.AST], ...], swaps: dict[str, str]) -> Callable[..., Iterator[Edit]]:
    def operator(node: ast.AST, source: PythonSource) -> Iterator[Edit]:
        if isinstance(node, kinds):
            for left, right in _operands(node):
                yield from source.token_edit(source.end(left), source.start(right), swaps)

    return operator


def _negate_condition(node: ast.AST, source: PythonSource) -> Iterator[Edit]:
    tests: list[ast.expr] = []
    if isinstance(node, ast.If | ast.While | ast.IfExp):
        tests = [node.test]
    elif isinstance(node, ast.comprehension):
        tests = node.ifs
    for test in tests:
        if not (isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not)):  # the unary operator covers those
            start, end = source.start(test), source.end(test)
            yield Edit(start, end, f"not ({source.text[start:end]})")


def _unary(node: ast.AST, source: PythonSource) -> Iterator[Edit]:
    if isinstance(node, ast.UnaryOp):
        # up to the next token, so "not x" loses its space but "not(x)" keeps its bracket
        start = source.start(node)
        yield Edit(start, source.next_token_start(start), "")


def _constant(node: ast.AST, source: PythonSource) -> Iterator[Edit]:
    if not isinstance(node, ast.Constant):
        return
    value = node.value
    replacement: str | None = None
    if isinstance(value, bool):
        replacement = str(not value)
    elif isinstance(value, int):
        replacement = str(value + 1)
    elif isinstance(value, float) and abs(value) < float("inf"):
        replacement = repr(value + 1.0)
    elif isinstance(value, str | bytes):
        prefix = "b" if isinstance(value, bytes) else ""
        replacement = f'{prefix}""' if value else f'{prefix}"XX"'
    if replacement is not None:
        yield Edit(source.start(node), source.end(node), replacement)


def _return_value(node: ast.AST, source: PythonSource) -> Iterator[Edit]:
    if isinstance(node, ast.Return) and node.value is not None:
        if not (isinstance(node.value, ast.Constant) and node.value.value is None):
            yield Edit(source.start(node.value), source.end(node.value), "None")


def _statement_deletion(node: ast.AST, source: PythonSource) -> Iterator[Edit]:
    deletable = isinstance(node, ast.Assign | ast.AugAssign) or (
        isinstance(node, ast.AnnAssign) and node.value is not None
    )
    if isinstance(node, ast.Expr):
        value = node.value.value if isinstance(node.value, ast.Await) else node.value
        deletable = isinstance(value, ast.Call)
    if deletable:
        yield Edit(source.start(node), source.end(node), "pass")


def _loop_control(node: ast.AST, source: PythonSource) -> Iterator[Edit]:
    if isinstance(node, ast.Break | ast.Continue):
        yield Edit(source.start(node), source.end(node), "continue" if isinstance(node, ast.Break) else "break")


def _arithmetic(node: ast.AST, source: PythonSource) -> Iterator[Edit]:
    swaps = _AUGMENTED_ARITHMETIC if isinstance(node, ast.AugAssign) else _ARITHMETIC
    yield from _swap_between((ast.BinOp, ast.AugAssign), swaps)(node, source)


OPERATORS: dict[Operator, Callable[[ast.AST, PythonSource], Iterator[Edit]]] = {
    Operator.ARITHMETIC: _arithmetic,
    Operator.RELATIONAL: _swap_between((ast.Compare,), _RELATIONAL),
    Operator.BOUNDARY: _swap_between((ast.Compare,), _BOUNDARY),
    Operator.NEGATE_CONDITION: _negate_condition,
    Operator.LOGICAL: _swap_between((ast.BoolOp,), _LOGICAL),
    Operator.UNARY: _unary,
    Operator.INCREMENT: _swap_between((ast.AugAssign,), _INCREMENT),
    Operator.CONSTANT: _constant,
    Operator.RETURN_VALUE: _return_value,
    Operator.STATEMENT_DELETION: _statement_deletion,
    Operator.LOOP_CONTROL: _loop_control,
}


# Where to mutate ------------------------------------------------------------------------------------------------

_UNEVALUATED_FIELDS = frozenset({"annotation", "returns"})


def _is_main_guard(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.If)
        and isinstance(node.test, ast.Compare)
        and isinstance(node.test.left, ast.Name)
        and node.test.left.id == "__name__"
        and any(isinstance(c, ast.Constant) and c.value == "__main__" for c in node.test.comparators)
    )


def _is_str(node: ast.AST | None) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _skipped_children(node: ast.AST) -> list[ast.AST]:
    """Children that are docstrings or dict-key strings (see the module docstring)."""
    skipped: list[ast.AST] = []
    if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
        first = node.body[0]
        if isinstance(first, ast.Expr) and _is_str(first.value):
            skipped.append(first)
    if isinstance(node, ast.Dict):
        skipped += [key for key in node.keys if key is not None and _is_str(key)]
    if isinstance(node, ast.Subscript) and _is_str(node.slice):
        skipped.append(node.slice)
    return skipped


def mutable_nodes(node: ast.AST) -> Iterator[ast.AST]:
    """``node`` and its descendants, depth first, less what is not mutated (see the module docstring)."""
    if isinstance(node, ast.JoinedStr) or _is_main_guard(node):
        return
    yield node
    skipped = _skipped_children(node)
    for field, value in ast.iter_fields(node):
        if field in _UNEVALUATED_FIELDS:
            continue
        for child in value if isinstance(value, list) else [value]:
            if isinstance(child, ast.AST) and not any(child is s for s in skipped):
                yield from mutable_nodes(child)


# Mutants --------------------------------------------------------------------------------------------------------


def _parse(text: str) -> ast.Module:
    try:
        return ast.parse(text)
    except (SyntaxError, ValueError) as error:
        raise MutationError(f"the Python source does not parse: {error}") from error


def python_candidates(text: str) -> list[Mutant]:
    """Every mutant the operators make, in source order, before any compile check."""
    tree = _parse(text)
    source = PythonSource(text)
    edits: list[tuple[int, int, Operator, Edit]] = []
    for node in mutable_nodes(tree):
        for rank, (operator, generate) in enumerate(OPERATORS.items()):
            edits += [(edit.start, rank, operator, edit) for edit in generate(node, source)]
    edits.sort(key=lambda item: (item[0], item[1]))
    return [apply_edit(Language.PYTHON, operator, text, edit) for _, _, operator, edit in edits]


def python_mutants(text: str) -> list[Mutant]:
    """The mutants of a Python source that compile to code different from the original and from each other."""
    return screen_python(text, python_candidates(text)).kept


# Bytecode equivalence -------------------------------------------------------------------------------------------


def _constant_key(value: object) -> Hashable:
    """Typed, so that ``1``, ``1.0`` and ``True`` (equal in Python) stay apart."""
    if isinstance(value, types.CodeType):
        return code_fingerprint(value)
    if isinstance(value, tuple | frozenset):
        keys = [_constant_key(item) for item in value]
        return (type(value).__name__, tuple(sorted(keys, key=repr) if isinstance(value, frozenset) else keys))
    return (type(value).__name__, repr(value))


def code_fingerprint(code: types.CodeType) -> Hashable:
    """What a code object does, without where it came from (line numbers, positions)."""
    return (
        code.co_name, code.co_qualname, code.co_code, code.co_exceptiontable, code.co_names, code.co_varnames,
        code.co_freevars, code.co_cellvars, code.co_argcount, code.co_posonlyargcount, code.co_kwonlyargcount,
        code.co_flags, code.co_stacksize, tuple(_constant_key(constant) for constant in code.co_consts),
    )  # fmt: skip


def _compiled_fingerprint(text: str) -> Hashable | None:
    try:
        return code_fingerprint(compile(text, "<mutant>", "exec", dont_inherit=True))
    except (SyntaxError, ValueError):
        return None


def screen_python(text: str, mutants: list[Mutant]) -> Screening:
    """Compile the original and each mutant (in process: ~1 ms each for a small module) and compare bytecode."""
    original = _compiled_fingerprint(text)
    if original is None:
        raise MutationError("the Python source does not compile")
    return screen_by_fingerprint(original, mutants, [_compiled_fingerprint(m.source) for m in mutants])
