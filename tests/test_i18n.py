"""The catalogs match each other and the code: same ids, same variables, every call site passes them.

How call sites are found: the AST of every module in handlers/ and bot/ is walked for

- ``x.t("id", **kw)`` (the Ctx form: one positional argument),
- ``x.t(language, "id", {"var": ...})`` and a bare ``t(language, "id", {...})`` (the Catalog form),
- ``x.say("id", buttons, edit=..., **kw)`` and ``x.button("id", payload, **kw)`` (Ctx helpers),

and each literal id must be in both catalogs, called with exactly the variables its message uses.
``"a" if c else "b"`` ids count as both literals. Ids built with f-strings are checked by enumerating
their expansions (``FSTRING_EXPANSIONS``: ``f"role-{...}"`` is every ``Role``, ``f"lang-{...}"`` every
supported language, and so on); an f-string prefix not listed there fails the test.

Ids that are plain variables are checked where their values come from (``DYNAMIC_IDS`` says where):
``DomainError("id", **kw)`` raised in models/ and handlers/, ``MenuEntry`` labels, ``Command``
descriptions and ``Step(text_hint=...)``. A new kind of variable id fails the test until it is listed.
In bot/, ``.say``/``.button`` with a non-literal first argument are not catalog calls (the terminal's
``say(line)``) and are skipped.
"""

from __future__ import annotations

import ast
import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fluent.syntax import FluentParser
from fluent.syntax import ast as fluent_ast

from config.i18n import Catalog, catalog_messages, catalog_paths, default_catalog, language_from_code, new_bundle
from config.settings import SUPPORTED_LANGUAGES, Settings
from handlers.core.feature import Step
from models.hotline.cases import RequestStatus
from models.notices.store import AudienceRole, NoticeStatus, Topic, Urgency
from models.people import Role
from models.seed import DEMO_CHANNEL
from models.talk.store import MatterStatus, MeetingStatus

ROOT = Path(__file__).resolve().parent.parent
CODE_DIRS = ("handlers", "bot")
ERROR_DIRS = ("models", "handlers")
CHANNELS = ("telegram", "terminal", "web", "wechat")

FSTRING_EXPANSIONS: dict[str, tuple[str, ...]] = {
    "role-": tuple(role.value for role in Role),
    "lang-": SUPPORTED_LANGUAGES,
    "channel-": CHANNELS,
    "pact-changes-": ("changed", "added", "removed"),
    "notices-topic-": tuple(topic.value for topic in Topic),
    "notices-urgency-": tuple(urgency.value for urgency in Urgency),
    "notices-role-": tuple(role.value for role in AudienceRole),
    "notices-status-": tuple(status.value for status in NoticeStatus),
    "notices-language-": SUPPORTED_LANGUAGES,
    "notices-when-": ("hour", "morning", "evening"),
    "hotline-status-": tuple(status.value for status in RequestStatus),
    "talk-status-": tuple(status.value for status in MatterStatus),
    "talk-meeting-status-": tuple(status.value for status in MeetingStatus),
    "talk-ask-": ("accept", "decline"),  # the decisions that need words
}

# Non-literal message ids, by their source text, and where their values are checked instead.
DYNAMIC_IDS: dict[str, str] = {
    "message_id": "Ctx.t / Ctx.say themselves (handlers/core/context.py): their callers are checked",
    "label_id": "Ctx.button itself: its callers are checked",
    "step.text_hint": "Step(text_hint=...) literals and the default, see test_step_hints",
    "refusal.message_id": "DomainError(...) raised in models/ and handlers/, see test_domain_errors",
    "entry.label": "MenuEntry(...) labels, see test_menu_labels_and_command_descriptions",
    "c.description or c.name": "Command(...) descriptions, see test_menu_labels_and_command_descriptions",
    "parsed.message_id": "BadInput(...) in bot/channels/webchat/protocol.py, see test_web_chat_bad_input",
    "message": "console error pages: ids named as string literals in bot/console, see test_console_literal_ids",
}


@dataclass(frozen=True)
class CallSite:
    where: str
    ids: tuple[str, ...]
    args: frozenset[str] | None  # None: passed as **mapping, cannot be checked here
    dynamic: str | None = None  # the source of an id that is not a literal
    fstring: str | None = None  # the literal prefix of an f-string id
    empty: frozenset[str] = frozenset()  # variables passed as ``x or ""``: the message must guard them


def _modules(*dirs: str) -> Iterator[tuple[str, ast.Module]]:
    for directory in dirs:
        for path in sorted((ROOT / directory).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            yield str(path.relative_to(ROOT)), ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _literal_ids(node: ast.expr) -> tuple[str, ...] | None:
    """The ids an expression can evaluate to, or None when it is not made of literals."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return (node.value,)
    if isinstance(node, ast.IfExp):
        body, orelse = _literal_ids(node.body), _literal_ids(node.orelse)
        return body + orelse if body is not None and orelse is not None else None
    if isinstance(node, ast.JoinedStr):
        head = node.values[0] if node.values else None
        if (
            len(node.values) == 2
            and isinstance(head, ast.Constant)
            and isinstance(head.value, str)
            and isinstance(node.values[1], ast.FormattedValue)
        ):
            prefix = head.value
            assert prefix in FSTRING_EXPANSIONS, (
                f"f-string message id {ast.unparse(node)}: add it to FSTRING_EXPANSIONS"
            )
            return tuple(prefix + suffix for suffix in FSTRING_EXPANSIONS[prefix])
        raise AssertionError(f"f-string message id of unknown shape: {ast.unparse(node)}")
    return None


def _keywords(call: ast.Call, ignore: frozenset[str] = frozenset()) -> frozenset[str] | None:
    if any(keyword.arg is None for keyword in call.keywords):
        return None
    return frozenset(keyword.arg for keyword in call.keywords if keyword.arg is not None and keyword.arg not in ignore)


def _empty_arguments(call: ast.Call) -> frozenset[str]:
    """The variables a call passes in a form that may be empty (``x or ""``), as keywords or a mapping."""
    pairs = [(keyword.arg, keyword.value) for keyword in call.keywords if keyword.arg]
    for mapping in call.args[2:3]:
        if isinstance(mapping, ast.Dict):
            pairs += [
                (str(key.value), value)
                for key, value in zip(mapping.keys, mapping.values, strict=True)
                if isinstance(key, ast.Constant)
            ]
    return frozenset(variable for variable, value in pairs if _may_be_empty(value))


def _site(where: str, id_node: ast.expr, args: frozenset[str] | None, call: ast.Call) -> CallSite:
    ids = _literal_ids(id_node)
    if ids is None:
        return CallSite(where, (), args, dynamic=ast.unparse(id_node))
    prefix = None
    if isinstance(id_node, ast.JoinedStr) and isinstance(id_node.values[0], ast.Constant):
        prefix = str(id_node.values[0].value)
    return CallSite(where, ids, args, fstring=prefix, empty=_empty_arguments(call))


def call_sites() -> list[CallSite]:
    sites: list[CallSite] = []
    for name, module in _modules(*CODE_DIRS):
        in_bot = name.startswith("bot")
        for node in ast.walk(module):
            if not isinstance(node, ast.Call):
                continue
            where = f"{name}:{node.lineno}"
            func = node.func
            method = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None
            if method == "t" and isinstance(func, ast.Attribute) and len(node.args) == 1:
                sites.append(_site(where, node.args[0], _keywords(node), node))  # Ctx.t("id", **kw)
            elif method == "t" and len(node.args) in (
                2,
                3,
            ):  # Catalog.t(language, "id", {...}), Job.t(lang, "id", **kw)
                mapping = node.args[2] if len(node.args) == 3 else None
                if mapping is None:
                    args: frozenset[str] | None = _keywords(node)
                elif isinstance(mapping, ast.Dict) and all(
                    isinstance(key, ast.Constant) and isinstance(key.value, str) for key in mapping.keys
                ):
                    args = frozenset(str(key.value) for key in mapping.keys if isinstance(key, ast.Constant))
                else:
                    args = None
                sites.append(_site(where, node.args[1], args, node))
            elif method in ("say", "button") and isinstance(func, ast.Attribute) and node.args:
                # Job.button(language, "id", payload, **kw) names the language first; Ctx.button("id", payload).
                id_node = node.args[1] if method == "button" and len(node.args) >= 3 else node.args[0]
                if in_bot and _literal_ids(id_node) is None:
                    continue  # not a catalog call (the terminal's own say(line))
                ignore = frozenset({"edit"}) if method == "say" else frozenset()
                sites.append(_site(where, id_node, _keywords(node, ignore), node))
    return sites


def _calls_named(dirs: tuple[str, ...], *names: str) -> Iterator[tuple[str, ast.Call]]:
    for name, module in _modules(*dirs):
        for node in ast.walk(module):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in names:
                yield f"{name}:{node.lineno}", node


def _argument(call: ast.Call, position: int, keyword: str) -> ast.expr | None:
    for item in call.keywords:
        if item.arg == keyword:
            return item.value
    return call.args[position] if len(call.args) > position else None


@pytest.fixture(scope="module")
def messages() -> dict[str, dict[str, set[str]]]:
    return {language: catalog_messages(language) for language in SUPPORTED_LANGUAGES}


def _check(
    site_ids: tuple[str, ...], args: frozenset[str] | None, where: str, messages: dict[str, dict[str, set[str]]]
) -> list[str]:
    problems = []
    for message_id in site_ids:
        for language, catalog in messages.items():
            if message_id not in catalog:
                problems.append(f"{where}: {message_id!r} is missing from the {language} catalog")
            elif args is not None and catalog[message_id] != set(args):
                problems.append(
                    f"{where}: {message_id!r} is given {sorted(args)}, the {language} message uses "
                    f"{sorted(catalog[message_id])}"
                )
    return problems


# --- the catalogs against each other -------------------------------------------------------------------


def test_same_ids_and_variables(messages: dict[str, dict[str, set[str]]]) -> None:
    zh, en = messages["zh"], messages["en"]
    assert sorted(set(zh) - set(en)) == [], "only in zh"
    assert sorted(set(en) - set(zh)) == [], "only in en"
    different = {message_id: (zh[message_id], en[message_id]) for message_id in zh if zh[message_id] != en[message_id]}
    assert different == {}


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_every_message_formats(language: str, messages: dict[str, dict[str, set[str]]]) -> None:
    bundle = new_bundle(language)
    assert len(messages[language]) > 100
    for message_id, variables in messages[language].items():
        message = bundle.get_message(message_id)
        assert message.value is not None, f"{message_id} has no value"
        for dummy in (1, 2, "x", "yes"):
            formatted, errors = bundle.format_pattern(message.value, dict.fromkeys(variables, dummy))
            text = str(formatted)
            assert errors == [], f"{language} {message_id} with {dummy!r}: {errors}"
            assert text.strip(), f"{language} {message_id} is empty"
    # The check above can fail: a message missing its variables reports errors.
    overview = bundle.get_message("pact-overview").value
    assert overview is not None
    _, errors = bundle.format_pattern(overview, {})
    assert errors


CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
# English sets a space before "(": "Building 4 (…)". "volunteer(s)" is a plural written out, not a bracket.
GLUED_BRACKET = re.compile(r"[A-Za-z?!.,:;)]\((?!s\))")
PLURAL_NOUNS = (
    "bookings|requests|people|cases|hours|minutes|days|weeks|photos|offers|times|volunteers|no-shows|places|"
    "providers|articles|residents|messages|waves|tasks|notices|visits|reports|characters|pledges|stars|followers"
)
ONE_PLURAL = re.compile(rf"(?<![\d.])1 (?:{PLURAL_NOUNS})\b|\w\(s\)")  # "1 bookings", "volunteer(s)"
# Chinese that is the point: the language switch, and the pact editor's example of a Chinese numbering.
MIXED_ON_PURPOSE = {"lang-choose", "lang-zh", "menu-lang", "webchat-lang", "console-pact-edit-hint"}


def test_english_reads_as_english(messages: dict[str, dict[str, set[str]]]) -> None:
    """Every en message, with every selector variant: no Chinese the catalog wrote itself (variables hold
    user data and place names, so they are filled with Latin letters here), a space before each bracket,
    and plurals that agree with their number ("1 booking", never "1 bookings" or "volunteer(s)")."""
    bundle = new_bundle("en")
    problems = []
    for message_id, variables in messages["en"].items():
        if message_id in MIXED_ON_PURPOSE:
            continue
        message = bundle.get_message(message_id)
        assert message.value is not None
        for dummy in (1, 2, 5, "x", "yes", "no", "none", "telegram", "web"):
            text, _errors = bundle.format_pattern(message.value, dict.fromkeys(variables, dummy))
            for rule, found in (("Chinese", CJK), ("no space before (", GLUED_BRACKET), ("plural", ONE_PLURAL)):
                if found.search(str(text)):
                    problems.append(f"{message_id} [{dummy!r}] {rule}: {str(text)[:90]!r}")
    assert problems == [], "\n".join(sorted(set(problems)))


# --- a value that is not there leaves its whole phrase out ---------------------------------------------

DASHES = ("-", "–", "—")
# A hole a missing value leaves: empty brackets, two punctuation marks in a row ("哪里出问题?:", "欢迎回来,!"),
# a line opening with punctuation, or a range with one end. (A question may end with a colon: buttons follow.)
HOLE = re.compile(
    r"\(\s*\)|（\s*）|[,，、:：;；!！?？。]{2}|^[ \t]*[,，:：;；!！?？。)]|–[ \t]*$|^[ \t]*–",
    re.M,
)


def holes(text: str, filled: str) -> list[str]:
    """What is wrong in ``text`` (a message with a value left empty), given ``filled`` (the same with it):
    the patterns above, and a label that kept its colon but lost the value that followed it on its line."""
    found = [match.group(0) for match in HOLE.finditer(text)] if len(text.strip()) > 2 else []  # "、" is a separator
    for line in text.splitlines():
        label = line.rstrip()
        if label.endswith((":", "：")) and any(
            other.startswith(label) and len(other.rstrip()) > len(label) for other in filled.splitlines()
        ):
            found.append(label)
    return found


def _guarded_names(node: object, names: set[str]) -> set[str]:
    """The variables ``HAS($x)`` is called on anywhere inside a Fluent syntax node."""
    if isinstance(node, fluent_ast.FunctionReference) and node.id.name == "HAS":
        names.update(a.id.name for a in node.arguments.positional if isinstance(a, fluent_ast.VariableReference))
    if isinstance(node, fluent_ast.BaseNode):
        for value in vars(node).values():
            for child in value if isinstance(value, list) else [value]:
                _guarded_names(child, names)
    return names


def _guards() -> dict[str, dict[str, set[str]]]:
    """For each language and message, the variables it guards with ``HAS($x)`` (they may be empty)."""
    return {
        language: {
            entry.id.name: _guarded_names(entry, set())
            for path in catalog_paths(language)
            for entry in FluentParser().parse(path.read_text(encoding="utf-8")).body
            if isinstance(entry, fluent_ast.Message)
        }
        for language in SUPPORTED_LANGUAGES
    }


def _may_be_empty(value: ast.expr) -> bool:
    """``x or ""`` and ``a if c else ""``: an argument written to be empty when its value is missing."""
    if isinstance(value, ast.BoolOp) and isinstance(value.op, ast.Or):
        last = value.values[-1]
        return isinstance(last, ast.Constant) and last.value == ""
    if isinstance(value, ast.IfExp):
        return any(isinstance(branch, ast.Constant) and branch.value == "" for branch in (value.body, value.orelse))
    return False


def test_no_dash_stands_in_for_a_missing_value() -> None:
    """A missing value is passed as "" (and its message leaves the phrase out), never as "-" in its place:
    ``x or "-"``, ``"-" if ... else``, a parameter defaulting to "-" all fail here."""
    found = []
    for name, module in _modules(*CODE_DIRS):
        if name.startswith("bot/console/"):
            continue  # a table cell or a chart with no value shows "—": the web's convention for an empty cell
        for node in ast.walk(module):
            candidates: list[ast.expr] = []
            if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or):
                candidates = node.values[1:]
            elif isinstance(node, ast.IfExp):
                candidates = [node.body, node.orelse]
            elif isinstance(node, ast.arguments):
                candidates = [*node.defaults, *(d for d in node.kw_defaults if d is not None)]
            for candidate in candidates:
                if isinstance(candidate, ast.Constant) and candidate.value in DASHES:
                    found.append(f"{name}:{candidate.lineno}: {ast.unparse(node)[:80]}")
    assert found == [], "\n".join(found)


def test_an_argument_that_may_be_empty_is_guarded_by_its_message() -> None:
    """Where a call site passes ``x or ""``, the message must say what happens then: ``HAS($x)``."""
    guards = _guards()
    unguarded = [
        f"{site.where}: {message_id} ${variable} ({language})"
        for site in call_sites()
        for variable in sorted(site.empty)
        for message_id in site.ids
        for language in SUPPORTED_LANGUAGES
        if variable not in guards[language].get(message_id, set())
    ]
    assert unguarded == [], "\n".join(unguarded)


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_a_missing_value_leaves_no_hole(language: str, messages: dict[str, dict[str, set[str]]]) -> None:
    """Every message, each of its guarded variables empty in turn and then all of them together: no label
    left without its value, no doubled punctuation, no range with one end. Messages that render a hole even
    with every value present are checked the same way (a heading such as "按类别:" before a list is fine
    only when the list is guarded, so they are not exempt)."""
    bundle = new_bundle(language)
    guards = _guards()[language]
    problems = []
    for message_id, variables in messages[language].items():
        message = bundle.get_message(message_id)
        assert message.value is not None
        filled = dict.fromkeys(variables, "x")
        whole, _ = bundle.format_pattern(message.value, filled)
        empties = [{name} for name in sorted(guards.get(message_id, set()))] + [guards.get(message_id, set())]
        for empty in empties:
            text, errors = bundle.format_pattern(message.value, {**filled, **dict.fromkeys(empty, "")})
            assert errors == [], (message_id, errors)
            if found := holes(str(text), str(whole)):
                problems.append(f"{message_id} without {sorted(empty)}: {found} in {str(text)[:100]!r}")
    assert problems == [], "\n".join(problems)


def test_has_tells_a_value_from_none() -> None:
    catalog = default_catalog()
    shared = catalog.t("zh", "hotline-contact", {"who": "王阿姨", "address": "3栋", "phone": "13800138000"})
    unshared = catalog.t("zh", "hotline-contact", {"who": "王阿姨", "address": "3栋", "phone": ""})
    assert "13800138000" in shared
    assert "📞" in shared
    assert "📞" not in unshared


def test_zh_is_the_default() -> None:
    assert SUPPORTED_LANGUAGES[0] == "zh"
    assert Settings.model_fields["default_language"].default == "zh"
    assert language_from_code(None, "zh") == "zh"
    assert language_from_code("fr", "zh") == "zh"
    assert language_from_code("zh-hant", "en") == "zh"
    assert language_from_code("en-GB", "zh") == "en"
    catalog = default_catalog()
    assert catalog.languages == SUPPORTED_LANGUAGES
    # An unknown language falls back to Chinese; an unknown id shows the id (and logs), never raises.
    assert catalog.t("fr", "cancelled") == catalog.t("zh", "cancelled") == "已取消。"
    assert catalog.t("en", "no-such-message") == "no-such-message"


def test_catalog_formats_numbers_and_selectors() -> None:
    catalog = Catalog()
    assert catalog.t("en", "pact-pledge-thanks", {"title": "P", "count": 1}).endswith("1 resident has pledged.")
    assert catalog.t("en", "pact-pledge-thanks", {"title": "P", "count": 3}).endswith("3 residents have pledged.")
    assert catalog.t("zh", "text-too-long", {"length": 5000, "max": 40}) == (
        "内容太长了(5,000 个字),最多 40 个字。请精简后再发。"
    )


# --- the catalogs against the code ---------------------------------------------------------------------


def test_call_sites_pass_the_variables_their_messages_use(messages: dict[str, dict[str, set[str]]]) -> None:
    sites = call_sites()
    literal = [site for site in sites if site.dynamic is None]
    assert len(literal) > 80  # the walk finds the call sites (it would pass vacuously otherwise)
    problems = [problem for site in literal for problem in _check(site.ids, site.args, site.where, messages)]
    unchecked = [site.where for site in literal if site.args is None]
    assert problems == []
    assert unchecked == [], "literal ids given **mapping arguments cannot be checked"


def test_variable_ids_are_accounted_for() -> None:
    dynamic = {(site.dynamic, site.where) for site in call_sites() if site.dynamic is not None}
    unknown = sorted(where + ": " + str(source) for source, where in dynamic if source not in DYNAMIC_IDS)
    assert unknown == [], "a message id from a variable: check where its values come from and list it in DYNAMIC_IDS"


def test_fstring_ids_are_expanded() -> None:
    # role-*, lang-*, channel-* in /me and pact-changes-* in the change summary; no stale entries.
    assert {site.fstring for site in call_sites() if site.fstring is not None} == set(FSTRING_EXPANSIONS)
    assert DEMO_CHANNEL in CHANNELS


def test_domain_errors(messages: dict[str, dict[str, set[str]]]) -> None:
    problems = []
    found = 0
    for where, call in _calls_named(ERROR_DIRS, "DomainError", "NotAllowed"):
        if not call.args:
            continue
        ids = _literal_ids(call.args[0])
        if ids is None:
            continue  # re-raising a variable: its origin is one of these calls
        found += 1
        problems += _check(ids, _keywords(call), where, messages)
    assert found >= 6
    assert problems == []


def test_menu_labels_and_command_descriptions(messages: dict[str, dict[str, set[str]]]) -> None:
    problems = []
    found = 0
    for where, call in _calls_named(CODE_DIRS, "MenuEntry", "Command"):
        is_menu = isinstance(call.func, ast.Name) and call.func.id == "MenuEntry"
        node = _argument(call, 0, "label") if is_menu else _argument(call, 2, "description")
        if node is None or (isinstance(node, ast.Constant) and node.value is None):
            continue  # an unlisted command
        ids = _literal_ids(node)
        assert ids is not None, f"{where}: {ast.unparse(node)} is not a literal id"
        found += 1
        problems += _check(ids, frozenset(), where, messages)
    assert found >= 15
    assert problems == []


def test_step_hints(messages: dict[str, dict[str, set[str]]]) -> None:
    default = next(field.default for field in dataclasses.fields(Step) if field.name == "text_hint")
    assert isinstance(default, str)
    hints = {("handlers/core/feature.py: Step default", default)}
    for where, call in _calls_named(CODE_DIRS, "Step"):
        node = _argument(call, 4, "text_hint")
        if node is not None:
            ids = _literal_ids(node)
            assert ids is not None, f"{where}: text_hint {ast.unparse(node)} is not a literal"
            hints |= {(where, hint) for hint in ids}
    assert [problem for where, hint in hints for problem in _check((hint,), frozenset(), where, messages)] == []


def test_every_message_is_used(messages: dict[str, dict[str, set[str]]]) -> None:
    """Catalog drift the other way: messages no code can reach."""
    used = {message_id for site in call_sites() for message_id in site.ids}
    for dirs, names in ((ERROR_DIRS, ("DomainError", "NotAllowed")), (CODE_DIRS, ("MenuEntry",))):
        for _, call in _calls_named(dirs, *names):
            used |= set(_literal_ids(call.args[0]) or ()) if call.args else set()
    for _, call in _calls_named(CODE_DIRS, "Command"):
        node = _argument(call, 2, "description")
        used |= set(_literal_ids(node) or ()) if node is not None else set()
    for _, call in _calls_named(CODE_DIRS, "Step"):
        node = _argument(call, 4, "text_hint")
        used |= set(_literal_ids(node) or ()) if node is not None else set()
    used.add(next(field.default for field in dataclasses.fields(Step) if field.name == "text_hint"))  # type: ignore[arg-type]
    used |= {message_id for _, message_id in template_ids()}
    for _, call in _calls_named(("bot",), "BadInput"):
        used |= set(_literal_ids(call.args[0]) or ()) if call.args else set()
    used |= {message_id for _, message_id in console_literal_ids()}
    assert sorted(set(messages["zh"]) - used) == []


# --- ids in page templates and the web chat's answers to bad input ----------------------------------------

TEMPLATE_CALL = re.compile(r"""\bt\(\s*(["'])([^"']*)\1""")


def template_ids() -> list[tuple[str, str]]:
    """``t("id")`` / ``t('id')`` in every page template under bot/ (the web chat, the console)."""
    found = []
    for path in sorted((ROOT / "bot").rglob("templates/**/*.html")):
        text = path.read_text(encoding="utf-8")
        for match in TEMPLATE_CALL.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            found.append((f"{path.relative_to(ROOT)}:{line}", match.group(2)))
    return found


def test_template_ids_exist(messages: dict[str, dict[str, set[str]]]) -> None:
    ids = template_ids()
    assert len([where for where, _ in ids if "webchat" in where]) >= 15  # the scan finds them
    # Variables are not checked here (a template passes them as keywords the regex does not read).
    missing = [
        f"{where}: {message_id!r} is missing from the {language} catalog"
        for where, message_id in ids
        for language, catalog in messages.items()
        if message_id not in catalog
    ]
    assert missing == []


def test_web_chat_bad_input(messages: dict[str, dict[str, set[str]]]) -> None:
    """``BadInput("id", {"var": ...})``: the id exists and gets exactly its message's variables."""
    problems = []
    found = 0
    for where, call in _calls_named(("bot",), "BadInput"):
        ids = _literal_ids(call.args[0]) if call.args else None
        assert ids is not None, f"{where}: BadInput needs a literal message id"
        mapping = call.args[1] if len(call.args) > 1 else None
        if mapping is None:
            args: frozenset[str] = frozenset()
        else:
            assert isinstance(mapping, ast.Dict), f"{where}: BadInput arguments must be a dict literal"
            args = frozenset(str(key.value) for key in mapping.keys if isinstance(key, ast.Constant))
        found += 1
        problems += _check(ids, args, where, messages)
    assert found >= 5
    assert problems == []


# --- ids the console names as plain strings ---------------------------------------------------------------

CONSOLE_ID = re.compile(r"^console-[a-z0-9]+(-[a-z0-9]+)+$")


def console_literal_ids() -> list[tuple[str, str]]:
    """String literals in bot/console that are message ids: ``BadForm("console-…")``, an error page's id,
    ``message_id = "console-…"`` on the error classes, ``error="console-…"`` handed to a template."""
    found = []
    for where, module in _modules("bot/console"):
        for node in ast.walk(module):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and CONSOLE_ID.match(node.value):
                found.append((f"{where}:{node.lineno}", node.value))
    return found


def test_console_literal_ids(messages: dict[str, dict[str, set[str]]]) -> None:
    ids = console_literal_ids()
    assert len(ids) >= 10  # the scan finds them
    missing = [
        f"{where}: {message_id!r} is missing from the {language} catalog"
        for where, message_id in ids
        for language, catalog in messages.items()
        if message_id not in catalog
    ]
    assert missing == []


def test_an_answered_question_takes_no_colon() -> None:
    """The 12343 answers: "哪里出问题? 厨房", not "哪里出问题?: 厨房"; a label takes its colon."""
    catalog = default_catalog()
    asked = catalog.t("zh", "hotline-answer-line", {"question": "哪里出问题?", "answer": "厨房", "asks": "yes"})
    labelled = catalog.t("en", "hotline-answer-line", {"question": "Floor", "answer": "3", "asks": "no"})
    assert asked == "· 哪里出问题? 厨房"
    assert labelled == "· Floor: 3"
