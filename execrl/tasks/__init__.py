"""Task sets as frozen ``Task`` values.

>>> tasks = load_tasks("humaneval")
>>> len(tasks), tasks[0].task_id, tasks[0].tests[0].name
(164, 'HumanEval/0', 'test_0')

``source`` is a registered name (``humaneval``, ``mbpp``, ``mbpp-plus``, ``humaneval-plus``) or the path of a file,
whose format is told by the fields of its first record, trying in order: EvalPlus, execrl's own JSONL, sanitized
MBPP, HumanEval. Files may be gzipped, a JSON list or JSON lines. docs/TASKS.md describes every format.
"""

from __future__ import annotations

from pathlib import Path

from execrl.errors import DataError
from execrl.sandbox.base import Executor
from execrl.tasks import custom, evalplus, humaneval, mbpp
from execrl.tasks._files import DataFile, read_data_file
from execrl.tasks._registry import FileFormat, LoadOptions, Registry, SourceLoader
from execrl.types import Task

__all__ = ["FileFormat", "LoadOptions", "detect_format", "load_tasks", "register_format", "register_source",
           "source_names"]

SOURCES: Registry[SourceLoader] = Registry("task source")
FORMATS: Registry[FileFormat] = Registry("task file format")


def load_tasks(source: str | Path, *, executor: Executor | None = None, cache_dir: Path | None = None) -> list[Task]:
    """The tasks of a named source or a file, in file order.

    ``executor`` runs reference solutions where expected outputs must be computed (EvalPlus formats); by default a
    ``LocalExecutor`` is created when, and only when, the cache lacks them. ``cache_dir`` defaults to
    ``$EXECRL_CACHE_DIR`` or ``~/.cache/execrl``.
    """
    options = LoadOptions(executor, cache_dir)
    if isinstance(source, str) and source in SOURCES:
        return SOURCES.get(source)(options)
    path = Path(source)
    if not path.is_file():
        raise DataError(f"unknown task source {str(source)!r}: not one of the names {', '.join(source_names())} "
                        f"and not a file")
    data = read_data_file(path)
    return detect_format(data).load(data, options)


def detect_format(data: DataFile) -> FileFormat:
    fields = data.records[0].data.keys()
    for file_format in FORMATS.entries():
        if file_format.fields <= fields:
            return file_format
    expected = "; ".join(f"{f.name} ({', '.join(sorted(f.fields))})" for f in FORMATS.entries())
    raise DataError(f"{data.records[0].where}: cannot tell the file's format from the fields "
                    f"{', '.join(sorted(fields)) or '(none)'}; a format is known by these fields: {expected}")


def register_source(name: str, loader: SourceLoader) -> None:
    """Make ``load_tasks(name)`` call ``loader``; a name can be registered once."""
    SOURCES.add(name, loader)


def register_format(file_format: FileFormat) -> None:
    """Add a file format, tried after the ones already registered; a name can be registered once."""
    FORMATS.add(file_format.name, file_format)


def source_names() -> tuple[str, ...]:
    return SOURCES.names()


register_source("humaneval", lambda options: humaneval.load_humaneval())
register_source("mbpp", lambda options: mbpp.load_mbpp())
register_source("mbpp-plus", lambda o: evalplus.load_mbpp_plus(executor=o.executor, cache_dir=o.cache_dir))
register_source("humaneval-plus", lambda o: evalplus.load_humaneval_plus(executor=o.executor, cache_dir=o.cache_dir))

# Order matters: an EvalPlus HumanEval+ record also has every HumanEval field.
register_format(FileFormat("evalplus", evalplus.FIELDS,
                           lambda data, o: evalplus.evalplus_tasks(data, executor=o.executor, cache_dir=o.cache_dir)))
register_format(FileFormat("custom", custom.FIELDS, lambda data, options: custom.custom_tasks(data)))
register_format(FileFormat("mbpp", mbpp.FIELDS, lambda data, options: mbpp.mbpp_tasks(data)))
register_format(FileFormat("humaneval", humaneval.FIELDS, lambda data, options: humaneval.humaneval_tasks(data)))
