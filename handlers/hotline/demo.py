"""The hotline's part of the demo (config/demo/hotline.toml): the catalogue, its providers' staff and an
operator, as extra demo people with terminal accounts."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from config.demo import load_feature_demo
from models.hotline.catalogue_file import import_catalogue
from models.seed import add_demo_person


async def load_demo(session: AsyncSession) -> None:
    data = load_feature_demo("hotline")
    for item in data.get("people", []):
        await add_demo_person(session, item)
    await import_catalogue(session, {key: value for key, value in data.items() if key != "people"})
