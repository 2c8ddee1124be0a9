"""requirements.lock is what `make run` and `make test` install: it must pin every dependency pyproject
names, within pyproject's ranges, so a fresh clone installs exactly what passed CI."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9_.-]+)==([^\s;]+)", re.M)


def pins() -> dict[str, str]:
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    return {canonicalize_name(name): version for name, version in PIN.findall(text)}


def test_every_dependency_is_pinned_within_its_range() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = [*project["dependencies"], *project["optional-dependencies"]["dev"]]
    locked = pins()
    for line in wanted:
        requirement = Requirement(line)
        name = canonicalize_name(requirement.name)
        assert name in locked, f"{requirement.name} is not in requirements.lock: run `make lock`"
        assert requirement.specifier.contains(locked[name], prereleases=True), (
            f"{requirement.name}=={locked[name]} is outside {requirement.specifier}: run `make lock`"
        )


def test_the_lock_holds_no_machine_specific_lines() -> None:
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    assert "--index-url" not in text
    assert "--extra-index-url" not in text
    assert "--find-links" not in text
    assert "file://" not in text
    assert "-e " not in text  # Linli itself is installed on top, not from the lock
