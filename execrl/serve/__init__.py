"""The reward service: execution and rewards over HTTP for trainers outside this process (``execrl serve``).

The clients (``RemoteExecutor``, ``RewardClient``, the verl adapter) need only the standard library; the server
needs the ``serve`` extra (FastAPI, uvicorn) and is imported from ``execrl.serve.app`` only. docs/SCALE.md shows
how to run it for OpenRLHF and verl.
"""

from execrl.serve.client import RemoteExecutor, RewardClient
from execrl.serve.schema import RewardRequest

__all__ = ["RemoteExecutor", "RewardClient", "RewardRequest"]
