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


def all_demo_people(folder: Path = DEMO_FILE.parent) -> list[dict[str, Any]]:
    """Every demo person: the community file's, then each feature file's ``[[people]]``, for listings.
    A handle names one person in `linli chat --as` and in the console: a second use is an error here,
    not a chat that silently speaks as someone else."""
    people: list[dict[str, Any]] = []
    seen: dict[str, str] = {}
    paths = [folder / DEMO_FILE.name, *sorted(p for p in folder.glob("*.toml") if p.name != DEMO_FILE.name)]
    for path in paths:
        for person in load_demo_data(path).get("people", []):
            handle = person["handle"]
            if handle in seen:
                raise ValueError(f"demo handle {handle!r} is used in {seen[handle]} and in {path.name}")
            seen[handle] = path.name
            people.append(person)
    return people
