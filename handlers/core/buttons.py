"""Button payloads: every kind is a typed dataclass, packed and parsed here and nowhere else.

Packed form: ``prefix:field:field~signature`` (ASCII, at most 64 bytes, Telegram's limit).
The signature is a truncated HMAC with the deployment's secret, so a payload a client makes up is
refused before any of its fields are trusted; staleness is the flows' business (``Pick.nonce``).
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import hmac
import re
from collections.abc import Callable
from typing import Any, ClassVar, TypeVar, get_type_hints

MAX_PAYLOAD_BYTES = 64
_SIGNATURE_BYTES = 6  # 48 bits: forging by guessing is hopeless over a chat; keeps payloads short
_FIELD = re.compile(r"^[A-Za-z0-9_.\-]*$")


class InvalidButton(ValueError):
    """The payload is malformed, unknown, forged, or refers to something that is gone."""


class Payload:
    prefix: ClassVar[str]


_REGISTRY: dict[str, type[Payload]] = {}
_HINTS: dict[type[Payload], dict[str, Any]] = {}
P = TypeVar("P", bound=type[Payload])


def payload(prefix: str) -> Callable[[P], P]:
    """Class decorator (over @dataclass(frozen=True)): registers a payload kind under a unique prefix."""

    def register(cls: P) -> P:
        if prefix in _REGISTRY:
            raise ValueError(f"button prefix {prefix!r} used twice")
        if not dataclasses.is_dataclass(cls):
            raise TypeError(f"{cls.__name__} must be a dataclass")
        cls.prefix = prefix
        for spec in dataclasses.fields(cls):
            if get_type_hints(cls)[spec.name] not in (int, str):
                raise TypeError(f"{cls.__name__}.{spec.name}: payload fields are int or str")
        _REGISTRY[prefix] = cls
        _HINTS[cls] = get_type_hints(cls)  # resolving them costs ~50 µs; every button press needs them
        return cls

    return register


# --- the payload kinds ----------------------------------------------------------------------------


@payload("k")
@dataclasses.dataclass(frozen=True)
class Pick(Payload):
    """A choice offered by the current step of a flow; valid only while that step is current."""

    nonce: str
    value: str


@payload("m")
@dataclasses.dataclass(frozen=True)
class MenuAction(Payload):
    """A main-menu entry; ``action`` names a command (pact, me, lang, help, menu, start…)."""

    action: str


@payload("l")
@dataclasses.dataclass(frozen=True)
class SetLanguage(Payload):
    language: str


@payload("pr")
@dataclasses.dataclass(frozen=True)
class ProfileAction(Payload):
    """An entry of the /me screen: address, phone, name, forget."""

    action: str


@payload("pa")
@dataclasses.dataclass(frozen=True)
class PactPage(Payload):
    """Article ``article`` (1-based) of a pact version; 0 is the overview."""

    version: int
    article: int


@payload("pw")
@dataclasses.dataclass(frozen=True)
class PactWhole(Payload):
    version: int


@payload("pp")
@dataclasses.dataclass(frozen=True)
class PactPledgeButton(Payload):
    version: int


# --- packing --------------------------------------------------------------------------------------


def _sign(key: bytes, body: str) -> str:
    digest = hmac.new(key, body.encode("ascii"), hashlib.sha256).digest()[:_SIGNATURE_BYTES]
    return base64.urlsafe_b64encode(digest).decode("ascii")


def _fields(kind: type[Payload]) -> list[dataclasses.Field[Any]]:
    return list(dataclasses.fields(kind))  # type: ignore[arg-type]


def pack(item: Payload, key: bytes) -> str:
    parts = [item.prefix]
    for spec in _fields(type(item)):
        value = str(getattr(item, spec.name))
        if not _FIELD.match(value):
            raise ValueError(f"payload field {spec.name}={value!r} has characters buttons cannot carry")
        parts.append(value)
    body = ":".join(parts)
    packed = f"{body}~{_sign(key, body)}"
    if len(packed.encode("ascii")) > MAX_PAYLOAD_BYTES:
        raise ValueError(f"button payload over {MAX_PAYLOAD_BYTES} bytes: {packed!r}")
    return packed


def unpack(data: str, key: bytes) -> Payload:
    if len(data.encode("utf-8", "replace")) > MAX_PAYLOAD_BYTES or "~" not in data:
        raise InvalidButton("malformed")
    body, _, signature = data.rpartition("~")
    if not (body.isascii() and signature.isascii()):
        raise InvalidButton("not ascii")
    if not hmac.compare_digest(signature, _sign(key, body)):
        raise InvalidButton("bad signature")
    prefix, *values = body.split(":")
    kind = _REGISTRY.get(prefix)
    if kind is None:
        raise InvalidButton(f"unknown prefix {prefix!r}")
    specs = _fields(kind)
    if len(values) != len(specs):
        raise InvalidButton("wrong field count")
    hints = _HINTS[kind]
    converted: dict[str, Any] = {}
    for spec, raw in zip(specs, values, strict=True):
        if hints[spec.name] is int:
            if not re.fullmatch(r"-?\d{1,12}", raw):
                raise InvalidButton(f"{spec.name} is not a number")
            converted[spec.name] = int(raw)
        else:
            converted[spec.name] = raw
    return kind(**converted)
