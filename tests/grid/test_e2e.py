"""End-to-end: a resident reports with a photo over Telegram (real python-telegram-bot stack, fake Bot API);
the grid worker, on the terminal channel, opens the case and gets the very same photo bytes."""

from __future__ import annotations

from sqlalchemy import select

from handlers.grid.buttons import GridView
from models.grid.store import GridCase, case_number
from tests.e2e.conftest import RunningBot, expect, fake, running  # noqa: F401  (the e2e fixtures, used here by name)
from tests.harness import ChatDriver

PHOTO = b"\xff\xd8\xff\xe0" + b"a rooftop shed, seen from building 3" * 20


async def test_report_with_a_telegram_photo_seen_by_staff_on_the_terminal(running: RunningBot) -> None:  # noqa: F811
    user = running.fake.user(7001, first_name="王阿姨", language_code="zh-hans")
    await user.send("/start")
    await expect(user, "请选择语言")
    await user.press_button("中文")
    await expect(user, "哪个社区")
    await user.press_button("云塘社区")
    await expect(user, "哪一栋")
    await user.press_button("格兰小镇3栋")
    await expect(user, "门牌号")
    await user.send("2单元301")
    await expect(user, "隐私说明")
    await user.press_button("✅ 同意")
    await expect(user, "欢迎加入")

    await user.send("/report")
    await expect(user, "请选择类别")
    await user.press_button("违章搭建")
    await expect(user, "说说情况")
    await user.send("楼顶有人在搭铁皮棚")
    await expect(user, "已收到 0 张")
    await user.send_photo(PHOTO)
    await expect(user, "已收到 1 张")
    await user.press_button("照片发完了")
    await expect(user, "问题在哪里")
    await user.press_button("我住的")
    await expect(user, "请核对")
    await user.press_button("匿名提交")
    done = await expect(user, "已提交,案件编号")
    assert len(running.fake.calls_of("getFile")) == 1

    async with running.linli.sessionmaker() as session:
        case = await session.scalar(select(GridCase).order_by(GridCase.id.desc()).limit(1))
        assert case is not None
    assert case_number(case.id) in done["text"]

    li = ChatDriver(running.linli, user_id="li", channel="terminal")
    await li.press_payload(GridView(case.id))
    assert "照片:1 张" in li.text
    await li.press("看照片")
    photos = [reply.photo for reply in li.batch if reply.photo is not None]
    assert len(photos) == 1
    assert photos[0].content == PHOTO
