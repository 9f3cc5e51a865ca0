"""One local Ray cluster for the whole session, kept small: this machine has 2 cores shared with others."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

ray = pytest.importorskip("ray", reason="the Ray executor needs the 'ray' extra")


@pytest.fixture(scope="session")
def ray_cluster() -> Iterator[None]:
    # 4 logical CPUs (Ray does not enforce them): room for the module's 2 one-worker pools and one more executor
    ray.init(num_cpus=4, include_dashboard=False, object_store_memory=200 << 20, log_to_driver=False,
             configure_logging=False)
    yield
    ray.shutdown()
