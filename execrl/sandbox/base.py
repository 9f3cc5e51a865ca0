"""The one interface every execution backend implements."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from execrl.types import ExecRequest, ExecResult


@runtime_checkable
class Executor(Protocol):
    """A batch of requests in, a batch of results out, in the same order.

    A backend never raises for a bad program: every failure of the program is an ``Outcome``; a failure of the
    backend for one request is ``Outcome.INFRA_ERROR`` in that request's slot.
    """

    def run(self, requests: Sequence[ExecRequest]) -> list[ExecResult]: ...
