"""The exception tree. User errors name the offending value; ``assert`` is kept for internal invariants.

    ExecrlError
    ├── ConfigError            a bad option, argument or config value
    ├── DataError              a task file, samples file or dataset that cannot be read
    │   └── UnknownTaskError   a sample names a task that is not in the task set
    ├── SandboxError           the execution machinery itself failed (never a verdict on the program)
    │   ├── IsolationUnavailable  required isolation could not be set up on this kernel
    │   └── WorkerCrashed      a worker died and could not be replaced
    └── GenerationError        a model backend failed to load or to answer
"""

from __future__ import annotations


class ExecrlError(Exception):
    """Base of every error execrl raises on purpose."""


class ConfigError(ExecrlError, ValueError):
    pass


class DataError(ExecrlError, ValueError):
    pass


class UnknownTaskError(DataError, KeyError):
    def __str__(self) -> str:  # KeyError would quote the whole message
        return str(self.args[0]) if self.args else ""


class SandboxError(ExecrlError, RuntimeError):
    pass


class IsolationUnavailable(SandboxError):
    pass


class WorkerCrashed(SandboxError):
    pass


class GenerationError(ExecrlError, RuntimeError):
    pass
