"""Run untrusted programs fast and isolated, with per-test results.

Only the standard library is needed here.
"""

from execrl.sandbox.base import Executor
from execrl.sandbox.fake import FakeExecutor

__all__ = ["Executor", "FakeExecutor", "LocalExecutor"]


def __getattr__(name: str) -> object:
    if name == "LocalExecutor":
        from execrl.sandbox.local import LocalExecutor

        return LocalExecutor
    raise AttributeError(name)
