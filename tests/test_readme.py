"""README stays true: every setting is documented, and CI runs the quick start's test command."""

from __future__ import annotations

import re
from pathlib import Path

from config.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_setting_is_in_the_configuration_table() -> None:
    documented = set(re.findall(r"^\| `(LINLI_[A-Z_]+)` \|", README, flags=re.M))
    expected = {f"LINLI_{name.upper()}" for name in Settings.model_fields} | {"LINLI_CONFIG_FILE"}
    assert documented == expected


def test_quick_start_has_two_commands_and_ci_uses_the_test_one() -> None:
    quick_start = README.split("## Quick start", 1)[1].split("##", 1)[0]
    commands = re.findall(r"^(make \w+)", quick_start.split("```sh", 1)[1].split("```", 1)[0], flags=re.M)
    assert commands == ["make run", "make test"]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make test$", ci, flags=re.M)
