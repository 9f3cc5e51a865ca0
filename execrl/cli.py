"""The ``execrl`` command: one sub-command per job.

Each job lives in a module exposing ``Args`` (a dataclass whose field metadata documents every option) and
``main(args: Args) -> int``. The command line is generated from ``Args``; modules are imported only when their
command is chosen, so ``execrl run`` never imports torch.
"""

from __future__ import annotations

import argparse
import dataclasses
import enum
import importlib
import sys
import types
import typing
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from execrl.errors import ExecrlError

if TYPE_CHECKING:
    from execrl.sandbox.base import Executor
    from execrl.types import Task

COMMANDS: dict[str, tuple[str, str]] = {
    "run": ("execrl.sandbox.command", "run one program in the sandbox and print its result"),
    "evaluate": ("execrl.eval.command", "score samples against a benchmark's tests, with pass@k and a report"),
    "generate": ("execrl.generation.command", "sample programs for a task set from a model"),
    "reward": ("execrl.rewards.command", "score a samples file with a reward spec, component by component"),
    "testgen": ("execrl.testgen.command", "generate hidden test suites for a task set (mutation, oracle, reduction)"),
    "train": ("execrl.train.command", "SFT warm-up + RL from execution rewards, held-out evaluation, report"),
    "refine": ("execrl.train.refine_command", "answer in several turns, feeding execution feedback back"),
    "serve": ("execrl.serve.command", "serve execution and rewards over HTTP (OpenRLHF, verl, any trainer)"),
    "label": ("execrl.labeling.command", "label (focal file, test file, candidate test) triples by execution"),
    "rmrf": ("execrl.rmrf.command", "run-free reward model: train, evaluate, crossval (predict execution labels)"),
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="execrl", description=__doc__.splitlines()[0] if __doc__ else None)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (_, help_text) in COMMANDS.items():
        sub.add_parser(name, help=help_text, add_help=False)
    argv = list(sys.argv[1:] if argv is None else argv)
    known, rest = parser.parse_known_args(argv[:1])
    module = importlib.import_module(COMMANDS[known.command][0])
    command_parser = argparse.ArgumentParser(prog=f"execrl {known.command}", description=COMMANDS[known.command][1])
    add_dataclass_arguments(command_parser, module.Args)
    args = parse_dataclass(module.Args, command_parser.parse_args(argv[1:] + rest))
    try:
        return int(module.main(args))
    except ExecrlError as error:
        print(f"execrl {known.command}: error: {error}", file=sys.stderr)
        return 2


def run_on_tasks(source: str | Path, workers: int | None, cache_dir: Path | None,
                 run: Callable[[Sequence[Task], Executor], int]) -> int:
    """Start the sandbox, load the task set through it (EvalPlus expected outputs need it) and hand both to ``run``:
    the common start of the commands that execute samples. Imported lazily so that ``--help`` stays instant."""
    from execrl.sandbox.local import LocalExecutor
    from execrl.tasks import load_tasks

    with LocalExecutor(workers=workers) as executor:
        return run(load_tasks(source, executor=executor, cache_dir=cache_dir), executor)


def add_dataclass_arguments(parser: argparse.ArgumentParser, cls: type[Any]) -> None:
    """One option per field: ``--field-name``; fields without a default are required; bools become flags."""
    hints = typing.get_type_hints(cls)
    for field in dataclasses.fields(cls):
        kind = _unwrap_optional(hints[field.name])
        has_default = field.default is not dataclasses.MISSING or field.default_factory is not dataclasses.MISSING
        option = "--" + field.name.replace("_", "-")
        help_text = field.metadata.get("help", "")
        if field.metadata.get("positional"):
            parser.add_argument(field.name, help=help_text)
        elif kind is bool:
            parser.add_argument(option, dest=field.name, action=argparse.BooleanOptionalAction, help=help_text,
                                default=field.default)
        else:
            parser.add_argument(option, dest=field.name, required=not has_default, help=help_text,
                                default=argparse.SUPPRESS, metavar=field.name.upper())


def parse_dataclass(cls: type[Any], namespace: argparse.Namespace) -> Any:
    hints = typing.get_type_hints(cls)
    values = {}
    for field in dataclasses.fields(cls):
        if hasattr(namespace, field.name):
            raw = getattr(namespace, field.name)
            values[field.name] = raw if isinstance(raw, bool) else convert(raw, hints[field.name], field.name)
    return cls(**values)


def convert(raw: Any, kind: Any, name: str) -> Any:
    """Turn a command-line string into the field's type, naming the option when it cannot."""
    if raw is None:
        return None
    kind = _unwrap_optional(kind)
    origin = typing.get_origin(kind)
    try:
        if origin is tuple:
            item = typing.get_args(kind)[0]
            return tuple(convert(part.strip(), item, name) for part in str(raw).split(",") if part.strip())
        if isinstance(kind, type) and issubclass(kind, enum.Enum):
            return kind(raw)
        if kind in (int, float, str, Path):
            return kind(raw)
    except ValueError as error:
        raise SystemExit(f"execrl: --{name.replace('_', '-')}: invalid value {raw!r} ({error})") from None
    return raw


def _unwrap_optional(kind: Any) -> Any:
    if isinstance(kind, types.UnionType) or typing.get_origin(kind) is typing.Union:
        args = [a for a in typing.get_args(kind) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return kind


if __name__ == "__main__":
    sys.exit(main())
