"""The demo community (config/demo/community.toml): Tianxin district with the Hunan article's communities."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

DEMO_FILE = Path(__file__).parent / "demo" / "community.toml"


def load_demo_data(path: Path = DEMO_FILE) -> dict[str, Any]:
    with path.open("rb") as file:
        return tomllib.load(file)
