from __future__ import annotations

import json
import math

import pytest

from execrl.sandbox._wire import OpaqueValue, ProtocolError, decode_message, encode_message


@pytest.mark.parametrize("value", [
    None, True, False, 0, -7, pytest.param(10**5000, id="huge-int"), 1.5, -0.0, float("inf"), "text", "",
    [1, [2, [3]]], (1, "a"), (),
    {1: "a", "b": (2, 3)}, {1, 2, 3}, frozenset({"x"}), b"\x00\xff", 3 + 4j, [(1, 2), {3: [4.5]}],
])
def test_plain_values_round_trip_exactly(value: object) -> None:
    kind, parts = decode_message(encode_message("returned", value))
    assert kind == "returned"
    assert parts[0] == value and type(parts[0]) is type(value)


def test_nan_round_trips() -> None:
    assert math.isnan(decode_message(encode_message("v", float("nan")))[1][0])


class AlwaysEqual:
    def __eq__(self, other: object) -> bool:
        return True


class SneakyInt(int):
    def __eq__(self, other: object) -> bool:
        return True

    __hash__ = int.__hash__


class SneakyStr(str):
    def __str__(self) -> str:
        return "forged"


@pytest.mark.parametrize("value, expected", [(SneakyInt(3), 3), (SneakyStr("real"), "real"), ([SneakyInt(1)], [1])])
def test_subclass_overrides_are_stripped(value: object, expected: object) -> None:
    decoded = decode_message(encode_message("v", value))[1][0]
    assert decoded == expected and decoded != "forged"
    assert type(decoded) in (int, str, list)


def test_arbitrary_objects_arrive_opaque_and_equal_nothing() -> None:
    decoded = decode_message(encode_message("v", AlwaysEqual()))[1][0]
    assert isinstance(decoded, OpaqueValue)
    assert decoded != decoded and not (decoded == 1) and decoded.type_name == "AlwaysEqual"


def test_self_referencing_value_is_opaque_not_a_crash() -> None:
    loop: list[object] = []
    loop.append(loop)
    assert isinstance(decode_message(encode_message("v", loop))[1][0], OpaqueValue)


@pytest.mark.parametrize("raw", [b"not json", b"{}", b"[]", b"[1]", json.dumps(["v", {"zz": 1}]).encode(),
                                 json.dumps(["v", {"s": [[1]]}]).encode(), json.dumps(["v", {"a": 1, "b": 2}]).encode(),
                                 b"[" * 100000])
def test_malformed_messages_are_protocol_errors(raw: bytes) -> None:
    with pytest.raises(ProtocolError):
        decode_message(raw)
