from __future__ import annotations

import json
import math

import pytest

from execrl.serve.schema import (
    BatchTooLarge,
    RewardRequest,
    SchemaError,
    batch_from_json,
    decode_value,
    encode_value,
    request_from_json,
    request_to_json,
    result_from_json,
    result_to_json,
    reward_request_from_json,
    reward_request_to_json,
)
from execrl.types import (
    ErrorInfo,
    ErrorOrigin,
    ExecRequest,
    ExecResult,
    Isolation,
    Limits,
    Outcome,
    TestCase,
    TestResult,
    TestStatus,
)


def through_json(data: object) -> object:
    return json.loads(json.dumps(data, allow_nan=False))


@pytest.mark.parametrize("value", [
    None, True, 3, "x", 1.5, [1, [2]], (1, (2, 3)), {1, 2}, frozenset({"a"}), {"k": (1,)}, {(1, 2): "pair"},
    b"\x00\xff", 1 + 2j, math.inf, -math.inf, [(), {}],
])
def test_values_survive_json_with_their_types(value: object) -> None:
    back = decode_value(through_json(encode_value(value)))
    assert back == value and type(back) is type(value)


def test_nan_survives_json() -> None:
    assert math.isnan(decode_value(through_json(encode_value(math.nan))))


def test_objects_that_are_not_plain_data_are_refused() -> None:
    with pytest.raises(SchemaError, match="object is not plain data"):
        encode_value(object())


def test_a_request_survives_json() -> None:
    request = ExecRequest("def f(x):\n    return x\n", tests=(
        TestCase("t0", code="assert candidate(1) == 1", tags=frozenset({"edge"})),
        TestCase("t1", inputs=((1, 2), {3}), expected=(1, 2), atol=0.5)),
        entry_point="f", test_setup="import math", stdin="in", files=(("a.txt", "hi"),),
        limits=Limits(timeout_s=2.5, test_timeout_s=1.0, memory_mb=256), trace=True)
    assert request_from_json(through_json(request_to_json(request))) == request


def test_a_result_survives_json() -> None:
    result = ExecResult(
        Outcome.RUNTIME_ERROR,
        (TestResult("t0", TestStatus.PASSED, 0.25, actual=(1, {2}), cost=7, lines=frozenset({1, 2})),
         TestResult("t1", TestStatus.ERROR, error=ErrorInfo("ValueError", "bad", 3, ErrorOrigin.TEST))),
        stdout="out", stderr="err", duration_s=0.5, isolation=Isolation(True, True, True, True, True, True, ("n",)),
        error=ErrorInfo("SystemExit", "1", None), exit_code=1, peak_memory_mb=12.5)
    assert result_from_json(through_json(result_to_json(result))) == result


def test_a_reward_request_survives_json() -> None:
    for request in (RewardRequest("HumanEval/0", "    return 1\n"),
                    RewardRequest("HumanEval/0", ({"role": "assistant", "content": "```python\nx = 1\n```"},))):
        assert reward_request_from_json(through_json(reward_request_to_json(request))) == request


@pytest.mark.parametrize(("data", "message"), [
    ({}, r"request\.program: is required"),
    ({"program": 3}, r"request\.program: expected a string, got an integer"),
    ({"program": "", "tests": [{"name": "t"}]}, r"request\.tests\[0\]: test 't' needs exactly one of"),
    ({"program": "", "tests": [{"name": "t", "inputs": 5}]}, r"request\.tests\[0\]\.inputs: must be a list"),
    ({"program": "", "limits": {"timeout_s": -1}}, r"request\.limits: Limits\.timeout_s must be positive"),
    ({"program": "", "limits": {"timeout_s": "9"}}, r"request\.limits\.timeout_s: must be a number"),
    ({"program": "", "limits": {"wall": 1}}, r"request\.limits\.wall: unknown field"),
    ({"program": "", "language": "cobol"}, r"request\.language: 'cobol' is not one of"),
    ({"program": "", "trace": 1}, r"request\.trace: expected true or false, got an integer"),
    ({"program": "", "colour": "red"}, r"request\.colour: unknown field"),
    ({"program": "", "files": [["a"]]}, r"request\.files\[0\]: a file is \[name, text\]"),
    ({"program": "", "tests": [{"name": "t", "inputs": [{"x": 1}]}]}, r"inputs\[0\]: an object must be a tagged"),
])
def test_bad_requests_name_the_offending_field(data: object, message: str) -> None:
    with pytest.raises(SchemaError, match=message):
        request_from_json(data)


def test_batches_are_bounded_and_must_be_arrays() -> None:
    body = {"requests": [{"program": "x = 1"}] * 3}
    assert len(batch_from_json(body, "requests", request_from_json, max_items=3)) == 3
    with pytest.raises(BatchTooLarge, match="a batch of 3 items is over the service's limit of 2"):
        batch_from_json(body, "requests", request_from_json, max_items=2)
    with pytest.raises(SchemaError, match=r"body\.requests: is required"):
        batch_from_json({}, "requests", request_from_json)
    with pytest.raises(SchemaError, match=r"body\.requests: expected an array, got a string"):
        batch_from_json({"requests": "x"}, "requests", request_from_json)
    with pytest.raises(SchemaError, match=r"requests\[1\]\.program: is required"):
        batch_from_json({"requests": [{"program": ""}, {}]}, "requests", request_from_json)
