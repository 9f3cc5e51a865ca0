"""Framing and value encoding between the processes of the sandbox.

Trusted -> untrusted messages are pickled (the untrusted side may read anything we send). Untrusted -> trusted
messages are a tagged JSON encoding of plain data only, decoded without running any code of the sender's choice:
a returned value can never carry an ``__eq__`` override, a custom ``__repr__`` or a pickle payload into the
trusted harness. Values that are not plain data arrive as ``OpaqueValue``, which equals nothing.
"""

from __future__ import annotations

import json
import os
import struct
from collections.abc import Callable
from typing import Any

_HEADER = struct.Struct(">I")
MAX_FRAME = 64 << 20
_MAX_NODES = 1_000_000
_MAX_DEPTH = 200
_SMALL_INT_DIGITS = 1000


class ProtocolError(Exception):
    """The untrusted side sent something that is not a valid frame."""


def frame(payload: bytes) -> bytes:
    return _HEADER.pack(len(payload)) + payload


def write_frame(fd: int, payload: bytes) -> None:
    write_all(fd, frame(payload))


def write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def read_exact(fd: int, size: int) -> bytes:
    chunks = []
    while size:
        chunk = os.read(fd, min(size, 1 << 20))
        if not chunk:
            raise EOFError("peer closed the channel")
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def read_frame(fd: int, max_size: int = MAX_FRAME) -> bytes:
    (size,) = _HEADER.unpack(read_exact(fd, _HEADER.size))
    if size > max_size:
        raise ProtocolError(f"frame of {size} bytes exceeds {max_size}")
    return read_exact(fd, size)


class OpaqueValue:
    """A value the program returned that is not plain data: it keeps its type name, repr and truthiness."""

    __slots__ = ("type_name", "text", "truthy")

    def __init__(self, type_name: str, text: str, truthy: bool) -> None:
        self.type_name, self.text, self.truthy = type_name, text, truthy

    def __eq__(self, other: object) -> bool:
        return False

    def __ne__(self, other: object) -> bool:
        return True

    __hash__ = object.__hash__

    def __bool__(self) -> bool:
        return self.truthy

    def __repr__(self) -> str:
        return self.text


# --- untrusted side: encode with the base types' own methods so subclass overrides are never called -----------


# Made once, before any fork: ``json.dumps`` with options builds an encoder per call, a third of a small answer's
# cost, and in a fresh child every object it creates is a page to copy.
_ENCODER = json.JSONEncoder(separators=(",", ":"), check_circular=False)


def encode_message(kind: str, *parts: Any) -> bytes:
    """A message is ``[kind, part, ...]``; each part falls back to an opaque value on its own."""
    return ("[" + ",".join([_ENCODER.encode(kind), *[_encode_part(part) for part in parts]]) + "]").encode()


def _encode_part(value: Any) -> str:
    try:
        # Large ints beyond the str conversion limit fail here, not on the wire; ``_plain`` never returns a cycle.
        return _ENCODER.encode(_plain(value, [_MAX_NODES], 0))
    except (RecursionError, ValueError, OverflowError):
        return _ENCODER.encode(_opaque(value, "value too large or too deep"))


def _plain(value: Any, budget: list[int], depth: int) -> Any:
    budget[0] -= 1
    if budget[0] < 0 or depth > _MAX_DEPTH:
        raise ValueError("too large")
    if value is None or value is True or value is False:
        return value
    if isinstance(value, int):
        number = int.__add__(value, 0)
        if abs(number).bit_length() > _SMALL_INT_DIGITS * 3:
            return {"i": format(number, "x")}
        return number
    if isinstance(value, float):
        return float.__mul__(value, 1.0)
    if isinstance(value, str):
        return str.__str__(value)
    return _plain_container(value, budget, depth)


def _plain_container(value: Any, budget: list[int], depth: int) -> Any:
    if isinstance(value, list):
        return [_plain(item, budget, depth + 1) for item in list.__iter__(value)]
    if isinstance(value, tuple):
        return {"t": [_plain(item, budget, depth + 1) for item in tuple.__iter__(value)]}
    if isinstance(value, dict):
        return {"d": [[_plain(k, budget, depth + 1), _plain(v, budget, depth + 1)] for k, v in dict.items(value)]}
    if isinstance(value, frozenset):
        return {"f": [_plain(item, budget, depth + 1) for item in frozenset.__iter__(value)]}
    if isinstance(value, set):
        return {"s": [_plain(item, budget, depth + 1) for item in set.__iter__(value)]}
    if isinstance(value, bytes):
        return {"b": bytes.__bytes__(value).hex()}
    if isinstance(value, complex):
        return {"c": [complex.real.__get__(value), complex.imag.__get__(value)]}
    return _opaque(value)


def _opaque(value: Any, why: str = "") -> dict[str, Any]:
    type_name = type(value).__name__
    try:
        text = why or repr(value)[:200]
    except BaseException:  # noqa: BLE001 - the program's __repr__ may raise anything
        text = f"<{type_name}>"
    try:
        truthy = bool(value)
    except BaseException:  # noqa: BLE001
        truthy = True
    return {"o": [str.__str__(type_name), str.__str__(text), truthy]}


# --- trusted side -----------------------------------------------------------------------------------------------

_DECODERS: dict[str, Callable[[Any], Any]] = {
    "t": lambda items: tuple(items),
    "s": lambda items: set(items),
    "f": lambda items: frozenset(items),
    "d": lambda pairs: {key: value for key, value in pairs},
    "b": lambda text: bytes.fromhex(text),
    "c": lambda parts: complex(parts[0], parts[1]),
    "i": lambda text: int(text, 16),
    "o": lambda parts: OpaqueValue(str(parts[0]), str(parts[1]), bool(parts[2])),
}


def _decode_object(obj: dict[str, Any]) -> Any:
    if len(obj) != 1:
        raise ProtocolError(f"bad tagged value with keys {sorted(obj)[:5]}")
    ((tag, payload),) = obj.items()
    decoder = _DECODERS.get(tag)
    if decoder is None:
        raise ProtocolError(f"unknown tag {tag!r}")
    try:
        return decoder(payload)
    except (TypeError, ValueError, IndexError) as error:
        raise ProtocolError(f"bad payload for tag {tag!r}: {error}") from None


_DECODER = json.JSONDecoder(object_hook=_decode_object)  # once: ``json.loads`` with a hook builds one per call


def decode_message(data: bytes) -> tuple[str, list[Any]]:
    """Decode what ``encode_message`` produced; anything malformed is a ProtocolError, never code execution."""
    try:
        message = _DECODER.decode(data.decode("utf-8"))
    except (ValueError, RecursionError, UnicodeDecodeError, TypeError) as error:
        raise ProtocolError(f"undecodable message: {error}") from None
    if not isinstance(message, list) or not message or not isinstance(message[0], str):
        raise ProtocolError("a message must be a non-empty list starting with its kind")
    return message[0], message[1:]
