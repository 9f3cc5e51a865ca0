"""Plain Python values as JSON and as Python source.

JSON has no tuples, sets, complex numbers or non-string keys, so a value is written in a *tagged* form: a JSON object
with one key naming the type, e.g. ``{"$tuple": [1, 2]}``. Decoding goes through ``json.loads(object_hook=...)``, which
runs in C for everything but the tagged objects, so tens of thousands of cached outputs decode in milliseconds.

The encoder never writes a bare JSON object (dicts become ``{"$dict": [[key, value], ...]}``), so what it writes
round-trips exactly. The decoder also accepts hand-written JSON (custom task files), where a bare object is a dict
with string keys.

>>> decode(encode((1, {2: {3.5}})))
(1, {2: {3.5}})
"""

from __future__ import annotations

import base64
import json
import math
from collections.abc import Callable, Iterable
from typing import Any, cast

# Python refuses to turn ints of more than 4300 digits into decimal text; such ints travel as hex.
_HUGE_INT_BITS = 4000 * 3


def encode(value: Any) -> Any:
    """A JSON-ready structure for ``value``; raises ``TypeError`` naming the first unsupported type."""
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, int):
        return {"$int": hex(value)} if value.bit_length() > _HUGE_INT_BITS else int(value)
    if isinstance(value, float):
        return float(value) if math.isfinite(value) else {"$float": repr(float(value))}
    if isinstance(value, list):
        return [encode(item) for item in value]
    for kind, tag in _CONTAINER_TAGS:
        if isinstance(value, kind):
            return {tag: [encode(item) for item in cast(Iterable[Any], value)]}
    if isinstance(value, dict):
        return {"$dict": [[encode(key), encode(item)] for key, item in value.items()]}
    if isinstance(value, complex):
        return {"$complex": [encode(value.real), encode(value.imag)]}
    if isinstance(value, bytes):
        return {"$bytes": base64.b64encode(value).decode("ascii")}
    raise TypeError(f"cannot encode a value of type {type(value).__name__}: {value!r:.80}")


_CONTAINER_TAGS: tuple[tuple[type, str], ...] = ((tuple, "$tuple"), (frozenset, "$frozenset"), (set, "$set"))


def size_exceeds(value: Any, limit: int) -> bool:
    """Whether ``value`` has more than ``limit`` parts, counting each character of text and each other element.

    Stops as soon as the limit is passed, so asking about a billion-element list costs ``limit`` steps.
    """
    size = 0
    stack = [value]
    while stack:
        item = stack.pop()
        size += len(item) if isinstance(item, str | bytes) else 1
        if size > limit:
            return True
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list | tuple | set | frozenset):
            stack.extend(item)
    return False


def dumps(value: Any) -> str:
    return json.dumps(encode(value), allow_nan=False, separators=(",", ":"))


def loads(text: str) -> Any:
    return json.loads(text, object_hook=decode_object)


def decode(structure: Any) -> Any:
    """Inverse of ``encode`` for a structure already parsed from JSON (without the object hook)."""
    if isinstance(structure, list):
        return [decode(item) for item in structure]
    if isinstance(structure, dict):
        return decode_object({key: decode(item) for key, item in structure.items()})
    return structure


def decode_object(obj: dict[str, Any]) -> Any:
    """``json`` object hook: a one-key object whose key is a known tag is that value; anything else is a dict."""
    if len(obj) == 1:
        ((key, payload),) = obj.items()
        decoder = _DECODERS.get(key)
        if decoder is not None:
            return decoder(payload)
    return obj


def _decode_dict(pairs: list[list[Any]]) -> dict[Any, Any]:
    return {key: value for key, value in pairs}


_DECODERS: dict[str, Callable[[Any], Any]] = {
    "$tuple": tuple,
    "$set": set,
    "$frozenset": frozenset,
    "$dict": _decode_dict,
    "$int": lambda text: int(text, 16),
    "$float": float,
    "$complex": lambda parts: complex(parts[0], parts[1]),
    "$bytes": lambda text: base64.b64decode(text.encode("ascii")),
}


def to_source(value: Any) -> str:
    """Python source that evaluates to ``value`` (for test code); raises ``TypeError`` for unsupported types."""
    if isinstance(value, float) and not math.isfinite(value):
        return f"float({repr(value)!r})"
    if isinstance(value, complex):
        return f"complex({to_source(value.real)}, {to_source(value.imag)})"
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > _HUGE_INT_BITS:
        return hex(value)
    if value is None or isinstance(value, bool | int | float | str | bytes):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(to_source(item) for item in value) + "]"
    if isinstance(value, tuple):
        inner = ", ".join(to_source(item) for item in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if isinstance(value, set | frozenset):
        inner = "{" + ", ".join(to_source(item) for item in value) + "}"
        text = inner if value else "set()"
        return f"frozenset({text})" if isinstance(value, frozenset) else text
    if isinstance(value, dict):
        return "{" + ", ".join(f"{to_source(k)}: {to_source(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"cannot write a value of type {type(value).__name__} as source: {value!r:.80}")
