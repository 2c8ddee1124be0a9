"""`linli hotline export|import|report`: the catalogue file round trip and the monthly CSV."""

from __future__ import annotations

import argparse
import csv
import io
import json
import tomllib
from pathlib import Path

import pytest

from bot.app import Linli
from bot.cli.hotline import cmd_export, cmd_import, cmd_report
from bot.cli.main import parser
from models.hotline.catalogue_file import to_json, to_toml
from tests.harness import ChatDriver
from tests.hotline.helpers import Clock, inbox, press_in, request_plumbing, service_named


async def test_export_edit_import(app: Linli, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("catalogue.toml", "catalogue.json"):
        path = tmp_path / name
        assert await cmd_export(app.settings, argparse.Namespace(file=path)) == 0
        text = path.read_text(encoding="utf-8")
        assert "水管维修" in text
        # Edit as staff would: read the file, change the plumber's price, write it back in the same format.
        data = tomllib.loads(text) if name.endswith(".toml") else json.loads(text)
        plumbing = next(item for item in data["services"] if item["code"] == "plumbing")
        assert plumbing["price_fen"] == 5000
        plumbing["price_fen"] = 6600
        edited = tmp_path / f"edited-{name}"
        edited.write_text(to_toml(data) if name.endswith(".toml") else to_json(data), encoding="utf-8")
        assert await cmd_import(app.settings, argparse.Namespace(file=edited)) == 0
        assert (await service_named(app, "plumbing")).price_fen == 6600
        assert await cmd_import(app.settings, argparse.Namespace(file=path)) == 0
        assert (await service_named(app, "plumbing")).price_fen == 5000
    broken = tmp_path / "broken.toml"
    service = 'code = "x"\nname_zh = "修"\nname_en = "Fix"\nprice_type = "free"\n'
    broken.write_text(f'[[services]]\n{service}category = "nope"\n', encoding="utf-8")
    assert await cmd_import(app.settings, argparse.Namespace(file=broken)) == 1
    assert "unknown category" in capsys.readouterr().err
    # A wrong type is named by where it is, before anything is written.
    broken.write_text(f'[[services]]\n{service}category = "repair"\nopen_hour = "8"\n', encoding="utf-8")
    assert await cmd_import(app.settings, argparse.Namespace(file=broken)) == 1
    assert "services[0].open_hour: Input should be a valid integer" in capsys.readouterr().err


async def test_monthly_report_csv(app: Linli, tmp_path: Path) -> None:
    Clock(app)
    wang, liu = (
        ChatDriver(app, user_id="wang", channel="terminal"),
        ChatDriver(app, user_id="liushifu", channel="terminal"),
    )
    await request_plumbing(wang, provider="安居维修服务部")
    await press_in(liu, (await inbox(app, "liushifu"))[-1], "1小时内到")
    out = tmp_path / "report.csv"
    args = parser().parse_args(["hotline", "report", "--month", "2026-11", str(out)])
    assert await cmd_report(app.settings, args) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    anju = next(row for row in rows if row["provider_code"] == "anju_repair")
    assert (anju["offers"], anju["cases"], anju["acceptance_rate_percent"]) == ("1", "1", "100")
    assert len(rows) >= 10
    bad = parser().parse_args(["hotline", "report", "--month", "2026-13", str(out)])
    assert await cmd_report(app.settings, bad) == 2
