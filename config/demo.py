"""The demo community (config/demo/community.toml): Tianxin district with the Hunan article's communities."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

DEMO_FILE = Path(__file__).parent / "demo" / "community.toml"


def load_demo_data(path: Path = DEMO_FILE) -> dict[str, Any]:
    with path.open("rb") as file:
        return tomllib.load(file)


def load_feature_demo(feature: str) -> dict[str, Any]:
    """A feature's part of the demo, ``config/demo/<feature>.toml`` (rooms, services, providers…)."""
    return load_demo_data(DEMO_FILE.with_name(f"{feature}.toml"))


def all_demo_people() -> list[dict[str, Any]]:
    """Every demo person: the community file's, then each feature file's ``[[people]]``, for listings."""
    people = list(load_demo_data().get("people", []))
    for path in sorted(DEMO_FILE.parent.glob("*.toml")):
        if path != DEMO_FILE:
            people.extend(load_demo_data(path).get("people", []))
    return people
