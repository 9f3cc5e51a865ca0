"""From model text to the program that gets executed.

CHAT answers: take the best fenced code block (or, without fences, the longest stretch of prose that parses as
Python), put the task prompt's imports and helpers in front of it, and sanitize. RAW completions: cut at the
first stop sequence (as the HumanEval/Codex and CodeT post-processing does), prepend the prompt, and sanitize.

The sanitizer keeps the imports and the top-level definitions the entry point needs, transitively through the
names they mention, and drops the rest: tests, prints, ``if __name__ == "__main__"`` blocks, example calls. A
definition that appears twice keeps its last version, so a model's own version of a helper replaces the prompt's.
Statements that do not parse are dropped one top-level chunk at a time; code whose entry point is lost that way
is returned unchanged, so the sandbox reports the syntax error instead of a silently emptied program.
"""

from __future__ import annotations

import ast
import re
import textwrap
from dataclasses import dataclass

from execrl.generation.base import PromptStyle, truncate_at_stop
from execrl.types import Task

# Where a raw completion of a function body has ended: the next top-level statement of any kind.
RAW_STOP = ("\ndef ", "\nclass ", "\nif __name__", "\nprint(", "\n#", "\nassert ", "\n```", "\n@")
PYTHON_LANGUAGES = frozenset({"python", "python3", "py", "py3", ""})

_FENCE_LINE = re.compile(r"^[ \t]*```[ \t]*([\w+#.-]*)")
_CODE_START = re.compile(r"^(def |async def |class |import |from \S+ import |@\w)")
_NEW_STATEMENT = re.compile(r"^(def |async def |class |import |from |@|if __name__|print\(|assert )")


@dataclass(frozen=True)
class CodeBlock:
    language: str  # lower-cased fence label, "" when unlabelled
    code: str
    closed: bool  # False when the answer ended inside the block (usually: out of tokens)


@dataclass(frozen=True)
class _Unit:
    """One top-level statement with its own source text."""

    node: ast.stmt
    source: str


def build_solution(task: Task, completion: str, style: PromptStyle) -> str:
    """The full program to execute for ``completion``, a model's raw answer to ``task`` in ``style``."""
    if style is PromptStyle.RAW:
        return sanitize(program_from_raw(task.prompt, completion), task.entry_point)
    return sanitize(program_from_chat(task.prompt, completion, task.entry_point), task.entry_point)


def program_from_raw(prompt: str, completion: str) -> str:
    """``prompt`` followed by ``completion`` up to the first of ``RAW_STOP``."""
    body, _ = truncate_at_stop(completion, RAW_STOP)
    return prompt + body


def program_from_chat(prompt: str, text: str, entry_point: str) -> str:
    """The code of a chat answer, preceded by the prompt's imports and helpers; a bare body completes the prompt."""
    code = extract_code(text, entry_point)
    if not code.strip():
        return prompt
    if entry_point not in _defined_names(code) and _is_body(code):
        return prompt.rstrip("\n") + "\n" + textwrap.indent(textwrap.dedent(code).strip("\n"), "    ") + "\n"
    context = prompt_context(prompt, entry_point)
    return f"{context}\n\n\n{code}" if context else code


def prompt_context(prompt: str, entry_point: str) -> str:
    """Every top-level statement of the prompt except the entry point's stub ("" if the prompt is prose)."""
    units = _units(prompt) if _parses(prompt) else []
    return "\n".join(u.source for u in units if entry_point not in _names_defined_by(u.node))


def extract_code(text: str, entry_point: str | None = None) -> str:
    """The code in a chat answer: the best fenced block, else the longest parsable stretch, else the text."""
    blocks = fenced_blocks(text)
    if blocks:
        return best_block(blocks, entry_point).code
    return code_from_prose(text) or text


def fenced_blocks(text: str) -> list[CodeBlock]:
    """Markdown code blocks, in order; an unclosed last block runs to the end of the text.

    Small models write stray fences: an empty block opened twice (a labelled fence directly after an open one
    re-opens it) and code before a closing fence that was never opened (the leading lines count as a block).
    """
    lines = text.replace("\r\n", "\n").split("\n")
    blocks: list[CodeBlock] = []
    label: str | None = None  # the open block's label; None while outside a block
    body: list[str] = []
    for line in lines:
        fence = _FENCE_LINE.match(line)
        if fence is None:
            body.append(line)
        elif label is None or (fence.group(1) and not "".join(body).strip()):
            _add_leading_code(blocks, body, opened=label is not None)
            label, body = fence.group(1).lower(), []
        else:
            blocks.append(_block(label, body, closed=True))
            label, body = None, []
    if label is not None:
        blocks.append(_block(label, body, closed=False))
    return [block for block in blocks if block.code.strip()]


def _add_leading_code(blocks: list[CodeBlock], body: list[str], opened: bool) -> None:
    """Code written before the first fence, when that fence closes it: "def f(): ...\n```\nprose"."""
    if not blocks and not opened:
        code = code_from_prose("\n".join(body))
        if code:
            blocks.append(CodeBlock("", code, closed=True))


def _block(label: str, body: list[str], closed: bool) -> CodeBlock:
    return CodeBlock(label, textwrap.dedent("\n".join(body)).rstrip() + "\n", closed)


def best_block(blocks: list[CodeBlock], entry_point: str | None) -> CodeBlock:
    """Prefer a block that defines the entry point, then one that parses, is labelled Python, is closed, is long."""

    def score(block: CodeBlock) -> tuple[bool, bool, bool, bool, int]:
        defines = entry_point is not None and entry_point in _defined_names(block.code)
        return (defines, _parses(block.code), block.language in PYTHON_LANGUAGES, block.closed, len(block.code))

    return max(blocks, key=score)


def code_from_prose(text: str) -> str:
    """The longest run of lines that starts like code (``def``, ``import``, ...) and parses; "" if none."""
    lines = text.replace("\r\n", "\n").split("\n")
    best = ""
    for start in (i for i, line in enumerate(lines) if _CODE_START.match(line)):
        for end in range(len(lines), start, -1):
            chunk = "\n".join(lines[start:end]).rstrip()
            if len(chunk) <= len(best):
                break
            if _parses(chunk):
                best = chunk
                break
    return best + "\n" if best else ""


def sanitize(code: str, entry_point: str | None) -> str:
    """The imports and the definitions ``entry_point`` depends on; ``code`` unchanged if it defines no such name.

    >>> print(sanitize("import math\\ndef f(x):\\n    return g(x)\\ndef g(x):\\n    return x\\nprint(f(1))\\n", "f"))
    import math
    <BLANKLINE>
    <BLANKLINE>
    def f(x):
        return g(x)
    <BLANKLINE>
    <BLANKLINE>
    def g(x):
        return x
    <BLANKLINE>
    """
    units = _units(code)
    definitions: dict[str, _Unit] = {}
    for unit in units:
        for name in _names_defined_by(unit.node):
            definitions[name] = unit  # the last definition is the one Python would use
    if not entry_point or entry_point not in definitions:
        return code  # a script, a misnamed function or one that does not parse: the sandbox will say which
    kept = {id(unit) for unit in _needed(entry_point, definitions)}
    imports = sorted((u for u in units if _is_import(u.node)), key=lambda u: not _is_future_import(u.node))
    head = "\n".join(dict.fromkeys(u.source for u in imports))
    body = "\n\n\n".join(u.source for u in units if id(u) in kept)
    return "\n\n\n".join(part for part in (head, body) if part) + "\n"


def _needed(entry_point: str, definitions: dict[str, _Unit]) -> list[_Unit]:
    """The entry point's definition and, transitively, those of every global name it mentions."""
    kept: dict[int, _Unit] = {}
    pending = [entry_point]
    while pending:
        unit = definitions.get(pending.pop())
        if unit is not None and id(unit) not in kept:
            kept[id(unit)] = unit
            pending.extend(_free_names(unit.node))
    return list(kept.values())


def _free_names(node: ast.stmt) -> set[str]:
    """Names a statement reads but does not bind itself: a local ``result`` must not pull in a global ``result``."""
    loaded = {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        return loaded
    declared_global = {name for n in ast.walk(node) if isinstance(n, ast.Global | ast.Nonlocal) for name in n.names}
    bound = {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load)}
    bound |= {a.arg for n in ast.walk(node) if isinstance(n, ast.arguments) for a in _all_args(n)}
    bound |= {n.name for n in ast.walk(node) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)}
    bound.discard(node.name)  # recursion names the function itself, which is defined (and kept) already
    return loaded - (bound - declared_global)


def _all_args(arguments: ast.arguments) -> list[ast.arg]:
    extra = [a for a in (arguments.vararg, arguments.kwarg) if a is not None]
    return [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs, *extra]


def _units(code: str) -> list[_Unit]:
    code = code.replace("\r\n", "\n")
    try:
        return _split(ast.parse(code), code)
    except SyntaxError:
        pass
    units: list[_Unit] = []
    for chunk in _chunks(code):
        source = _longest_parsable_prefix(chunk)
        if source:
            units.extend(_split(ast.parse(source), source))
    return units


def _split(tree: ast.Module, code: str) -> list[_Unit]:
    lines = code.split("\n")
    units = []
    for node in tree.body:
        first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
        end = node.end_lineno or node.lineno
        units.append(_Unit(node, "\n".join(lines[first - 1 : end])))
    return units


def _chunks(code: str) -> list[str]:
    """Top-level chunks: a column-0 line starts a new chunk when the current one parses or it starts a statement."""
    chunks: list[list[str]] = [[]]
    for line in code.split("\n"):
        current = chunks[-1]
        at_top = bool(line) and not line[0].isspace() and not line.startswith((")", "]", "}"))
        joins_decorator = bool(current) and current[-1].startswith("@")
        if at_top and current and not joins_decorator and (_parses("\n".join(current)) or _NEW_STATEMENT.match(line)):
            chunks.append([])
        chunks[-1].append(line)
    return ["\n".join(c) for c in chunks if any(line.strip() for line in c)]


def _longest_parsable_prefix(chunk: str) -> str:
    lines = chunk.rstrip().split("\n")
    for end in range(len(lines), 0, -1):
        candidate = "\n".join(lines[:end])
        if _parses(candidate):
            return candidate
    return ""


def _parses(code: str) -> bool:
    try:
        ast.parse(code)
    except (SyntaxError, ValueError):  # ValueError: null bytes
        return False
    return True


def _defined_names(code: str) -> set[str]:
    return {name for unit in _units(code) for name in _names_defined_by(unit.node)}


def _names_defined_by(node: ast.stmt) -> list[str]:
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return [node.name]
    if isinstance(node, ast.Assign):
        return [n.id for target in node.targets for n in ast.walk(target) if isinstance(n, ast.Name)]
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
        return [node.target.id]
    return []


def _is_import(node: ast.stmt) -> bool:
    if isinstance(node, ast.Import | ast.ImportFrom):
        return True
    # try: import numpy as np / except ImportError: ...
    return isinstance(node, ast.Try) and all(isinstance(s, ast.Import | ast.ImportFrom) for s in node.body)


def _is_future_import(node: ast.stmt) -> bool:
    return isinstance(node, ast.ImportFrom) and node.module == "__future__"


def _is_body(code: str) -> bool:
    """A function body rather than a module: ``return`` or ``yield`` outside a function, valid inside one."""
    body = textwrap.dedent(code).strip("\n")
    try:
        compile(body, "<answer>", "exec", dont_inherit=True)
        return False
    except SyntaxError as error:
        if "outside function" not in str(error.msg):
            return False
    except ValueError:
        return False
    return _compiles("def _body():\n" + textwrap.indent(body, "    "))


def _compiles(code: str) -> bool:
    try:
        compile(code, "<answer>", "exec", dont_inherit=True)
    except (SyntaxError, ValueError):
        return False
    return True
