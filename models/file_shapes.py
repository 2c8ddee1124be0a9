"""What staff import from files (the 12343 catalogue, the residents' pact) is checked against pydantic models
of its shape before anything is written; this says where the first problem is, the way staff read it."""

from __future__ import annotations

from pydantic import ValidationError


def first_problem(error: ValidationError) -> str:
    """'services[3].open_hour: Input should be a valid integer' (or 'the file: …' for the top level)."""
    first = error.errors()[0]
    where = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in first["loc"]).lstrip(".")
    return f"{where or 'the file'}: {first['msg']}"
