"""Run untrusted programs fast and isolated, with per-test results.

Only the standard library is needed here.
"""

from execrl.sandbox.base import Executor
from execrl.sandbox.fake import FakeExecutor

__all__ = ["Executor", "FakeExecutor", "LocalExecutor"]


# Lazy: the worker process imports this package too, and every module it holds makes each fork dearer; it never
# needs the executor's side (subprocess, threading, logging).
def __getattr__(name: str) -> object:
    if name == "LocalExecutor":
        from execrl.sandbox.local import LocalExecutor

        return LocalExecutor
    raise AttributeError(name)
