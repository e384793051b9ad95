"""Tests for network.texts: one catalogue mechanism for the library and the app, Korean particles."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app_pages.texts import APP
from network import texts
from network.texts import LIBRARY, Catalogue, Text, particle, t

REPO = Path(__file__).resolve().parent.parent
SOURCES = {path: path.read_text(encoding="utf-8") for path in [
    REPO / "app.py", *sorted((REPO / "app_pages").glob("*.py")), *sorted((REPO / "network").rglob("*.py"))]}
#: The code that uses texts (the catalogues themselves left out).
ALL_SOURCE = "\n".join(text for path, text in SOURCES.items() if path.name != "texts.py")


# ----------------------------------------------------------------------------
# particles


@pytest.mark.parametrize(("word", "spec", "expected"), [
    ("가나정밀", "이/가", "이"), ("다라전자", "이/가", "가"), ("회원 ID", "이/가", "가"),     # D is read 디
    ("서울", "으로/로", "로"), ("부산", "으로/로", "으로"), ("대구", "으로/로", "로"),       # ㄹ takes 로
    ("(주)한빛", "와/과", "과"), ("한빛(주)", "와/과", "와"), ("LG", "을/를", "를"),
    ("SK네트웍스", "은/는", "는"), ("Samsung", "을/를", "을"), ("Intel", "으로/로", "로"),
    ("KT", "이/가", "가"), ("BMW", "을/를", "를"), ("HL", "으로/로", "로"), ("3", "은/는", "은"), ("2", "은/는", "는"),
    ("10", "이/가", "이"), ("7", "으로/로", "로"), ("'충청북도'", "을/를", "를"), ("", "이/가", "가"),
    ("김철수", "과/와", "와"),
])
def test_particle_follows_the_last_sound(word, spec, expected):
    assert particle(word, spec) == expected


def test_particle_unknown_spec_raises():
    with pytest.raises(ValueError, match="'이\\(가\\)'"):
        particle("가", "이(가)")


def test_format_with_particles_and_numbers():
    catalogue = Catalogue({"k": Text(ko="{name:이/가} {count:,}곳", en="{name}: {count:,}")})
    assert catalogue.t("k", "ko", name="가나정밀", count=1234) == "가나정밀이 1,234곳"
    assert catalogue.t("k", "en", name="Gana", count=1234) == "Gana: 1,234"


def test_text_parameter_is_shown_in_the_language_asked_for():
    assert t("problem.missing_column", "ko", label=Text(ko="회사명", en="Company name"), aliases="상호") == (
        "필수 열 회사명이 없습니다 (인식하는 머리글: 상호)")
    assert t("problem.missing_column", "en", label=Text(ko="회사명", en="Company name"), aliases="상호") == (
        "Required column 'Company name' is missing (recognised headers: 상호)")


def test_missing_field_stays_visible():
    assert t("problem.rejected_member", "en", value="A") == (
        "This member was rejected in the members file: A (row {member_row})")


# ----------------------------------------------------------------------------
# the catalogue's rules


@pytest.mark.parametrize(("entries", "message"), [
    ({"a": Text(ko="{x}", en="{y}")}, "uses \\['x'\\] but the English one \\['y'\\]"),
    ({"a": Text(ko="{x:이/가}", en="{x:이/가}")}, "particle in the English"),
    ({"a": Text(ko="", en="x")}, "needs a Korean and an English"),
    ({"problem.empty_file": Text(ko="x", en="x")}, "already in the base"),
])
def test_catalogue_rejects_bad_texts(entries, message):
    with pytest.raises(ValueError, match=message):
        Catalogue(entries, base=LIBRARY)


def test_unknown_key_and_language():
    with pytest.raises(KeyError):
        t("no.such.key")
    with pytest.raises(ValueError, match="language was 'fr'"):
        t("problem.empty_file", "fr")  # type: ignore[arg-type]


def test_app_catalogue_answers_library_keys():
    assert APP.t("problem.empty_file", "en") == "The file is empty"
    assert APP.t("page_overview", "ko") == "개요"


# ----------------------------------------------------------------------------
# every text is used, in one language at a time, without internal names

#: Keys formed at run time from a prefix and a value (``t(f"col_{column}")``): used when the value occurs
#: as a string in the code.
DYNAMIC = ("problem.", "signal.", "method.", "table.", "map.", "col_", "level_", "scope_", "color_", "cand_",
           "weight_", "severity_value_", "severity_", "upload_", "net_hops_", "column.", "diff_", "role.", "audit.", "dq_col_", "dq_measure_",
           "dq_tab_", "field_mode_", "reason.none.lacks.", "scope.", "model.", "outcome_col_", "geo.level.",
           "net_by_")


def _used(key: str) -> bool:
    def quoted(text: str) -> bool:
        return f'"{text}"' in ALL_SOURCE or f"'{text}'" in ALL_SOURCE

    if quoted(key):
        return True
    for prefix in DYNAMIC:
        if key.startswith(prefix):
            value = key[len(prefix):].split(".")[-1]
            return quoted(value) or value.isdigit()
    return False


@pytest.mark.parametrize("key", [*LIBRARY, *APP])
def test_every_text_is_used(key):
    assert _used(key), f"text {key!r} is not used anywhere: remove it"


#: Korean words kept in English texts on purpose: the names of Korean units and programmes.
KOREAN_TERMS = ("시도", "시군구", "교류회", "구", "읍면동", "사업설명회", "간담회", "현장상담회")


@pytest.mark.parametrize("key", [*LIBRARY, *APP])
def test_english_texts_have_no_korean_but_the_names_of_units(key):
    english = APP.text(key).en
    for term in KOREAN_TERMS:
        english = english.replace(term, "")
    assert not re.search("[가-힣]", english), f"{key}: {APP.text(key).en!r}"


@pytest.mark.parametrize("key", [*LIBRARY, *APP])
def test_no_texts_glue_two_languages_or_write_both_particles(key):
    korean = APP.text(key).ko
    assert not re.search(r"[이을은와과]\([가를는과와]\)|\(으\)로", korean), f"{key}: choose the particle: {korean!r}"
    assert " / " not in korean or not re.search(" / [A-Za-z]", korean), f"{key}: two languages in one text"


def test_no_language_branches_outside_the_catalogue():
    """Texts come from the catalogue: no `if language == "ko"` in the library or the app."""
    branch = re.compile(r"""(language|lang)\s*==\s*["'](ko|en)["']|\bif ko\b|["']ko["'] if|\bko = """)
    found = [f"{path.relative_to(REPO)}:{n}" for path, text in SOURCES.items() if path.name != "texts.py"
             for n, line in enumerate(text.splitlines(), 1) if branch.search(line)]
    assert found == []


def test_messages_never_show_internal_column_names():
    """Every problem message shown for a missing column names the column as people know it."""
    from network import schema

    for spec in schema.TABLES.values():
        for column in spec.required:
            for language in texts.LANGUAGES:
                label = schema.column_text(spec.name, column)
                message = t("problem.missing_column", language, label=label, aliases="…")
                assert label.get(language) in message
                assert column not in message.replace(label.get(language), ""), (spec.name, column, message)


# --- user text in Markdown ----------------------------------------------------------------------------

#: Values from data files that Markdown would turn into markup, one per syntax (issue: user text never markup).
HOSTILE = {
    "image": "![t](http://evil.example/track.png)",
    "link": "[click](http://evil.example/phish)",
    "autolink": "<http://evil.example/a>",
    "bare url": "http://evil.example/b and www.evil.example",
    "emphasis": "**굵게** _기울임_ ~~취소~~",
    "heading": "# 제목",
    "list": "- 하나\n1. 둘",
    "quote": "> 인용",
    "code": "`code` and ```fence```",
    "html": "<img src=x onerror=alert(1)><script>alert(2)</script>",
    "latex": "$x^2$ and $$y$$",
    "table": "| a | b |\n|---|---|",
    "icon": ":material/home: :smile:",
    "colour": ":red[빨강] :blue-background[배경]",
    "entity": "&lt;b&gt; &amp;",
    "backslash": "C:\\temp\\*",
}


@pytest.fixture(scope="module")
def render():
    from markdown_it import MarkdownIt

    return MarkdownIt("gfm-like").enable("strikethrough").render  # CommonMark with GitHub's tables and links


@pytest.mark.parametrize("value", list(HOSTILE.values()), ids=list(HOSTILE))
def test_an_escaped_value_renders_as_the_text_it_was(value, render):
    html = render(texts.markdown_escape(value))
    assert re.fullmatch(r"<p>.*</p>\n", html, flags=re.S), html  # one paragraph: no heading, list, code, table …
    for tag in ("<a", "<img", "<em", "<strong", "<code", "<h1", "<ul", "<ol", "<blockquote", "<table", "<s>",
                "<script", "<pre"):
        assert tag not in html, (tag, html)
    import html as html_module

    read = html_module.unescape(html[3:-5]).replace(texts.WORD_JOINER, "")  # the joiner is invisible
    assert read == " ".join(value.splitlines())  # the value, as written


#: The syntaxes CommonMark itself turns into markup (Streamlit's own, formulas and HTML are checked in the browser).
COMMONMARK = [what for what in HOSTILE if what not in ("icon", "colour", "latex", "entity", "backslash", "html")]


@pytest.mark.parametrize("what", COMMONMARK)
def test_the_same_values_unescaped_do_become_markup(what, render):
    """The check above can fail: without escaping these are markup."""
    html = render(HOSTILE[what])
    assert re.search(r"<(a|img|em|strong|code|h1|ul|ol|blockquote|table|s)\b", html), html


def test_markdown_keeps_the_templates_markup_and_escapes_only_text_values():
    app = Catalogue({"k": Text(ko="**{name:이/가}** {n:,}건 · {when}", en="**{name}**: {n:,} · {when}")})
    made = app.markdown("k", "ko", name="[가나](http://e)", n=12345, when="2026-01-02")
    assert made == "**\\[가나\\]\\(http\\:\\/\\/\u2060e\\)가** 12,345건 · 2026\\-01\\-02"
    assert app.t("k", "ko", name="[가나](http://e)", n=12345, when="2026-01-02") == "**[가나](http://e)가** 12,345건 · 2026-01-02"
    assert app.markdown("k", "ko", name="(주)한빛", n=1, when="") == r"**\(주\)한빛이** 1건 · "  # the particle still fits
    assert app.markdown("k", "en", n=1, when="x") == "**{name}**: 1 · x"  # a missing value stays visible, as in t
