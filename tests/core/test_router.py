"""The router's registry: every feature's commands, buttons and flows under names no other feature uses."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import async_sessionmaker

from bot.app import FEATURES
from config.i18n import default_catalog
from config.settings import Settings
from handlers.core.buttons import MenuAction
from handlers.core.context import Ctx
from handlers.core.feature import Command, Feature, Flow, Step
from handlers.core.router import Core
from handlers.core.scope import Services


async def _nothing(_ctx: Ctx) -> None:
    return None


async def _pressed(_ctx: Ctx, _item: MenuAction) -> None:
    return None


def _core(*features: Feature) -> Core:
    services = Services(Settings(), default_catalog(), b"k" * 16)
    return Core(services, async_sessionmaker(), features)


def test_the_real_features_register_without_a_clash() -> None:
    core = _core(*FEATURES)
    assert set(core.flows) == {flow.name for feature in FEATURES for flow in feature.flows}
    assert "book" in core.commands


def test_a_command_registered_twice_is_refused() -> None:
    first = Feature("first", commands=[Command("same", _nothing)])
    second = Feature("second", commands=[Command("same", _nothing)])
    with pytest.raises(ValueError, match="command /same registered twice"):
        _core(first, second)


def test_a_button_registered_twice_is_refused() -> None:
    first = Feature("first", buttons={MenuAction: _pressed})
    second = Feature("second", buttons={MenuAction: _pressed})
    with pytest.raises(ValueError, match="button MenuAction registered twice"):
        _core(first, second)


def test_a_flow_registered_twice_is_refused() -> None:
    # Before, the second silently replaced the first: the first feature's conversations ran the second's steps.
    first = Feature("first", flows=[Flow("same", {"ask": Step(_nothing)})])
    second = Feature("second", flows=[Flow("same", {"other": Step(_nothing)})])
    with pytest.raises(ValueError, match="flow 'same' registered twice"):
        _core(first, second)
