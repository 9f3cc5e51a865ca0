from __future__ import annotations

import pytest

from execrl.sandbox.fake import FakeExecutor
from tests.eval.eval_support import scripted


@pytest.fixture
def fake() -> FakeExecutor:
    return FakeExecutor(scripted())
