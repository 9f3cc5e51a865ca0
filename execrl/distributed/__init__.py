"""Execution beyond one machine: ``RayExecutor`` spreads sandbox pools over a Ray cluster.

Ray is an optional dependency (``pip install 'execrl[ray]'``); it is imported only when ``RayExecutor`` is used.
"""

from __future__ import annotations

__all__ = ["RayExecutor"]


def __getattr__(name: str) -> object:
    if name == "RayExecutor":
        from execrl.distributed.ray_executor import RayExecutor

        return RayExecutor
    raise AttributeError(name)
