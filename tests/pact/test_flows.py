"""Reading the pact, pledging to it, and staff publishing a new version from the chat."""

from __future__ import annotations

from sqlalchemy import select

from bot.app import Linli
from config.demo import load_demo_data
from config.i18n import format_datetime
from handlers.core.buttons import PactPage, PactPledgeButton, unpack
from handlers.core.messages import Reply
from models.outbox import OutboxMessage, OutboxStatus
from models.pact.store import PactVersion, pact_articles, pledge_count
from tests.harness import MANAGER_MENU, ChatDriver, current_version, demo_person, menu_labels, onboard, t

DEMO = load_demo_data()
ARTICLES = DEMO["pacts"]["yuntang"]["articles"]
TITLE = {"zh": "云塘社区居民公约", "en": "Yuntang Community Residents' Pact"}
DEMO_PLEDGES = 4  # wang, li, zhou and chen pledged the demo's Yuntang pact


def overview(app: Linli, language: str, version: PactVersion, count: int, pledged: bool) -> str:
    return t(
        app,
        language,
        "pact-overview",
        title=TITLE[language],
        version=version.number,
        date=format_datetime(version.published_at, language, app.settings.tz),
        articles=len(ARTICLES),
        count=count,
        pledged="yes" if pledged else "no",
    )


async def _count(app: Linli, version_id: int) -> int:
    async with app.sessionmaker() as session:
        return await pledge_count(session, version_id)


async def test_overview_and_pledge(app: Linli) -> None:
    wang = ChatDriver(app)
    await onboard(wang)
    version = await current_version(app, "yuntang")
    await wang.send("/pact")
    assert wang.texts() == [overview(app, "zh", version, DEMO_PLEDGES, pledged=False)]
    assert wang.labels() == ["📖 逐条阅读", "📄 全文", "✋ 我承诺遵守", "🏠 主菜单"]
    pledge_data = wang.find_button("我承诺遵守").data

    await wang.press("我承诺遵守")
    assert wang.texts() == [t(app, "zh", "pact-pledge-thanks", title=TITLE["zh"], count=DEMO_PLEDGES + 1)]
    assert await _count(app, version.id) == DEMO_PLEDGES + 1

    await wang.press_data(pledge_data)  # the same button again
    assert wang.texts() == [t(app, "zh", "pact-pledge-already", title=TITLE["zh"], count=DEMO_PLEDGES + 1)]
    assert await _count(app, version.id) == DEMO_PLEDGES + 1

    await wang.send("/pact")
    assert wang.texts() == [overview(app, "zh", version, DEMO_PLEDGES + 1, pledged=True)]
    assert "✅ 您已承诺" in wang.labels()


async def test_english_overview(app: Linli) -> None:
    emma = ChatDriver(app, user_id="emma", name="Emma Walsh", language_code=None, channel="terminal")
    version = await current_version(app, "yuntang")
    await emma.send("/pact")
    assert emma.texts() == [overview(app, "en", version, DEMO_PLEDGES, pledged=False)]
    assert f"{DEMO_PLEDGES} residents have pledged to follow it." in emma.text


async def test_reading_article_by_article(app: Linli) -> None:
    wang = ChatDriver(app)
    await onboard(wang)
    await wang.send("/pact")
    version = await current_version(app, "yuntang")

    def article(number: int) -> str:
        return t(app, "zh", "pact-article", number=number, total=10, text=ARTICLES[number - 1]["zh"])

    await wang.press("逐条阅读")
    assert wang.texts() == [article(1)]
    assert wang.last.edit is True
    assert wang.labels() == ["下一条 ▶", "↩ 返回公约", "✋ 我承诺遵守"]  # no "previous" on the first

    await wang.press("下一条")
    assert wang.texts() == [article(2)]
    assert wang.labels() == ["◀ 上一条", "下一条 ▶", "↩ 返回公约", "✋ 我承诺遵守"]
    for _ in range(8):
        await wang.press("下一条")
    assert wang.texts() == [article(10)]
    assert wang.labels() == ["◀ 上一条", "↩ 返回公约", "✋ 我承诺遵守"]  # no "next" on the last

    await wang.press("上一条")
    assert wang.texts() == [article(9)]
    await wang.press("返回公约")
    assert wang.texts() == [overview(app, "zh", version, DEMO_PLEDGES, pledged=False)]
    assert wang.last.edit is True

    # Past either end, even correctly signed, is no article.
    for number in (11, -1):
        await wang.press_payload(PactPage(version.id, number))
        assert wang.texts() == [t(app, "zh", "button-expired")]


async def test_whole_text(app: Linli) -> None:
    wang = ChatDriver(app)
    await onboard(wang)
    await wang.send("/pact")
    await wang.press("全文")
    expected = "\n\n".join(f"{n}. {a['zh']}" for n, a in enumerate(ARTICLES, start=1))
    assert wang.texts() == [f"{TITLE['zh']}\n\n{expected}"]
    assert wang.last.edit is False
    assert wang.labels() == ["✋ 我承诺遵守", "🏠 主菜单"]


async def test_pact_before_registering(app: Linli) -> None:
    guest = ChatDriver(app)
    await guest.send("/pact")
    assert guest.texts() == [t(app, "zh", "need-registration")]
    assert guest.labels() == ["🏘 加入我的社区"]
    # A pledge button reaching a guest (forwarded, or from before /forget) is refused too.
    version = await current_version(app, "yuntang")
    await guest.press_payload(PactPledgeButton(version.id))
    assert guest.texts() == [t(app, "zh", "need-registration")]
    assert await _count(app, version.id) == DEMO_PLEDGES
    await guest.press("加入我的社区")
    assert guest.texts() == [t(app, "zh", "onboard-welcome")]


async def test_no_pact_in_the_community(app: Linli) -> None:
    he = ChatDriver(app, user_id="he", channel="terminal", language_code=None)
    await he.send("/pact")
    assert he.texts() == [t(app, "zh", "pact-none")]


async def test_another_communitys_pact_is_not_shown(app: Linli) -> None:
    tang = ChatDriver(app, user_id="tang", channel="terminal", language_code=None)  # lives in 桥头
    yuntang = await current_version(app, "yuntang")
    await tang.press_payload(PactPage(yuntang.id, 1))
    assert tang.texts() == [t(app, "zh", "button-expired")]
    await tang.press_payload(PactPledgeButton(yuntang.id))
    assert tang.texts() == [t(app, "zh", "button-expired")]
    assert await _count(app, yuntang.id) == DEMO_PLEDGES


NEW_ZH = [a["zh"] for a in ARTICLES]
NEW_ZH[2] = "远亲不如近邻好,见面微笑问声好。谁家有难搭把手,互帮互助乐陶陶。"
NEW_ZH.append("新增一条:节约用水用电,绿色出行。")
NEW_EN = [a["en"] for a in ARTICLES]
NEW_EN[2] = "A good neighbour nearby is better than relatives far away."
NEW_EN.append("New: save water and power, travel green.")


async def _start_publishing(app: Linli) -> ChatDriver:
    zhou = ChatDriver(app, user_id="zhou", name="周丽华", language_code=None, channel="terminal")
    await zhou.send("/menu")
    assert zhou.labels() == menu_labels(app, "zh", *MANAGER_MENU)
    await zhou.send("/publishpact")
    assert zhou.texts() == [t(app, "zh", "pact-publish-ask-zh", max=4000)]
    return zhou


async def test_staff_publish_in_chat(app: Linli) -> None:
    emma_tg = ChatDriver(app, user_id="2002", name="Emma", language_code="en")
    await onboard(emma_tg, community="Yuntang", building="Longwan Garden Building 2", language="English")
    await emma_tg.send("/pact")
    await emma_tg.press("I pledge")
    old = await current_version(app, "yuntang")
    assert await _count(app, old.id) == DEMO_PLEDGES + 1

    zhou = await _start_publishing(app)
    # Numbering people type is dropped; blank lines separate articles.
    await zhou.send("\n\n".join(f"第{n}条 {text}" for n, text in enumerate(NEW_ZH, start=1)))
    assert zhou.texts() == [t(app, "zh", "pact-publish-ask-en", count=11)]
    assert zhou.labels() == ["跳过"]

    await zhou.send("\n".join(NEW_EN[:10]))  # one short: asked again
    assert zhou.texts() == [
        t(app, "zh", "pact-publish-count-mismatch", zh=11, en=10),
        t(app, "zh", "pact-publish-ask-en", count=11),
    ]
    assert await zhou.flow_step() == ("pact-publish", "text_en")

    await zhou.send("\n".join(f"{n}. {text}" for n, text in enumerate(NEW_EN, start=1)))
    preview = "\n\n".join(f"{n}. {text}" for n, text in enumerate(NEW_ZH, start=1))
    assert zhou.texts() == [
        t(
            app,
            "zh",
            "pact-publish-preview",
            community="云塘社区",
            count=11,
            changes="修改了第3条;新增第11条",
            preview=preview,
        )
    ]
    assert zhou.labels() == ["✅ 确认发布", "✖ 取消"]

    await zhou.press("确认发布")
    told = DEMO_PLEDGES + 1  # wang, li, zhou, chen and emma_tg pledged version 1
    assert zhou.texts() == [t(app, "zh", "pact-published", version=2, told=told)]
    assert zhou.outcome.outbox_added is True
    new = await current_version(app, "yuntang")
    assert new.number == 2
    assert new.published_by_id == (await demo_person(app, "zhou")).id
    async with app.sessionmaker() as session:
        stored = await pact_articles(session, new.id)
        rows = (await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))).all()
    assert [(a.text_zh, a.text_en) for a in stored] == list(zip(NEW_ZH, NEW_EN, strict=True))

    assert [(row.kind, row.channel, row.chat_id, row.status) for row in rows] == [
        ("pact-updated", "terminal", handle, OutboxStatus.pending) for handle in ("wang", "li", "zhou", "chen")
    ] + [("pact-updated", "telegram", "2002", OutboxStatus.pending)]
    key = app.services.button_key
    for row in rows:
        language = "en" if row.chat_id == "2002" else "zh"
        message = Reply.from_payload(row.payload)
        changes = "article 3 changed; article 11 added" if language == "en" else "修改了第3条;新增第11条"
        assert message.text == t(app, language, "pact-updated", title=TITLE[language], version=2, changes=changes)
        assert [[b.label for b in r] for r in message.buttons] == [
            [t(app, language, "pact-read"), t(app, language, "pact-pledge")]
        ]
        assert [unpack(b.data, key) for b in message.buttons[0]] == [PactPage(new.id, 1), PactPledgeButton(new.id)]

    # The invitation's pledge button works for the person it went to.
    (emma_row,) = [row for row in rows if row.chat_id == "2002"]
    await emma_tg.press_data(Reply.from_payload(emma_row.payload).buttons[0][1].data)
    assert emma_tg.texts() == [t(app, "en", "pact-pledge-thanks", title=TITLE["en"], count=1)]
    assert (await _count(app, old.id), await _count(app, new.id)) == (DEMO_PLEDGES + 1, 1)


async def test_staff_publish_skipping_english(app: Linli) -> None:
    zhou = await _start_publishing(app)
    await zhou.send("爱护环境\n邻里和睦")
    assert zhou.texts() == [t(app, "zh", "pact-publish-ask-en", count=2)]
    await zhou.press("跳过")
    assert zhou.texts()[0].startswith(
        t(
            app,
            "zh",
            "pact-publish-preview",
            community="云塘社区",
            count=2,
            changes="修改了第1、2条;删除了第3、4、5、6、7、8、9、10条",
            preview="1. 爱护环境\n\n2. 邻里和睦",
        )
    )
    await zhou.press("确认发布")
    assert zhou.texts() == [t(app, "zh", "pact-published", version=2, told=DEMO_PLEDGES)]
    new = await current_version(app, "yuntang")
    async with app.sessionmaker() as session:
        assert [(a.text_zh, a.text_en) for a in await pact_articles(session, new.id)] == [
            ("爱护环境", ""),
            ("邻里和睦", ""),
        ]
    # An English reader then sees the Chinese text rather than nothing.
    emma = ChatDriver(app, user_id="emma", language_code=None, channel="terminal")
    await emma.send("/pact")
    await emma.press("Read article by article")
    assert emma.texts() == [t(app, "en", "pact-article", number=1, total=2, text="爱护环境")]


async def test_staff_publish_cancelled(app: Linli) -> None:
    zhou = await _start_publishing(app)
    await zhou.send("爱护环境")
    await zhou.press("跳过")
    await zhou.press("取消")
    assert zhou.texts() == [t(app, "zh", "cancelled")]
    assert (await current_version(app, "yuntang")).number == 1


async def test_unchanged_publish_is_refused_and_rolled_back(app: Linli) -> None:
    zhou = await _start_publishing(app)
    await zhou.send("\n\n".join(a["zh"] for a in ARTICLES))
    await zhou.send("\n\n".join(a["en"] for a in ARTICLES))
    assert "没有改动" in zhou.text
    before = await zhou.state()
    await zhou.press("确认发布")
    assert zhou.texts() == [t(app, "zh", "pact-publish-unchanged")]
    assert zhou.labels() == ["🏠 主菜单"]
    assert (await current_version(app, "yuntang")).number == 1
    # The step's own writes (it had left the flow) were rolled back with the refusal.
    after = await zhou.state()
    assert before is not None
    assert after is not None
    assert (after.flow, after.step, after.nonce, after.data) == (before.flow, before.step, before.nonce, before.data)
    async with app.sessionmaker() as session:
        assert (await session.scalars(select(OutboxMessage))).all() == []


async def test_old_version_buttons_lead_to_the_new_version(app: Linli) -> None:
    wang = ChatDriver(app)
    await onboard(wang)
    await wang.send("/pact")
    read_v1, pledge_v1 = wang.find_button("逐条阅读").data, wang.find_button("我承诺遵守").data
    whole_v1 = wang.find_button("全文").data
    old = await current_version(app, "yuntang")

    zhou = await _start_publishing(app)
    await zhou.send("爱护环境\n邻里和睦")
    await zhou.press("跳过")
    await zhou.press("确认发布")
    new = await current_version(app, "yuntang")
    assert new.number == 2

    for data in (read_v1, whole_v1, pledge_v1):
        await wang.press_data(data)
        assert wang.texts()[0] == t(app, "zh", "pact-newer-version", version=2)
        assert wang.texts()[1].startswith(f"📜 {TITLE['zh']}\n第2版")
        assert "共2条" in wang.texts()[1]
    assert await _count(app, new.id) == 0  # the old pledge button pledged nothing
    assert await _count(app, old.id) == DEMO_PLEDGES


async def test_publishing_without_english_keeps_the_translation_of_unchanged_articles(app: Linli) -> None:
    staff = ChatDriver(app, user_id="zhou", channel="terminal", language_code=None)
    version = await current_version(app, "yuntang")
    async with app.sessionmaker() as session:
        old = list(await pact_articles(session, version.id))
    chinese = [article.text_zh for article in old]
    chinese[2] = "第三条改过了:邻里之间多问候。"
    await staff.send("/publishpact")
    await staff.send("\n\n".join(chinese))
    await staff.press("跳过")
    assert "修改了第3条" in staff.texts()[0]  # only the article whose Chinese changed
    await staff.press("确认发布")
    new = await current_version(app, "yuntang")
    async with app.sessionmaker() as session:
        articles = list(await pact_articles(session, new.id))
    assert [a.text_en for a in articles] == [a.text_en if n != 2 else "" for n, a in enumerate(old)]


async def test_publishing_text_with_no_articles_says_why(app: Linli) -> None:
    staff = ChatDriver(app, user_id="zhou", channel="terminal", language_code=None)
    await staff.send("/publishpact")
    await staff.send("第一条\n第二条")
    assert staff.texts() == [t(app, "zh", "pact-publish-empty"), t(app, "zh", "pact-publish-ask-zh", max=4000)]
    assert await staff.flow_step() == ("pact-publish", "text_zh")
