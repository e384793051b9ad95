"""Every text people read, in Korean (the default) and English: one catalogue mechanism, one ``t``.

A :class:`Catalogue` maps a key to a :class:`Text` (its Korean and English
template).  :func:`t` formats a key of the library's catalogue, :data:`LIBRARY`;
the app builds its own catalogue on top of it (``Catalogue(app_texts,
base=LIBRARY)``) and formats its keys the same way.  Library keys are dotted
(``problem.duplicate_id``, ``cli.check.summary``), so the two never collide.

Templates use :meth:`str.format` fields, plus Korean particles chosen by the
final consonant of the value they follow: ``{name:이/가}``, ``{name:을/를}``,
``{name:은/는}``, ``{name:와/과}`` and ``{name:으로/로}`` (see :func:`particle`).
A parameter that is itself a :class:`Text` is shown in the language asked for
(e.g. a column's label).  A field without a value stays visible as ``{field}``,
so a message can never hide the problem it reports.

Examples
--------
>>> t("problem.duplicate_id", "en", first_row=3)
'Duplicate ID (first seen in row 3)'
>>> t("problem.unknown_region_suggest", "ko", value="충청북두", suggestion="충청북도")
'알 수 없는 지역입니다: 충청북두 — 충청북도를 뜻하셨나요?'
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal

__all__ = ["LANGUAGES", "LIBRARY", "Catalogue", "Language", "Text", "check_language", "markdown_escape", "particle",
           "t"]

Language = Literal["ko", "en"]
LANGUAGES: tuple[Language, ...] = ("ko", "en")


@dataclass(frozen=True)
class Text:
    """One text in both languages.

    Examples
    --------
    >>> Text(ko="회사명", en="Name").get("en")
    'Name'
    """

    ko: str
    en: str

    def get(self, language: Language) -> str:
        """The template in ``language``."""
        return self.ko if language == "ko" else self.en


def check_language(language: object) -> Language:
    """Return ``language`` if it is ``"ko"`` or ``"en"``; raise ``ValueError`` otherwise.

    Examples
    --------
    >>> check_language("en")
    'en'
    """
    if language not in LANGUAGES:
        raise ValueError(f"language was {language!r} but is expected to be in {list(LANGUAGES)}")
    return language


# ----------------------------------------------------------------------------
# Korean particles

#: Particle spec → (after a final consonant, after a vowel).  With 으로/로, a final ㄹ takes 로.
PARTICLES: dict[str, tuple[str, str]] = {
    "이/가": ("이", "가"),
    "을/를": ("을", "를"),
    "은/는": ("은", "는"),
    "와/과": ("과", "와"),
    "과/와": ("과", "와"),
    "으로/로": ("으로", "로"),
    "이다/다": ("이다", "다"),
}
_HANGUL_FIRST, _HANGUL_LAST = 0xAC00, 0xD7A3
_RIEUL = 8  # index of ㄹ among the 28 final-consonant slots
#: How a digit or Latin letter ends when read aloud in Korean: "c" consonant, "r" ㄹ, "v" vowel.
_DIGIT_ENDINGS = {"0": "c", "1": "r", "2": "v", "3": "c", "4": "v", "5": "v", "6": "c", "7": "r", "8": "r",
                  "9": "v"}
_LETTER_ENDINGS = {"L": "r", "R": "r", "M": "c", "N": "c"}  # 엘, 알, 엠, 엔; other letter names end in a vowel
#: Last letters of a (lower-case) English word read with a final consonant: "Samsung" 삼성, "Hyundai" 현대.
_WORD_ENDINGS = {"b": "c", "c": "c", "k": "c", "m": "c", "n": "c", "p": "c", "t": "c", "l": "r"}


def _ending(word: str) -> str:
    """``"c"`` (final consonant), ``"r"`` (final ㄹ) or ``"v"`` (vowel or unknown) for the last sound of ``word``."""
    for i in range(len(word) - 1, -1, -1):
        char = word[i]
        code = ord(char)
        if _HANGUL_FIRST <= code <= _HANGUL_LAST:
            final = (code - _HANGUL_FIRST) % 28
            return "v" if final == 0 else ("r" if final == _RIEUL else "c")
        if char.isdigit():
            return _DIGIT_ENDINGS.get(char, "v")
        if char.isascii() and char.isalpha():
            if char.isupper():  # an acronym is read letter by letter: "LG" 엘지, "KT" 케이티
                return _LETTER_ENDINGS.get(char, "v")
            if char == "g" and word[:i].endswith("n"):  # "-ng" ㅇ
                return "c"
            return _WORD_ENDINGS.get(char, "v")
        # brackets, quotes, spaces and other marks are not read: look further back
    return "v"


def particle(word: object, spec: str) -> str:
    """The form of a Korean particle that follows ``word``.

    ``spec`` is one of the pairs in :data:`PARTICLES` (``"이/가"``, ``"을/를"``,
    ``"은/는"``, ``"와/과"``, ``"으로/로"``).  The choice follows the last sound of
    the word: a Hangul syllable's final consonant (ㄹ takes ``로``), a digit
    read in Korean (``1`` 일, ``3`` 삼, ``10`` 십 …), an upper-case letter read
    by its name (L, M, N, R end in a consonant), an English word by its last
    letters (``-ng``, ``-m``, ``-n``, ``-t`` … end in a consonant); brackets and
    quotes are skipped.

    Raises
    ------
    ValueError
        If ``spec`` is not a known particle pair.

    Examples
    --------
    >>> particle("가나정밀", "이/가"), particle("다라전자", "이/가")
    ('이', '가')
    >>> particle("서울", "으로/로"), particle("부산", "으로/로"), particle("대구", "으로/로")
    ('로', '으로', '로')
    >>> particle("(주)한빛", "와/과"), particle("LG", "을/를"), particle("3", "은/는")
    ('과', '를', '은')
    """
    if spec not in PARTICLES:
        raise ValueError(f"spec was {spec!r} but is expected to be in {list(PARTICLES)}")
    after_consonant, after_vowel = PARTICLES[spec]
    ending = _ending(str(word))
    if spec == "으로/로":
        return after_consonant if ending == "c" else after_vowel
    return after_vowel if ending == "v" else after_consonant


# ----------------------------------------------------------------------------
# formatting


class _Missing:
    """A field with no value: formatted back as ``{name}``."""

    def __init__(self, name: str):
        self.name = name


#: What :func:`markdown_escape` puts a backslash before: every ASCII punctuation character (CommonMark lets any
#: of them be escaped, and an escaped one is shown as itself).
_MARKDOWN_SPECIAL = frozenset(string.punctuation)
#: An invisible character that keeps a web or e-mail address in a value from becoming a link (:func:`markdown_escape`).
WORD_JOINER = "\u2060"
_ADDRESS = re.compile(r"://|www\.|@", re.IGNORECASE)


def markdown_escape(text: object) -> str:
    r"""``text`` as plain text inside Markdown: shown exactly as written, never turned into markup.

    Streamlit renders Markdown (with GitHub's extensions, ``$…$`` formulas, ``:red[…]`` colours and
    ``:material/…:`` icons) in ``st.markdown``, captions, alerts, headings and widget labels.  A value from a
    data file shown there could become a link, an image fetched from another host, emphasis, a heading, a
    list, code, a formula or an icon.  Every ASCII punctuation character gets a backslash (so ``[``, ``!``,
    ``*``, ``_``, a backtick, ``#``, ``$``, ``:``, ``<``, ``|`` … are literal), and line breaks become spaces (a
    value never starts a block of its own).  Web and e-mail addresses would still become links (GitHub's
    extension finds them through the backslashes), so an invisible word joiner (U+2060) follows each ``://``,
    ``www.`` and ``@``: the address reads as written but is no address.  Hangul, letters, digits and spaces are
    unchanged.

    Examples
    --------
    >>> print(markdown_escape("![t](track.png) **굵게**"))
    \!\[t\]\(track\.png\) \*\*굵게\*\*
    >>> print(markdown_escape("(주)가나정밀"))
    \(주\)가나정밀
    >>> print(markdown_escape("한빛\n# 제목 :red[경고] $x$"))
    한빛 \# 제목 \:red\[경고\] \$x\$
    >>> markdown_escape("www.evil.example") == "www\\.\u2060evil\\.example"
    True
    """
    value = " ".join(str(text).splitlines()) if "\n" in str(text) or "\r" in str(text) else str(text)
    value = _ADDRESS.sub(lambda m: m.group(0) + WORD_JOINER, value)
    return "".join(f"\\{c}" if c in _MARKDOWN_SPECIAL else c for c in value)


class _Formatter(string.Formatter):
    def __init__(self, language: Language, *, markdown: bool = False):
        self.language = language
        self.markdown = markdown

    def get_value(self, key: int | str, args: Any, kwargs: Mapping[str, Any]) -> Any:
        if isinstance(key, str):
            return kwargs[key] if key in kwargs else _Missing(key)
        return super().get_value(key, args, kwargs)

    def format_field(self, value: Any, format_spec: str) -> str:
        if isinstance(value, _Missing):
            return "{" + value.name + (":" + format_spec if format_spec else "") + "}"
        if isinstance(value, Text):
            value = value.get(self.language)
        if format_spec in PARTICLES:
            shown = markdown_escape(value) if self.markdown else value
            return f"{shown}{particle(value, format_spec)}"
        if self.markdown and isinstance(value, str):  # values, not numbers: only text can carry markup
            return markdown_escape(format(value, format_spec))
        return format(value, format_spec)


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


class Catalogue:
    """Texts by key, each in Korean and English, formatted by :meth:`t`.

    Parameters
    ----------
    texts
        ``{key: Text}``.  Both templates of a text must use the same fields, and
        particle specs only in Korean.
    base
        Another catalogue whose keys this one also answers (the library's, for the app).
        A key may not be in both.

    Raises
    ------
    ValueError
        Listing every text that breaks the rules above.

    Examples
    --------
    >>> app = Catalogue({"hello": Text(ko="{name:은/는} 안녕하세요", en="Hello, {name}")}, base=LIBRARY)
    >>> app.t("hello", "ko", name="김철수"), app.t("hello", "en", name="Kim")
    ('김철수는 안녕하세요', 'Hello, Kim')
    >>> app.t("problem.empty_file", "en")
    'The file is empty'
    """

    def __init__(self, texts: Mapping[str, Text], *, base: Catalogue | None = None):
        problems = []
        for key, text in texts.items():
            if not isinstance(text, Text) or not text.ko or not text.en:
                problems.append(f"{key}: needs a Korean and an English text")
                continue
            try:
                ko, en = _fields(text.ko), _fields(text.en)
            except ValueError as err:
                problems.append(f"{key}: {err}")
                continue
            if ko != en:
                problems.append(f"{key}: the Korean text uses {sorted(ko)} but the English one {sorted(en)}")
            if any(spec in PARTICLES for _, _, spec, _ in string.Formatter().parse(text.en) if spec):
                problems.append(f"{key}: a Korean particle in the English text")
            if base is not None and key in base:
                problems.append(f"{key}: already in the base catalogue")
        if problems:
            raise ValueError("; ".join(problems))
        self._texts = dict(texts)
        self._base = base

    def __contains__(self, key: object) -> bool:
        return key in self._texts or (self._base is not None and key in self._base)

    def __iter__(self) -> Iterator[str]:
        """The keys of this catalogue (not of its base)."""
        return iter(self._texts)

    def text(self, key: str) -> Text:
        """The :class:`Text` of ``key``; ``KeyError`` when unknown."""
        if key in self._texts:
            return self._texts[key]
        if self._base is not None:
            return self._base.text(key)
        raise KeyError(f"no text {key!r}")

    def t(self, key: str, language: Language = "ko", /, **params: object) -> str:
        """The text ``key`` in ``language``, with ``params`` filled in."""
        language = check_language(language)
        return _Formatter(language).vformat(self.text(key).get(language), (), params)

    def markdown(self, key: str, language: Language = "ko", /, **params: object) -> str:
        r""":meth:`t` for a place that renders Markdown: the template's own markup is kept, the text values filled
        in are escaped (:func:`markdown_escape`), so a name from a file is shown as written, never as a link,
        an image or a heading.  Numbers are filled in as :meth:`t` does.

        Examples
        --------
        >>> app = Catalogue({"who": Text(ko="**{name:이/가}** {n:,}명", en="**{name}**: {n:,}")})
        >>> print(app.markdown("who", "en", name="[click](phish.html)", n=1234))
        **\[click\]\(phish\.html\)**: 1,234
        >>> print(app.markdown("who", "ko", name="(주)한빛", n=3))
        **\(주\)한빛이** 3명
        """
        language = check_language(language)
        return _Formatter(language, markdown=True).vformat(self.text(key).get(language), (), params)


def _T(ko: str, en: str) -> Text:
    return Text(ko=ko, en=en)


# ----------------------------------------------------------------------------
# the library's texts

_LIBRARY: dict[str, Text] = {
    # --- where a problem is ---------------------------------------------------------------------
    "location.row": _T("{row}행", "row {row}"),
    # --- problems in files (Problem.code → problem.<code>) -----------------------------------------
    "problem.file_not_found": _T("파일을 찾을 수 없습니다", "File not found"),
    "problem.empty_file": _T("파일이 비어 있습니다", "The file is empty"),
    "problem.unreadable_file": _T("파일을 읽을 수 없습니다 (CSV 또는 XLSX인지 확인하세요): {detail}",
                                  "Cannot read the file (is it CSV or XLSX?): {detail}"),
    "detail.binary": _T("텍스트가 아닌 이진 파일입니다", "it is a binary file, not text"),
    "detail.old_excel": _T("Excel 97–2003 형식(.xls)입니다. Excel에서 .xlsx로 저장해 주세요",
                           "an Excel 97–2003 file (.xls); save it as .xlsx in Excel"),
    # files refused before they are read (limits: network.config.Limits.upload_*), and checks stopped
    "problem.file_too_large": _T("파일이 {size_mb:,.0f} MB로 너무 커서 읽지 않았습니다 (한도 {limit_mb:,} MB). "
                                 "파일을 나눠 올려 주세요",
                                 "The file is too large to read: {size_mb:,.0f} MB (limit {limit_mb:,} MB). "
                                 "Split it into smaller files"),
    "problem.archive_too_many_parts": _T(
        "XLSX 파일 안에 든 항목이 {parts:,}개로 너무 많아 열지 않았습니다 (한도 {limit:,}개). 엑셀에서 다시 저장해 주세요",
        "The XLSX file holds {parts:,} parts, more than the limit of {limit:,}, and was not opened. Save it "
        "again in Excel"),
    "problem.archive_too_large": _T(
        "XLSX 파일의 압축을 풀면 {size_mb:,.0f} MB가 되어 열지 않았습니다 (한도 {limit_mb:,} MB). 파일을 나눠 올려 주세요",
        "Unpacked, the XLSX file would take {size_mb:,.0f} MB (limit {limit_mb:,} MB), so it was not opened. "
        "Split it into smaller files"),
    "problem.archive_ratio": _T(
        "XLSX 파일 안의 {part:이/가} 압축을 풀면 {ratio:,.0f}배로 커져(한도 {limit:,}배) 압축 폭탄일 수 있어 열지 "
        "않았습니다",
        "Inside the XLSX file, {part} would unpack to {ratio:,.0f} times its size (limit {limit:,}×), as a zip "
        "bomb does, so the file was not opened"),
    "problem.too_many_rows": _T("행이 너무 많아 읽지 않았습니다: {rows:,}행 이상 (한도 {limit:,}행). 빈 행을 지우거나 "
                                "파일을 나눠 올려 주세요",
                                "Too many rows, the file was not read: {rows:,} or more (limit {limit:,}). Delete "
                                "empty rows or split the file"),
    "problem.too_many_rows_declared": _T(
        "시트가 스스로 {rows:,}행이라고 밝히고 있어({value}) 읽지 않았습니다 (한도 {limit:,}행). 빈 행을 지우거나 "
        "파일을 나눠 올려 주세요",
        "The sheet declares {rows:,} rows ({value}), more than the limit of {limit:,}, and was not read. Delete "
        "empty rows or split the file"),
    "problem.too_many_cells": _T("셀이 너무 많아 읽지 않았습니다: {cells:,}개 이상 (한도 {limit:,}개, 행 × 열). "
                                 "쓰지 않는 행과 열을 지우거나 파일을 나눠 올려 주세요",
                                 "Too many cells, the file was not read: {cells:,} or more (limit {limit:,}, rows × "
                                 "columns). Delete unused rows and columns or split the file"),
    "problem.check_timeout": _T("파일 검사가 {seconds:,}초 안에 끝나지 않아 중단했습니다. 행 수를 줄이거나 파일을 "
                                "나눠 다시 올려 주세요",
                                "The check did not finish within {seconds:,} seconds and was stopped. Upload fewer "
                                "rows or split the files"),
    "problem.check_memory": _T("파일 검사에 메모리가 {limit_mb:,} MB보다 많이 필요해 중단했습니다. 행이나 열을 줄이거나 "
                               "파일을 나눠 다시 올려 주세요",
                               "The check needed more than {limit_mb:,} MB of memory and was stopped. Upload fewer "
                               "rows or columns, or split the files"),
    "problem.check_busy": _T("다른 파일 검사가 {checks}건 진행 중이라 {seconds:,}초 동안 기다렸지만 차례가 오지 "
                             "않았습니다. 잠시 뒤 다시 올려 주세요",
                             "{checks} other uploads were being checked and this one waited {seconds:,} s without its "
                             "turn. Upload it again in a moment"),
    "problem.check_stopped": _T("파일 검사 작업이 끝까지 가지 못하고 멈췄습니다 (종료 코드 {code}; 메모리 한도 "
                                "{limit_mb:,} MB를 넘었을 수 있습니다). 파일을 나눠 다시 올려 주세요",
                                "The check stopped before it was done (exit code {code}; it may have needed more "
                                "than {limit_mb:,} MB of memory). Split the files and upload them again"),
    "upload.limits_note": _T("파일 하나는 {upload_mb:,} MB, {rows:,}행까지 올릴 수 있습니다 (XLSX는 압축을 풀어 "
                             "{unpacked_mb:,} MB까지). 검사가 {seconds:,}초 안에 끝나지 않으면 중단합니다.",
                             "Each file may be up to {upload_mb:,} MB with up to {rows:,} rows (an XLSX up to "
                             "{unpacked_mb:,} MB unpacked). A check that takes longer than {seconds:,} seconds "
                             "is stopped."),
    "problem.unknown_encoding": _T("문자 인코딩을 알 수 없습니다 (UTF-8 또는 CP949/EUC-KR로 저장하세요)",
                                   "Unknown text encoding (save as UTF-8 or CP949/EUC-KR)"),
    "problem.sheet_not_found": _T("시트 {sheet:이/가} 없습니다. 있는 시트: {sheets}",
                                  "No sheet '{sheet}'. Sheets in the file: {sheets}"),
    "problem.no_rows": _T("머리글 아래에 데이터 행이 없습니다 (읽은 행 0개). 행을 채운 파일을 올리세요",
                          "There are no data rows below the header: no rows were found. Fill in the rows and try "
                          "again"),
    "problem.no_header": _T("머리글 행을 찾지 못했습니다. 필요한 열: {expected}",
                            "No header row found. Expected columns: {expected}"),
    "problem.missing_column": _T("필수 열 {label:이/가} 없습니다 (인식하는 머리글: {aliases})",
                                 "Required column '{label}' is missing (recognised headers: {aliases})"),
    "problem.missing_location": _T("위치 열이 없습니다 (시도·시군구, 주소 또는 위도·경도 중 하나가 필요합니다)",
                                   "No location columns (give 시도 and 시군구, an address, or latitude/longitude)"),
    "problem.unknown_column": _T("알 수 없는 열이라 그대로 둡니다", "Unrecognised column, kept as it is"),
    "problem.duplicate_column": _T("같은 뜻의 열이 두 번 있습니다 ('{other}'); 첫 번째 열을 사용합니다",
                                   "Two columns mean the same ('{other}'); the first one is used"),
    "problem.missing_value": _T("값이 비어 있습니다", "The value is empty"),
    "problem.duplicate_id": _T("중복된 ID입니다 (처음 나온 행: {first_row})", "Duplicate ID (first seen in row {first_row})"),
    "problem.bad_number": _T("숫자가 아닙니다: {value}", "Not a number: {value}"),
    "problem.negative_number": _T("음수일 수 없습니다: {value}", "Cannot be negative: {value}"),
    "problem.not_positive": _T("0보다 커야 합니다: {value}", "Must be greater than 0: {value}"),
    "problem.not_integer": _T("정수여야 합니다: {value}", "Must be a whole number: {value}"),
    "problem.bad_date": _T("날짜를 읽을 수 없습니다: {value} (예: 2024-10-23, 2024.10.23, 20241023, 2024년 10월 23일)",
                           "Cannot read the date: {value} (e.g. 2024-10-23, 2024.10.23, 20241023)"),
    "problem.date_out_of_range": _T("날짜가 범위를 벗어났습니다: {value} (1900–2100)",
                                    "Date out of range: {value} (1900–2100)"),
    "problem.bad_industry": _T("업종코드(KSIC)는 2–5자리 숫자여야 합니다: {value}",
                               "Industry code (KSIC) must be 2–5 digits: {value}"),
    "problem.unknown_industry": _T("알 수 없는 KSIC 중분류입니다: {value}", "Unknown KSIC division: {value}"),
    "problem.unknown_status": _T("알 수 없는 처리상태라 비워 둡니다 (가져온 이력으로 봅니다). 다음 중 하나를 쓰세요: {allowed}",
                                 "Unknown status, left empty (the difficulty counts as imported history). Use one of: {allowed}"),
    "problem.unknown_issue_category": _T(
        "알 수 없는 애로사항 분류라 그대로 둡니다: {value} (분류: {allowed})",
        "Unknown difficulty category, kept as given: {value} (categories: {allowed})"),
    "problem.coordinates_outside_korea": _T("좌표가 대한민국 밖입니다: 위도 {lat}, 경도 {lon}",
                                            "Coordinates are outside Korea: lat {lat}, lon {lon}"),
    "problem.coordinates_swapped": _T(
        "위도와 경도가 바뀌어 있어 바로잡았습니다: 위도 {lat}, 경도 {lon}",
        "Latitude and longitude were swapped and have been corrected: lat {lat}, lon {lon}"),
    "problem.coordinates_incomplete": _T("위도와 경도는 함께 있어야 합니다",
                                         "Latitude and longitude must be given together"),
    "problem.coordinates_region_mismatch": _T(
        "좌표는 {found}에 있지만 입력한 지역은 {given}입니다; 입력한 지역을 사용합니다",
        "The coordinates lie in {found} but the row says {given}; the row's region is used"),
    "problem.point_not_in_region": _T("좌표가 어느 시군구에도 속하지 않습니다 (바다 위?)",
                                      "The coordinates are not inside any 시군구 (at sea?)"),
    "problem.unknown_region": _T("알 수 없는 지역입니다: {value}", "Unknown region: {value}"),
    "problem.unknown_region_suggest": _T("알 수 없는 지역입니다: {value} — {suggestion:을/를} 뜻하셨나요?",
                                         "Unknown region: {value} — did you mean '{suggestion}'?"),
    "problem.ambiguous_region": _T("지역이 모호합니다: {value} (후보: {candidates}); 시도를 함께 적어 주세요",
                                   "Ambiguous region: {value} (could be {candidates}); add the 시도"),
    "problem.sido_only": _T("시도까지만 알 수 있습니다: {value}", "Only the 시도 could be determined: {value}"),
    "problem.city_only": _T("구까지는 알 수 없어 시 단위로 둡니다: {value}",
                            "The 구 is unknown, so the city is used: {value}"),
    "problem.region_split": _T("{value:은/는} 나뉘었습니다 ({candidates}); 어느 쪽인지 주소나 좌표로 정할 수 없어 "
                               "시도까지만 둡니다",
                               "'{value}' was split ({candidates}); neither the address nor coordinates tell which, "
                               "so only the 시도 is kept"),
    "problem.no_location": _T("위치가 없습니다 (시도·시군구, 주소, 좌표가 모두 비어 있음)",
                              "No location (시도/시군구, address and coordinates are all empty)"),
    "problem.region_from_address": _T("시도·시군구 대신 주소에서 지역을 찾았습니다",
                                      "The region was taken from the address instead of the 시도/시군구 columns"),
    "problem.region_from_coordinates": _T("지역을 좌표로 정했습니다", "The region was determined from the coordinates"),
    "problem.old_region_name": _T("옛 지역명·코드를 현재 지역으로 바꿨습니다: {value} → {current}",
                                  "Old region name or code mapped to today's: {value} → {current}"),
    "problem.self_partnership": _T("자기 자신과의 협력 관계입니다", "A partnership of a member with itself"),
    # --- boundary files (network.geo): row = the feature's number, value = its name or code as written
    "problem.boundary_format": _T("경계 파일 형식이 아닙니다: {value} ({expected} 중 하나여야 합니다)",
                                  "Not a boundary file: {value} (expected one of {expected})"),
    "problem.boundary_unreadable": _T("경계 파일을 읽을 수 없습니다 ({reason}); Shapefile은 .shp·.shx·.dbf·.prj를 "
                                      "함께 두거나 한 .zip에 묶어 주세요",
                                      "The boundary file cannot be read ({reason}); keep a Shapefile's .shp, .shx, "
                                      ".dbf and .prj together or zip them into one file"),
    "problem.boundary_no_polygons": _T("경계 파일에 다각형(Polygon)이 없습니다",
                                       "The boundary file has no polygons"),
    "problem.boundary_no_crs": _T("경계 파일의 좌표계를 알 수 없습니다 (.prj 파일이 없음); .prj와 함께 올려 주세요",
                                  "The boundary file's coordinate reference system is unknown (no .prj file); "
                                  "include the .prj"),
    "problem.boundary_none_matched": _T("경계 파일의 어느 도형도 지금의 시도·시군구와 맞출 수 없습니다 (좌표계 {crs}); "
                                        "좌표계와 이름 열을 확인해 주세요",
                                        "No feature of the boundary file matches today's 시도/시군구 (CRS {crs}); "
                                        "check the coordinate reference system and the name column"),
    "problem.boundary_no_geometry": _T("도형이 비어 있거나 다각형이 아니어서 뺐습니다",
                                       "Left out: the feature has no polygon"),
    "problem.boundary_outside": _T("도형이 한국의 어느 시군구에도 있지 않아 뺐습니다: {value}",
                                   "Left out: the feature lies in no Korean 시군구: {value}"),
    "problem.boundary_divided": _T("{value:은/는} 지금 나뉘어 있어 ({parts}) 한 지역에 맞출 수 없어 뺐습니다; "
                                   "그곳은 기본 경계로 그립니다",
                                   "Left out: '{value}' has been divided since ({parts}); the bundled boundaries "
                                   "are drawn there"),
    "problem.boundary_elsewhere": _T("이름은 {named:을/를} 가리키지만 도형은 {region}에 있어 뺐습니다: {value}",
                                     "Left out: the name means {named} but the polygon lies in {region}: {value}"),
    "problem.boundary_little_overlap": _T("도형이 {region}의 기본 경계와 {overlap}만 겹쳐 뺐습니다: {value}",
                                          "Left out: the polygon overlaps {region}'s bundled boundary by only "
                                          "{overlap}: {value}"),
    "problem.boundary_missing_region": _T("파일에 없어 기본 경계로 그립니다: {value}",
                                          "Not in the file; drawn with the bundled boundary: {value}"),
    "geo.summary": _T("{file} ({crs}, {level}): 도형 {features:,}개 중 {matched:,}개를 맞췄고 {left_out:,}개를 뺐습니다; "
                      "파일에 없는 {missing:,}곳은 기본 경계로 그립니다.",
                      "{file} ({crs}, {level}): {matched:,} of {features:,} features matched, {left_out:,} left out; "
                      "{missing:,} regions not in the file keep the bundled boundary."),
    "geo.level.sido": _T("시도", "시도"),
    "geo.level.sigungu": _T("시군구", "시군구"),
    "problem.unknown_member": _T("회원 목록에 없는 회원입니다: {value}", "Not in the members table: {value}"),
    "problem.rejected_member": _T("회원 목록에서 거부된 회원입니다: {value} (회원 파일 {member_row}행)",
                                  "This member was rejected in the members file: {value} (row {member_row})"),
    "problem.duplicate_partnership": _T(
        "같은 두 회원의 협력 관계가 이미 있어 합쳤습니다 (행 {first_row}); 가중치를 더하고 가장 이른 시작일을 씁니다",
        "The same pair already appears (row {first_row}); merged: weights added, earliest start kept"),
    "problem.unknown_attendee": _T("회원 목록에 없는 참석 회원이라 뺐습니다: {value}",
                                   "Attendee not in the members table, dropped: {value}"),
    "problem.participants_below_attendees": _T(
        "참석자 수({value})가 참석 회원 수({attendees})보다 적어 참석 회원 수로 바꿨습니다",
        "Participants ({value}) fewer than listed attendees ({attendees}); set to {attendees}"),
    "problem.unknown_raiser": _T("회원 목록에 없는 회원이라 애로사항을 제기한 회원을 비워 둡니다: {value}",
                                 "Not in the members table, so who raised the difficulty is left empty: {value}"),
    "problem.unknown_office": _T("지부 목록에 없는 지부입니다: {value}", "Not in the offices table: {value}"),
    "problem.unknown_visit": _T("방문 목록에 없는 방문입니다: {value}", "Not in the visits table: {value}"),
    "problem.rejected_visit": _T("방문 목록에서 거부된 방문입니다: {value} (방문 파일 {visit_row}행)",
                                 "This visit was rejected in the visits file: {value} (row {visit_row})"),
    "problem.no_difficulty": _T("애로유형과 애로내용이 모두 비어 있습니다",
                                "Both the difficulty's category and its text are empty"),
    "problem.difficulties_given_twice": _T(
        "방문 {value}의 애로사항이 방문 파일과 애로사항 파일에 모두 있어 애로사항 파일의 것을 씁니다",
        "Visit {value} has difficulties in both the visits file and the difficulties file; the difficulties "
        "file's are used"),
    "problem.duplicate_attendance": _T("같은 방문의 같은 참석 회원이 이미 있어 뺐습니다: {value}",
                                       "The same attendee of the same visit is already listed, dropped: {value}"),
    # --- errors (NetworkError keys) -----------------------------------------------------------------
    "error.unknown_member": _T("알 수 없는 회원 ID입니다: {member_id}", "Unknown member id: {member_id}"),
    "error.unknown_member_suggest": _T("알 수 없는 회원 ID입니다: {member_id} — {suggestion:을/를} 뜻하셨나요?",
                                       "Unknown member id: {member_id} — did you mean '{suggestion}'?"),
    "error.no_members": _T("회원사 데이터가 없습니다", "There are no members"),
    "error.no_start_dates_split": _T(
        "협력 시작일이 없어 시간 분할 검증을 할 수 없습니다; 무작위 분할(--split random)을 쓰세요",
        "The partnerships have no start dates, so a time split is impossible; use a random split (--split random)"),
    "error.cutoff_outside_data": _T(
        "기준일 {cutoff} 앞뒤로 협력 관계가 있어야 합니다 (자료: {first} … {last})",
        "The cut-off {cutoff} must fall inside the data ({first} … {last})"),
    "error.too_few_partnerships": _T("협력 관계가 {count:,}건뿐이라 지난 추천을 검증할 수 없습니다 (2건 이상 필요)",
                                     "There are only {count:,} partnerships, too few to evaluate past suggestions "
                                     "(at least 2 are needed)"),
    "error.no_new_partnerships": _T("검증할 새 협력 관계가 없습니다 (기준일 뒤에 회원사끼리 새로 맺은 협력이 없음)",
                                    "There are no new partnerships between members to find after the cut-off"),
    "error.no_start_dates_fit": _T("협력 시작일이 없어 가중치를 맞출 수 없습니다",
                                   "The partnerships have no start dates to fit the weights on"),
    "error.outcomes_need_workspace": _T("추천 결과는 작업공간에 기록됩니다: --data 대신 --db를 쓰세요",
                                        "Outcomes are recorded in the workspace: use --db instead of --data"),
    "error.no_outcomes_to_fit": _T("가중치를 맞출 새 협력 관계가 후보 중에 없습니다",
                                   "No new partnership among the candidates to fit the weights on"),
    "error.option_at_least": _T("{option}의 값 {value}: {minimum} 이상이어야 합니다",
                                "{option} was {value} but is expected to be at least {minimum}"),
    "error.option_positive": _T("{option}의 값 {value}: 0보다 커야 합니다",
                                "{option} was {value} but is expected to be greater than 0"),
    "error.option_between": _T("{option}의 값 {value}: {low}에서 {high} 사이여야 합니다",
                               "{option} was {value} but is expected to be between {low} and {high}"),
    "error.option_choice": _T("{option}의 값 {value}: 다음 중 하나여야 합니다: {allowed}",
                              "{option} was {value} but is expected to be one of: {allowed}"),
    "error.option_suffix": _T("{option}의 파일 {value}: 확장자가 {allowed} 중 하나여야 합니다",
                              "{option} was {value} but is expected to end in {allowed}"),
    "error.check_data_or_files": _T("--data 폴더와 개별 파일(--members …)은 함께 쓸 수 없습니다",
                                    "Give either --data DIR or the separate files, not both"),
    "error.check_needs_files": _T("--members 파일(과 필요하면 --partnerships, --visits, --offices …) 또는 --data 폴더를 주세요",
                                  "give --members (and optionally --partnerships, --visits, --offices …) or --data DIR"),
    "error.rows_rejected_note": _T("주의: 거부된 행 {rejected:,}개는 빼고 계산합니다 (python -m network check 참고)",
                                   "Note: {rejected:,} rejected rows are left out (see python -m network check)"),
    # --- tables and their columns (labels for people) ----------------------------------------------
    "table.members": _T("회원사", "Members"),
    "table.partnerships": _T("협력 관계", "Partnerships"),
    "table.visits": _T("방문", "Visits"),
    "table.offices": _T("지부", "Offices"),
    "table.attendance": _T("방문 참석", "Attendance"),
    "table.difficulties": _T("애로사항", "Difficulties"),
    # column labels: column.<name>, or column.<table>.<name> where a table names it differently
    "column.member_id": _T("회원 ID", "Member ID"),
    "column.name": _T("이름", "Name"),
    "column.members.name": _T("회사명", "Company name"),
    "column.offices.name": _T("지부명", "Office name"),
    "column.federation": _T("지역연합회", "Federation"),
    "column.group": _T("교류회", "Exchange group (교류회)"),
    "column.sido": _T("시도", "Province (시도)"),
    "column.sigungu": _T("시군구", "District (시군구)"),
    "column.address": _T("주소", "Address"),
    "column.lat": _T("위도", "Latitude"),
    "column.lon": _T("경도", "Longitude"),
    "column.industry": _T("업종코드", "KSIC code"),
    "column.industry_name": _T("업종", "Industry"),
    "column.employees": _T("종업원수", "Employees"),
    "column.revenue_krw": _T("매출액(원)", "Revenue (KRW)"),
    "column.founded": _T("설립일", "Founded"),
    "column.offers": _T("제공 가능", "Offers"),
    "column.needs": _T("필요", "Needs"),
    "column.joined": _T("가입일", "Joined"),
    "column.source_id": _T("회원 1", "Member 1"),
    "column.target_id": _T("회원 2", "Member 2"),
    "column.kind": _T("유형", "Kind"),
    "column.started": _T("시작일", "Started"),
    "column.weight": _T("가중치", "Weight"),
    "column.visit_id": _T("방문 ID", "Visit ID"),
    "column.date": _T("일자", "Date"),
    "column.program": _T("프로그램", "Programme"),
    "column.office": _T("지부", "Office"),
    "column.member_ids": _T("참석기업", "Attending members"),
    "column.participants": _T("참석자수", "Participants"),
    "column.issues": _T("애로사항", "Difficulties"),
    "column.office_id": _T("지부 ID", "Office ID"),
    "column.difficulty_id": _T("애로번호", "Difficulty ID"),
    "column.attendance.member_id": _T("참석 회원 ID", "Attending member ID"),
    "column.difficulties.member_id": _T("제기한 회원 ID", "Member who raised it"),
    "column.category": _T("애로유형", "Category"),
    "column.text": _T("애로내용", "Difficulty as written"),
    "column.status": _T("처리상태", "Status"),
    "column.resolved": _T("처리일", "Resolved on"),
    # --- the signals of the suggestions ---------------------------------------------------------------
    "method.combined": _T("종합 모델", "combined model"),
    "method.random": _T("무작위", "random"),
    "signal.common_neighbours": _T("공통 협력사 수", "shared partners"),
    "signal.adamic_adar": _T("공통 협력사(Adamic–Adar)", "shared partners (Adamic–Adar)"),
    "signal.resource_allocation": _T("공통 협력사(자원 배분)", "shared partners (resource allocation)"),
    "signal.industry": _T("업종 궁합", "industry fit"),
    "signal.tags": _T("제공↔필요", "offers ↔ needs"),
    "signal.distance": _T("거리", "distance"),
    "signal.same_group": _T("같은 교류회", "same 교류회"),
    "signal.same_federation": _T("같은 연합회", "same federation"),
    # --- why a partner is suggested (joined with " · ") ------------------------------------------------
    "reason.shared_partners": _T("공통 협력사 {count}곳: {names}", "{count} shared partner(s): {names}"),
    "reason.shared_partners_more": _T("공통 협력사 {count}곳: {names} 외 {more}곳",
                                      "{count} shared partner(s): {names} and {more} more"),
    "reason.hub": _T("{name} (허브)", "{name} (hub)"),
    # --- why a member got no suggestion (recommend.no_suggestions_reason) ---------------------------------
    "reason.none.zero_weights": _T("모든 가중치가 0이라 어떤 쌍도 점수를 받지 못합니다. 신호 하나 이상에 가중치를 주세요.",
                                   "Every weight is 0: no pair gets a score. Give at least one signal a weight."),
    "reason.none.max_km": _T("{km:g}km 안에 후보 회원사가 없습니다. 최대 거리를 늘려 보세요.",
                             "No candidate within {km:g} km. Raise the maximum distance."),
    "reason.none.scope": _T("후보 범위({scope}) 안에 다른 회원사가 없습니다. 범위를 넓혀 보세요.",
                            "No other member within the scope ({scope}). Widen the scope."),
    "reason.none.only_member": _T("데이터에 다른 회원사가 없습니다 (회원사 1곳). 회원 명단을 더 올리면 추천할 수 있습니다.",
                                  "There is no other member in the data (1 member). Upload more members to get "
                                  "suggestions."),
    "reason.none.no_candidates": _T("추천할 다른 회원사가 없습니다 (모두 이미 협력 중입니다).",
                                    "There is no other member to suggest (all are partners already)."),
    "reason.none.no_evidence": _T(
        "후보는 있지만 {name}({member_id})에게는 가중치를 준 근거가 하나도 없습니다 (없는 정보: {missing}). "
        "회원 정보를 채우거나 다른 신호에 가중치를 주세요.",
        "No candidate has any of the weighted evidence for {name} ({member_id}): the record lacks {missing}. "
        "Complete the member's record or weigh other signals."),
    "reason.none.lacks.partners": _T("협력사", "partners"),
    "reason.none.lacks.group": _T("교류회", "a 교류회"),
    "reason.none.lacks.industry": _T("업종", "an industry code"),
    "reason.none.lacks.tags": _T("제공·필요", "offers and needs"),
    "reason.none.lacks.location": _T("위치", "a location"),
    "scope.group": _T("같은 교류회", "same 교류회"),
    "scope.federation": _T("같은 연합회", "same federation"),
    "scope.sido": _T("같은 시도", "same 시도"),
    "scope.all": _T("전체", "anywhere"),
    "reason.industry": _T("업종 궁합: {pair} (기존 협력 {count}건, 우연의 {lift:.1f}배)",
                          "industry fit: {pair} ({count} existing partnerships, {lift:.1f}× chance)"),
    "reason.tags": _T("{giver:이/가} {tags} 제공 → {taker} 필요", "{giver} offers {tags}, which {taker} needs"),
    "reason.distance": _T("거리 {km:.0f} km", "{km:.0f} km apart"),
    "reason.same_group": _T("같은 교류회({group})", "same 교류회 ({group})"),
    "reason.score": _T("점수 구성: {shares}", "score: {shares}"),
    # --- why a region is under-served (joined with ", ") ------------------------------------------------
    "reason.coverage.share": _T("회원사 {members:,}곳 중 {coverage:.0%} 방문 (전체 {overall:.0%})",
                                "{members:,} members, {coverage:.0%} visited vs {overall:.0%} overall"),
    "reason.coverage.office_km": _T("가장 가까운 지부까지 {km:.0f} km", "nearest office {km:.0f} km"),
    "reason.coverage.no_visit": _T("기간 중 방문 없음", "no visit in the window"),
    "reason.coverage.last_visit": _T("마지막 방문 {days}일 전", "last visit {days} days ago"),
    "reason.coverage.missing": _T("전체 방문율이면 {missing:.0f}곳 더 방문",
                                  "{missing:.0f} more members visited at the overall rate"),
    # --- a back-test in plain words ------------------------------------------------------------------
    "reading.intro_time": _T(
        "{cutoff} 이후 시작된 협력 관계를 숨기고, 새 협력이 생긴 회원사 {members:,}곳에 {k}곳씩 추천했을 때",
        "Hiding the partnerships started on or after {cutoff} and suggesting {k} partners to each of the "
        "{members:,} members who formed new ones"),
    "reading.intro_random": _T("협력 관계 일부를 무작위로 숨기고 회원사 {members:,}곳에 {k}곳씩 추천했을 때",
                               "Hiding a random share of partnerships and suggesting {k} partners to each of "
                               "{members:,} members"),
    "reading.intro_only": _T("{intro}.", "{intro}."),
    "reading.combined": _T("{intro}, 종합 모델 추천의 {precision:.1%}가 실제 협력으로 이어졌습니다 "
                           "(회원사의 {hit:.0%}가 하나 이상 맞음)",
                           "{intro}: {precision:.1%} of the combined model's suggestions came true "
                           "({hit:.0%} of members got at least one right)"),
    "reading.above_best": _T("가장 좋은 단일 신호({best}, {other:.1%})의 {ratio:.1f}배",
                             "{ratio:.1f}× the best single signal ({best}, {other:.1%})"),
    "reading.below_best": _T("가장 좋은 단일 신호({best}, {other:.1%})보다 {gap:.1%}p 낮은 수준",
                             "{gap:.1%} points below the best single signal ({best}, {other:.1%})"),
    "reading.vs_random": _T("무작위 추천({random:.1%})의 {times:.0f}배", "{times:.0f}× random suggestions ({random:.1%})"),
    "reading.with_comparisons": _T("{combined}. {comparisons}입니다.", "{combined}, {comparisons}."),
    "reading.combined_only": _T("{combined}.", "{combined}."),
    "reading.and": _T(", ", " and "),
    "reading.with_partners": _T(
        "평가한 회원사 중 기준일 전에 협력사가 있던 곳은 {with_partners:,}곳이며, 이들에 대한 종합 모델의 "
        "precision@{k:은/는} {precision:.1%}입니다 (새 회원사는 협력 구조만으로는 예측하기 어렵습니다).",
        "{with_partners:,} of the evaluated members had a partner before the cut-off; on them the combined "
        "model's precision@{k} is {precision:.1%} (new members are hard to predict from the network alone)."),
    # --- how the suggestion weights were chosen (evaluate.Model.describe) ----------------------------------
    "model.fitted": _T(
        "추천 가중치는 이 데이터로 맞췄습니다: {start}–{end}에 새로 생긴 협력 {positives:,}쌍으로 학습했고, "
        "그 뒤 구간의 검증에서 precision {fitted:.1%}로 가장 좋은 단일 신호({best}, {best_value:.1%}) 이상이었습니다. {hub}",
        "The suggestion weights were fitted on this data: learned from {positives:,} new partnerships of "
        "{start}–{end}, they reached a precision of {fitted:.1%} on the later validation slice, at least the best "
        "single signal ({best}, {best_value:.1%}). {hub}"),
    "model.fallback": _T("추천은 검증 구간에서 가장 좋은 단일 신호인 {signal}만 씁니다: {why}. {hub}",
                         "Suggestions use the best single signal on the validation slice, {signal}: {why}. {hub}"),
    "model.default": _T("날짜가 있는 협력 이력이 부족해 기본 가중치(예시 데이터로 맞춘 값)를 씁니다. {hub}",
                        "Too little dated history to learn from: the default weights (fitted on the sample) are "
                        "used. {hub}"),
    "model.given": _T("직접 정한 가중치를 그대로 씁니다. {hub}", "The weights you set are used as they are. {hub}"),
    "model.reason.fit_lost": _T("맞춘 가중치가 검증에서 더 낮았습니다 ({fitted:.1%} < {best_value:.1%})",
                                "the fitted weights did worse on the validation slice ({fitted:.1%} < "
                                "{best_value:.1%})"),
    "model.reason.fit_degenerate": _T("맞춘 가중치가 모두 0이었습니다", "the fit gave all-zero weights"),
    "model.reason.no_outcomes": _T("학습 구간에 후보 중 새 협력이 없었습니다",
                                   "the fit window had no new partnership among the candidates"),
    "model.hub_on": _T("협력사가 매우 많은 허브는 공통 협력사로 세지 않습니다 (검증에서 더 나았음).",
                       "Hubs (firms with very many partners) do not count as shared partners (better on validation)."),
    "reading.few_members": _T("다만 평가한 회원사가 {members}곳뿐이라 이 비율은 우연에 크게 좌우됩니다.",
                              "But only {members} members were evaluated, so these shares owe much to chance."),
    "model.hub_on_default": _T("협력사가 매우 많은 허브는 공통 협력사로 세지 않습니다.",
                               "Hubs (firms with very many partners) do not count as shared partners."),
    "model.hub_off": _T("모든 협력사를 공통 협력사로 셉니다.", "Every partner counts as a shared partner."),
    # --- maps and network drawings -----------------------------------------------------------------------
    "map.members": _T("회원사", "members"),
    "map.visited": _T("방문함", "visited"),
    "map.not_visited": _T("방문 안 함", "not visited"),
    "map.office": _T("지부", "office"),
    "map.site": _T("방문 후보지", "site"),
    "map.new_members": _T("새로 닿는 회원사", "new members"),
    "map.partnerships": _T("협력 관계", "partnerships"),
    # the coverage map's tooltips and point legend (network.render.map)
    "map.coverage": _T("방문율", "coverage"),
    "map.days": _T("{value}일", "{value} days"),
    "map.radius": _T("반경 {km} km", "radius {km} km"),
    "map.site_radius": _T("방문 후보지 (반경 {km} km)", "planned site (radius {km} km)"),
    "map.arcs_width": _T("시도 간 협력 관계 (굵기: 건수)", "partnerships between 시도 (width: count)"),
    "map.click_to_drill": _T("누르면 이 시도를 봅니다", "click to see this 시도"),
    "drawing.partners": _T("협력사 {count}곳", "{count} partners"),
    # --- downloads for analysts (network.recommend.download_table) and input templates (network.templates) ---
    "export.column.candidate": _T("추천 기업 {label}", "Candidate: {label}"),
    "export.column.rank": _T("순위", "Rank"),
    "export.column.score": _T("점수", "Score"),
    "export.column.km": _T("거리(km)", "Distance (km)"),
    "export.column.reasons": _T("추천 이유", "Reasons"),
    "export.column.signal": _T("신호: {signal}", "Signal: {signal}"),
    # network drawings: labels, the isolated strip, the region view (network.render.network)
    "net.broker": _T("중개 역할 상위 {rank}위 (매개 중심성)", "Broker #{rank} (betweenness)"),
    "net.chosen": _T("선택한 회원사", "Chosen member"),
    "net.no_group": _T("(소속 없음)", "(none)"),
    "net.community": _T("커뮤니티 {community}", "Community {community}"),
    "net.isolated_strip": _T("이 보기 안에 협력사가 없는 회원사 {count:,}곳",
                             "{count:,} members with no partner in this view"),
    "net.members": _T("회원사 {count:,}곳", "{count:,} members"),
    "net.inside": _T("지역 안 협력 관계 {count:,}건", "{count:,} partnerships inside"),
    "net.between": _T("{a} — {b}: 협력 관계 {count:,}건", "{a} — {b}: {count:,} partnerships"),
    "net.region_size": _T("원 크기: 회원사 수", "Circle size: members"),
    "net.region_width": _T("선 굵기: 지역 간 협력 관계 수", "Line width: partnerships between regions"),
    "export.column.share": _T("점수 중 {signal} 비중(%)", "Share of the score: {signal} (%)"),
    "template.file": _T("입력양식_{table}.xlsx", "template_{table}.xlsx"),
    "template.required": _T("필수", "Required"),
    "template.optional": _T("선택", "Optional"),
    "template.kind.id": _T("적은 그대로 (앞의 0 유지)", "Kept as written, leading zeros too"),
    "template.kind.int": _T("정수 (1,234처럼 쉼표나 단위가 붙어도 됨)", "Whole number (thousands separators and units work)"),
    "template.kind.float": _T("숫자", "Number"),
    "template.kind.date": _T("날짜 (2024-10-23, 2024.10.23, 20241023, 2024년 10월 23일)",
                             "Date (2024-10-23, 2024.10.23, 20241023, 23 Oct 2024 in Korean)"),
    "template.kind.tags": _T("여러 개는 ; 로 구분", "Several separated by ;"),
    "template.kind.ids": _T("회원 ID 여러 개를 ; 로 구분", "Member IDs separated by ;"),
    "template.kind.industry": _T("KSIC 코드 2–5자리 (C25도 됨)", "KSIC code, 2–5 digits (C25 works)"),
    "template.kind.lat": _T("위도 (WGS84, 예: 37.57; 주소가 없을 때 씀)",
                            "Latitude (WGS84, e.g. 37.57; used when there is no address)"),
    "template.kind.lon": _T("경도 (WGS84, 예: 126.98; 주소가 없을 때 씀)",
                            "Longitude (WGS84, e.g. 126.98; used when there is no address)"),
    "template.note.member_id": _T("회원사마다 다른 번호 (사업자등록번호도 됨)",
                                  "A number unique to each member (a business registration number works)"),
    "template.note.location": _T("시도·시군구 또는 주소 중 하나만 있어도 됨 (옛 이름도 됨)",
                                 "The 시도 and 시군구 or the address: one is enough (old names work)"),
    "template.note.industry_name": _T("업종 이름 (비우면 업종코드로 채움)",
                                      "Industry name (filled from the KSIC code when empty)"),
    "template.note.revenue_krw": _T("원 단위 (머리글을 매출액(백만원)처럼 바꾸면 그 단위)",
                                    "In won (a unit in brackets in the header, such as millions, is applied)"),
    "template.note.offers": _T("회사가 제공할 수 있는 것, 여러 개는 ; 로 구분",
                               "What the firm can provide, several separated by ;"),
    "template.note.needs": _T("회사가 찾는 것, 여러 개는 ; 로 구분", "What the firm is looking for, several separated by ;"),
    "template.note.partner": _T("협력한 두 회원사의 회원 ID (회원사 표에 있어야 함)",
                                "The member IDs of the two partners (they must be members)"),
    "template.note.kind": _T("공동R&D, 공급망, 공동구매, 공동수출, 공동마케팅, 기술제휴 …",
                             "Joint R&D, supply chain, joint purchasing, joint export, joint marketing, technology …"),
    "template.note.weight": _T("0보다 큰 수, 비우면 1", "A number above 0; empty means 1"),
    "template.note.visit_id": _T("방문마다 다른 번호", "A number unique to each visit"),
    "template.note.visit_ref": _T("방문 표에 있는 방문 ID", "A visit ID of the visits table"),
    "template.note.program": _T("사업설명회, 간담회, 현장상담회, 방문상담 …",
                                "사업설명회, 간담회, 현장상담회 or a one-firm consultation …"),
    "template.note.office": _T("담당 지부의 이름 (지부 표에 있는 이름)", "The office in charge, by its name in the offices table"),
    "template.note.member_ids": _T("참석한 회원사의 회원 ID, 여러 개는 ; 로 구분",
                                   "Member IDs of the firms that attended, separated by ;"),
    "template.note.participants": _T("참석한 사람 수 (비우면 참석 회원사 수)",
                                     "People who attended (empty: the number of attending members)"),
    "template.note.issues": _T("제기된 애로사항의 유형, 여러 개는 ; 로 구분 (자금; 인력; 판로·수출 …)",
                               "Categories of the difficulties raised, separated by ;"),
    "template.note.office_id": _T("지부마다 다른 코드", "A code unique to each office"),
    "template.note.member_ref": _T("회원사 표에 있는 회원 ID", "A member ID of the members table"),
    "template.note.difficulty_id": _T("비우면 <방문 ID>#<번호>로 만듦", "Made up as <visit ID>#<n> when empty"),
    "template.note.raised_by": _T("애로를 제기한 회원사의 회원 ID (모르면 비움)",
                                  "Member ID of the firm that raised it (empty when unknown)"),
    "template.note.category": _T("자금, 인력, 판로·수출, 기술, 규제, 원자재·물류, 경영일반 중 하나",
                                 "One of the seven categories: funding, staff, sales and export, technology, "
                                 "regulation, materials and logistics, general management"),
    "template.note.text": _T("기업이 말한 그대로", "As the firm said it"),
    "template.note.status": _T("접수, 검토, 조치중, 해결, 이관, 종결 중 하나",
                               "Received, under review, in progress, solved, referred or closed"),
    # --- the command line ----------------------------------------------------------------------------
    "cli.check.table": _T("{table} ({file}): {read}행 읽음, {valid}행 사용, {rejected}행 거부",
                          "{table} ({file}): {read} read, {valid} valid, {rejected} rejected"),
    "cli.check.totals": _T("오류 {errors}건, 경고 {warnings}건", "{errors} errors, {warnings} warnings"),
    "cli.check.rows": _T("{count:,}개 행 ({rows})", "{count:,} rows ({rows})"),
    "cli.check.more": _T("  … 외 {count}건 (--out 폴더의 problems.csv 참고)",
                         "  … and {count} more (see problems.csv in the --out folder)"),
    "cli.check.wrote": _T("결과를 {out}에 썼습니다", "Wrote the results to {out}"),
    "cli.recommend.done": _T("{rows:,}개 추천 ({members:,}개 회원사) → {out}",
                             "{rows:,} suggestions for {members:,} members → {out}"),
    "cli.evaluate.weights": _T("종합 모델 가중치: {weights}", "combined model weights: {weights}"),
    "cli.analyze.sampled": _T("매개 중심성은 {samples}개 표본으로 추정했습니다",
                              "betweenness estimated from {samples} sampled members"),
    "cli.analyze.exact": _T("매개 중심성은 정확한 값입니다", "betweenness is exact"),
    "cli.on_sample": _T("참고: 작업공간에 가져온 데이터가 없어 예시 데이터(가상의 회원사 {members:,}곳)로 계산합니다. "
                        "먼저 'python -m network import'로 데이터를 가져오세요.",
                        "Note: the workspace holds no imported data, so this uses the sample data ({members:,} "
                        "fictional members). Import your data first with 'python -m network import'."),
    "cli.analyze.done": _T("{tables}개 표 → {out} ({note}; 모듈성 {modularity})",
                           "{tables} tables → {out} ({note}; modularity {modularity})"),
    "cli.coverage.done": _T("{window}: 회원사의 {coverage:.1%} 방문 → {out}",
                            "{window}: {coverage:.1%} of members visited → {out}"),
    "cli.coverage.done_unmeasured": _T("{window}: 방문율을 잴 수 없습니다 → {out}",
                                       "{window}: coverage cannot be measured → {out}"),
    "cli.coverage.most_underserved": _T("방문이 가장 부족한 곳:", "Most under-served:"),
    "coverage.none.no_regions": _T("시도·시군구를 아는 회원사가 없어 지역별 방문율을 잴 수 없습니다. 회원 명단에 시도·시군구나 "
                                   "좌표를 채우세요.",
                                   "No member has a known 시도 or 시군구, so coverage cannot be measured by region. Fill in "
                                   "the 시도 and 시군구 or the coordinates in the members file."),
    "coverage.none.no_visits": _T("기간 안에 방문한 회원사가 없어 방문이 부족한 곳을 가릴 수 없습니다 (모든 지역 0%). 아래 계획은 "
                                  "미방문 회원사 수로 방문지를 고릅니다.",
                                  "No member was visited in the window, so no region is behind another (all at 0%). The "
                                  "plan below chooses sites by the number of members not yet visited."),
    "coverage.none.no_attendees": _T("기간 안에 방문 {visits:,}건이 있었지만 참석 회원사를 적은 방문이 없어 방문율을 잴 수 "
                                     "없습니다. 방문 파일의 참석기업 열을 채우세요.",
                                     "Visits were held in the window ({visits:,}), but none names the members who "
                                     "attended, so coverage cannot be measured."),
    "coverage.none.one_region": _T("회원사가 있는 지역이 하나뿐이라 비교할 곳이 없습니다.",
                                   "Only one region has members, so there is nothing to compare it with."),
    "coverage.none.all_at_rate": _T("모든 지역이 전체 방문율({overall:.1%}) 이상이거나 차이가 우연 수준입니다.",
                                    "Every region is at or above the overall rate ({overall:.1%}), or differs from it "
                                    "no more than chance."),
    "cli.plan.done": _T("{window} 기준: {sites}곳을 방문하면 새로 {reached:,}곳에 닿아 방문율 {before:.1%} → {after:.1%}",
                        "window {window}: {sites} visits reach {reached:,} more members, coverage "
                        "{before:.1%} → {after:.1%}"),
    # --- the planner's reason for each site (network.planner)
    "planner.reason.seats": _T("반경 {radius:g} km 안 미방문 {reachable:,}곳 중 {new:,}곳 초대 (좌석 {seats})",
                               "invites {new:,} of the {reachable:,} members not yet visited within {radius:g} km "
                               "({seats} seats)"),
    "planner.reason.reach": _T("반경 {radius:g} km 안 미방문 {reachable:,}곳 초대",
                               "invites the {reachable:,} members not yet visited within {radius:g} km"),
    "planner.reason.ranked": _T("; {region} 방문율 {coverage:.0%} (전체 {overall:.0%}), 방문 부족 {rank}위",
                                "; {region}: {coverage:.0%} visited (overall {overall:.0%}), under-served rank "
                                "{rank}"),
    "planner.reason.region": _T("; {region} 방문율 {coverage:.0%} (전체 {overall:.0%})",
                                "; {region}: {coverage:.0%} visited (overall {overall:.0%})"),
    "planner.note.no_members": _T("고른 범위(시도·연합회)에 회원사가 없어 방문지를 정할 수 없습니다.",
                                  "There are no members in the chosen 시도 or federation, so no site can be planned."),
    "planner.note.unlocated": _T("회원사 {total:,}곳 중 {count:,}곳은 좌표도 시군구도 없어 어느 방문으로도 닿을 수 없습니다. "
                                 "회원 명단에 시도·시군구나 좌표를 채우세요.",
                                 "{count:,} of the {total:,} members have neither coordinates nor a 시군구, so no visit "
                                 "can reach them. Fill in the 시도 and 시군구 or the coordinates in the members file."),
    "planner.note.all_visited": _T("닿을 수 있는 회원사는 모두 방문했거나 이 계획으로 닿습니다.",
                                   "Every member that can be reached was visited or is reached by this plan."),
    "planner.note.out_of_sites": _T("방문지 {k}곳을 고르려 했지만 아직 방문하지 않은 회원사에 새로 닿는 후보 장소는 {chosen}곳뿐입니다 "
                                    "(후보 {candidates:,}곳, 닿지 못한 회원사 {left:,}곳). 반경을 넓히거나 후보를 "
                                    "'회원사 위치'로 바꿔 보세요.",
                                    "{k} sites were asked for, but only {chosen} candidate sites reach members not yet "
                                    "visited ({candidates:,} candidates, {left:,} members left). Widen the radius or "
                                    "choose members' locations as candidates."),
    "planner.note.nobody_behind": _T("방문율이 전체보다 낮은 지역이 없어(기간 안 방문이 없거나 지역 간 차이가 없음) "
                                     "'방문이 부족한 곳' 대신 미방문 회원사 수로 방문지를 골랐습니다.",
                                     "No region is below the overall rate (no visits in the window, or no difference "
                                     "between regions), so the sites were chosen by the number of members not yet "
                                     "visited instead of the under-served ranking."),
    "cli.plan.fallback": _T("좌표 없는 회원사 {count:,}곳은 시군구 중심으로 계산",
                            "{count:,} members without coordinates placed at their 시군구 centre"),
    "cli.sample.done": _T("회원사 {members:,}곳, 협력 관계 {partnerships:,}건, 방문 {visits:,}건, 지부 {offices}곳 → {out} "
                          "({seconds:.1f}초)",
                          "{members:,} members, {partnerships:,} partnerships, {visits:,} visits, {offices} offices "
                          "→ {out} ({seconds:.1f} s)"),
    # --- the workspace ----------------------------------------------------------------------------------
    "error.workspace_bad_url": _T(
        "작업공간 주소를 이해할 수 없습니다: {url} (예: sqlite:////경로/network.db 또는 "
        "postgresql+psycopg://사용자@서버:5432/데이터베이스)",
        "Cannot understand the workspace address: {url} (e.g. sqlite:////path/network.db or "
        "postgresql+psycopg://user@server:5432/database)"),
    "error.workspace_unsupported": _T("지원하지 않는 데이터베이스입니다: {url} (SQLite와 PostgreSQL만 됩니다)",
                                      "Unsupported database: {url} (only SQLite and PostgreSQL)"),
    "error.workspace_unreachable": _T("작업공간 데이터베이스 서버에 연결할 수 없습니다: {url} ({detail})",
                                      "Cannot reach the workspace database server: {url} ({detail})"),
    "error.workspace_login": _T("작업공간 데이터베이스에 로그인하지 못했습니다: {url} (사용자와 비밀번호를 확인하세요)",
                                "Could not log in to the workspace database: {url} (check the user and password)"),
    "error.workspace_unopenable": _T("작업공간 파일을 열 수 없습니다: {url} (폴더가 있는지, 쓸 수 있는지 확인하세요)",
                                     "Cannot open the workspace file: {url} (check that the folder exists and is "
                                     "writable)"),
    "error.workspace_readonly": _T("작업공간을 쓸 수 없어(읽기 전용) 저장하지 못했습니다: {url}. 현재 버전은 그대로입니다",
                                   "The workspace is read-only, nothing was saved: {url}. The current version is "
                                   "unchanged"),
    "error.workspace_full": _T("디스크가 가득 차서 저장하지 못했습니다: {url}. 현재 버전은 그대로입니다",
                               "The disk is full, nothing was saved: {url}. The current version is unchanged"),
    "error.workspace_busy": _T("다른 가져오기가 끝나기를 기다렸지만 끝나지 않았습니다: {url}. 잠시 뒤 다시 해 주세요",
                               "Waited for another import to finish, but it did not: {url}. Try again in a moment"),
    "error.workspace_newer": _T(
        "작업공간 데이터베이스가 이 프로그램보다 새 버전(스키마 {revision})으로 만들어졌습니다: {url}. "
        "프로그램을 업데이트해 주세요",
        "The workspace database was made by a newer version of this program (schema {revision}): {url}. "
        "Update the program"),
    "error.workspace_failed": _T("작업공간 데이터베이스 오류: {detail} ({url})", "Workspace database error: {detail} ({url})"),
    "error.cannot_write": _T("파일을 쓸 수 없습니다: {path} ({reason})", "Cannot write the file: {path} ({reason})"),
    "error.workspace_empty": _T("작업공간에 아직 데이터가 없습니다. 먼저 파일을 가져오세요 (python -m network import)",
                                "The workspace has no data yet. Import files first (python -m network import)"),
    "error.unknown_version": _T("{version}번 버전이 없습니다 (있는 버전: {known})",
                                "There is no version {version} (versions: {known})"),
    "error.rollback_current": _T("{version}번은 이미 현재 버전입니다", "Version {version} is already the current one"),
    "error.workspace_changed": _T(
        "검사하는 동안 다른 사람이 새 버전({current}번)을 저장했습니다. 다시 검사한 뒤 저장해 주세요",
        "While this was being checked, someone saved a new version ({current}). Check again, then save"),
    "error.import_needs_files": _T("가져올 파일을 하나 이상 주세요 (--members, --partnerships, --visits …)",
                                   "Give at least one file to import (--members, --partnerships, --visits …)"),
    "workspace.kept": _T("{table} ({version}번 버전에서 유지)", "{table} (kept from version {version})"),
    "workspace.sample_note": _T("샘플 데이터 (가상의 회원사)", "Sample data (fictitious members)"),
    "cli.import.done": _T("{version}번 버전을 저장했습니다: 회원사 {members:,}곳, 협력 관계 {partnerships:,}건, "
                          "방문 {visits:,}건, 애로사항 {difficulties:,}건",
                          "Saved version {version}: {members:,} members, {partnerships:,} partnerships, "
                          "{visits:,} visits, {difficulties:,} difficulties"),
    "cli.import.strict": _T("거부된 행이 있어 --strict에 따라 버전을 만들지 않았습니다",
                            "Rows were rejected, so no version was made (--strict)"),
    "cli.versions.header": _T("번호  저장 시각            회원사   협력 관계  방문    메모",
                              "no.   saved at             members  partners.  visits  note"),
    "cli.versions.current": _T("현재", "current"),
    "cli.rollback.done": _T("{version}번 버전이 이제 현재 버전입니다 (이전: {previous}번)",
                            "Version {version} is now the current one (was {previous})"),
    "cli.export.done": _T("{version}번 버전의 표 {tables}개를 {out}에 썼습니다", "Wrote {tables} tables of version {version} to {out}"),
    # --- accounts, sign-in, access -------------------------------------------------------------------
    "role.admin": _T("관리자", "Administrator"),
    "role.staff": _T("직원", "Staff"),
    "role.leader": _T("연합회장", "Federation leader"),
    "role.analyst": _T("분석가", "Analyst"),
    "error.unknown_user": _T("사용자 {username:이/가} 없습니다", "There is no user {username}"),
    "error.username_invalid": _T("사용자 이름이 비었거나 빈칸이 있습니다: '{username}'",
                                 "A username must not be empty or contain spaces: '{username}'"),
    "error.username_taken": _T("사용자 이름 {username:은/는} 이미 있습니다",
                               "The username {username} is already taken"),
    "error.leader_needs_federation": _T("연합회장 계정에는 연합회를 정해야 합니다 (--federation)",
                                        "A federation leader's account needs a federation (--federation)"),
    "error.account_needs_password_or_email": _T(
        "비밀번호(로컬 로그인)나 이메일(통합 로그인) 중 하나는 있어야 합니다",
        "An account needs a password (local sign-in) or an e-mail (single sign-on)"),
    "error.password_short": _T("비밀번호는 {minimum}자 이상이어야 합니다", "A password needs at least {minimum} characters"),
    "error.password_is_username": _T("비밀번호가 사용자 이름과 같으면 안 됩니다",
                                     "The password must not be the username"),
    "error.password_mismatch": _T("두 비밀번호가 서로 다릅니다", "The two passwords differ"),
    "error.sign_in_failed": _T("아이디 또는 비밀번호가 맞지 않습니다", "Wrong username or password"),
    "error.account_locked": _T("로그인에 여러 번 실패해 계정이 잠겼습니다. {until} 이후에 다시 해 주세요",
                               "Too many failed sign-ins: the account is locked until {until}"),
    "error.account_disabled": _T("사용이 중지된 계정입니다. 관리자에게 문의하세요",
                                 "This account is disabled. Ask an administrator"),
    "error.sso_no_email": _T("통합 로그인 응답에 이메일이 없어 로그인할 수 없습니다. 관리자에게 문의하세요",
                             "The single sign-on answer had no e-mail, so you cannot be signed in. Ask an administrator"),
    "error.sso_unknown": _T("{email} 계정이 이 작업공간에 없습니다. 관리자에게 등록을 요청하세요",
                            "There is no account for {email} in this workspace. Ask an administrator to add you"),
    "error.session_expired": _T("{minutes}분 동안 사용하지 않아 로그아웃되었습니다. 다시 로그인해 주세요",
                                "You were signed out after {minutes} minutes without activity. Sign in again"),
    "error.permission_denied": _T("권한이 없습니다", "You do not have permission"),
    # --- field work: visits and difficulties recorded in the app ------------------------------------------
    "error.visit_no_date": _T("방문 일자를 입력하세요", "Enter the date of the visit"),
    "error.visit_in_future": _T("일자 {date:은/는} 오늘({today}) 이후입니다. 이미 있었던 일만 기록할 수 있습니다",
                                "The date {date} is after today ({today}): only what has happened can be recorded"),
    "error.visit_no_place": _T("장소(주소나 시군구)를 입력하세요", "Enter the place (an address or a 시군구)"),
    "error.visit_place": _T("장소 '{place}'의 시군구를 알 수 없습니다: {problem}. 예: '수원시 영통구' 또는 도로명 주소",
                            "Cannot tell the 시군구 of the place '{place}': {problem}. Give a 시군구 or a road address"),
    "error.guest_place": _T("비회원 참석자 {name}의 지역 '{place}'의 시군구를 알 수 없습니다: {problem}",
                            "Cannot tell the 시군구 of '{place}' for the guest {name}: {problem}"),
    "error.unknown_firm": _T("회원 명단에 없는 기업입니다: {member_id}", "Not a member firm: {member_id}"),
    "error.participants_below_named": _T("참석자 수({participants}명)가 입력한 참석 기업·비회원 수({named}명)보다 적습니다",
                                         "{participants} participants is fewer than the {named} firms and guests named"),
    "error.text_too_long": _T("{field:이/가} 너무 깁니다 ({maximum}자까지)", "{field} is too long (at most {maximum} characters)"),
    "error.difficulty_no_firm": _T("애로사항을 말한 기업을 고르세요", "Choose the firm that raised the difficulty"),
    "error.difficulty_no_text": _T("애로 내용을 입력하세요", "Enter the difficulty as the firm said it"),
    "error.unknown_visit": _T("방문 {visit:이/가} 없습니다", "There is no visit {visit}"),
    "error.unknown_record": _T("기록 {record:이/가} 없습니다", "There is no record {record}"),
    "error.owner_not_staff": _T("담당자 {owner:은/는} 사용 중인 직원 계정이 아닙니다",
                                "The owner {owner} is not an active staff account"),
    "error.due_before_raised": _T("처리 기한 {due:이/가} 접수일 {raised}보다 앞섭니다",
                                  "The due date {due} is before the day it was raised ({raised})"),
    "error.status_move": _T("'{before}' 상태에서 {after:으로/로} 바꿀 수 없습니다",
                            "A difficulty cannot move from '{before}' to '{after}'"),
    "error.referral_needs_body": _T("이관할 기관을 입력하세요", "Name the body it is referred to"),
    "error.closing_needs_reason": _T("종결 사유를 입력하세요", "Give the reason for closing it"),
    "error.record_changed": _T("{by}님이 {at}에 {record:을/를} 먼저 저장했습니다. 두 내용을 비교해 다시 저장하세요",
                               "{by} saved {record} first, at {at}. Compare the two versions and save again"),
    "error.bad_month": _T("월은 YYYY-MM 형식으로 입력하세요: {value}", "Give the month as YYYY-MM: {value}"),
    "audit.sign_in": _T("로그인", "sign-in"),
    "audit.sign_in_failed": _T("로그인 실패", "failed sign-in"),
    "audit.sign_out": _T("로그아웃", "sign-out"),
    "audit.session_expired": _T("세션 만료", "session expired"),
    "audit.denied": _T("권한 없음", "denied"),
    "audit.download": _T("내려받기", "download"),
    "audit.import": _T("가져오기", "import"),
    "audit.rollback": _T("되돌리기", "rollback"),
    "audit.user_added": _T("사용자 추가", "user added"),
    "audit.user_changed": _T("사용자 변경", "user changed"),
    "audit.user_disabled": _T("사용자 중지", "user disabled"),
    "audit.user_enabled": _T("사용자 재개", "user enabled"),
    "audit.password_reset": _T("비밀번호 재설정", "password reset"),
    "audit.detail.password": _T("비밀번호", "password"),
    "audit.detail.wrong_password": _T("비밀번호 틀림", "wrong password"),
    "audit.detail.wrong_password_locked": _T("비밀번호 틀림, {minutes}분 동안 잠금",
                                             "wrong password; locked for {minutes} minutes"),
    "audit.detail.unknown_user": _T("없는 사용자", "unknown user"),
    "audit.detail.locked": _T("잠긴 계정", "locked"),
    "audit.detail.disabled": _T("중지된 계정", "disabled"),
    "audit.detail.single_sign_on": _T("통합 로그인", "single sign-on"),
    "audit.detail.single_sign_on_reason": _T("통합 로그인: {reason}", "single sign-on: {reason}"),
    "audit.detail.no_email": _T("이메일 정보 없음", "no e-mail claim"),
    "audit.detail.no_account": _T("계정 없음", "no account"),
    "audit.detail.role_from_claims": _T("토큰의 역할 ({role})", "role from claims ({role})"),
    "audit.detail.no_provider": _T("공급자 설정 없음", "no provider configured"),
    "audit.detail.provider_unreachable": _T("공급자에 연결할 수 없음", "provider unreachable"),
    "audit.detail.misconfigured": _T("설정 오류", "misconfigured"),
    "audit.detail.provider_answered": _T("공급자의 응답: {error}", "provider answered {error}"),
    "audit.detail.token_exchange_failed": _T("토큰 교환 실패", "token exchange failed"),
    "audit.detail.redirect_failed": _T("공급자로 보내기 실패", "redirect to the provider failed"),
    "audit.detail.redirect_uri_misconfigured": _T("redirect_uri 설정 오류", "redirect_uri misconfigured"),
    "audit.detail.no_user_information": _T("공급자가 사용자 정보를 주지 않음", "no user information from the provider"),
    "audit.detail.federation": _T("연합회 {federation}", "federation={federation}"),
    "audit.detail.office": _T("지부 {office}", "office={office}"),
    "access.suppressed": _T("5 미만", "under 5"),
    "cli.users.added": _T("사용자 {username:을/를} 만들었습니다 ({role})", "Created user {username} ({role})"),
    "cli.users.disabled": _T("사용자 {username}의 사용을 중지했습니다", "Disabled user {username}"),
    "cli.users.enabled": _T("사용자 {username}의 사용을 재개했습니다", "Enabled user {username}"),
    "cli.users.reset": _T("사용자 {username}의 비밀번호를 바꿨습니다 (잠금도 풀렸습니다)",
                          "Changed the password of {username} (and lifted any lock)"),
    "cli.users.header": _T("사용자            역할        연합회/지부        이메일                      상태",
                           "username          role        federation/office  e-mail                      state"),
    "cli.users.none": _T("사용자가 없습니다 (python -m network users add …)", "No users yet (python -m network users add …)"),
    "cli.users.active": _T("사용 중", "active"),
    "cli.users.disabled_state": _T("중지됨", "disabled"),
    "cli.users.locked_state": _T("잠김", "locked"),
    "cli.users.password_prompt": _T("비밀번호 ({minimum}자 이상): ", "Password (at least {minimum} characters): "),
    "cli.users.password_again": _T("비밀번호 확인: ", "Password again: "),
    "cli.users.password_file_empty": _T("비밀번호 파일이 비어 있습니다: {path}", "The password file is empty: {path}"),
    "cli.audit.done": _T("감사 기록 {rows:,}건을 {out}에 썼습니다", "Wrote {rows:,} audit entries to {out}"),
    # --- monthly report ---
    "error.report_unknown_office": _T("알 수 없는 지부입니다: {office} (자료에 있는 지부: {known})",
                                      "Unknown office: {office} (offices in the data: {known})"),
    "error.report_unknown_sido": _T("알 수 없는 시도입니다: {sido} (예: 서울, 경기도, 전남광주통합특별시)",
                                    "Unknown 시도: {sido} (e.g. Seoul, Gyeonggi-do, Busan)"),
    "error.report_future_month": _T("{month:은/는} 아직 오지 않은 달입니다 (오늘: {today})",
                                    "{month} has not begun yet (today: {today})"),
    "error.report_pdf_unavailable": _T(
        "PDF를 만들 수 없습니다. WeasyPrint와 Pango가 필요합니다: pip install weasyprint, "
        "sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 ({detail})",
        "Cannot make the PDF: it needs WeasyPrint and Pango: pip install weasyprint, "
        "sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 ({detail})"),
    "error.report_font_missing": _T(
        "PDF에 쓸 한글 글꼴(Noto Sans CJK KR)이 없습니다: sudo apt-get install fonts-noto-cjk (쓰인 글꼴: {found})",
        "The Korean font for the PDF (Noto Sans CJK KR) is missing: sudo apt-get install fonts-noto-cjk "
        "(fonts used: {found})"),
    "report.title": _T("현장 소통 월간 보고서 {month}", "Monthly field programme report, {month}"),
    "report.month": _T("{year}년 {month}월", "{year}-{month:02d}"),
    "report.period": _T("기간 {start} ~ {end} · 범위 {scope} · 기준일 {as_of}",
                        "Period {start} to {end} · scope {scope} · as of {as_of}"),
    "report.as_of_note": _T("미해결·기한 경과 건수는 기준일(그달 말일, 이번 달이면 오늘) 현재이고, 상태는 지금의 상태입니다",
                            "Open and overdue counts are as of the as-of date (the month's last day, or today "
                            "in the current month); statuses are the current ones"),
    "report.scope_all": _T("전국", "All of Korea"),
    "report.none": _T("해당 없음", "None"),
    "report.rows_left_out": _T("처음 {shown:,}행만 실었습니다 (전체 {total:,}행은 XLSX 보고서에 있습니다)",
                               "The first {shown:,} rows only (all {total:,} are in the XLSX report)"),
    "report.total": _T("합계", "Total"),
    "report.col.item": _T("항목", "Item"),
    "report.col.value": _T("값", "Value"),
    "report.row.title": _T("보고서", "Report"),
    "report.row.period": _T("기간", "Period"),
    "report.row.scope": _T("범위", "Scope"),
    "report.row.as_of": _T("기준일", "As of"),
    "report.row.visits": _T("방문 횟수", "Visits held"),
    "report.row.participants": _T("참석자 수", "Participants"),
    "report.row.firms": _T("방문한 회원사", "Member firms reached"),
    "report.row.raised": _T("제기된 애로사항", "Difficulties raised"),
    "report.row.closed": _T("처리된 애로사항", "Difficulties closed"),
    "report.row.open": _T("기준일 현재 미해결 애로사항", "Difficulties open on the as-of date"),
    "report.row.overdue": _T("기준일 현재 기한 경과 애로사항", "Difficulties overdue on the as-of date"),
    "report.sheet.summary": _T("요약", "Summary"),
    "report.sheet.visits_by_program": _T("프로그램별 방문", "Visits by programme"),
    "report.sheet.visits": _T("방문 목록", "Visits"),
    "report.sheet.firms": _T("방문한 회원사", "Firms reached"),
    "report.sheet.difficulties": _T("제기된 애로사항(유형×상태)", "Difficulties raised"),
    "report.sheet.closed": _T("처리된 애로사항", "Difficulties closed"),
    "report.sheet.overdue": _T("기한 경과 애로사항", "Overdue difficulties"),
    "report.chart.difficulties": _T("유형별 제기된 애로사항 (현재 상태별)", "Difficulties raised by category and current status"),
    "report.chart.visits": _T("프로그램별 방문 횟수", "Visits by programme"),
    "report.col.firms": _T("참석 회원사", "Member firms"),
    "report.col.visits": _T("방문 횟수", "Visits"),
    "report.col.status": _T("상태", "Status"),
    "report.col.owner": _T("담당자", "Owner"),
    "report.col.due": _T("처리 기한", "Due"),
    "report.col.days_overdue": _T("경과 일수", "Days overdue"),
    "report.col.raised_on": _T("접수일", "Raised on"),
    "report.col.closed_on": _T("처리일", "Closed on"),
    "report.col.days_to_close": _T("처리 일수", "Days to close"),
    "report.empty": _T("{month}에는 방문도 애로사항도 없습니다 (기록이 있는 가장 최근 달: {latest}).",
                       "{month} has no visits and no difficulties (the latest month with records: {latest})."),
    "cli.report.done": _T("{month} 월간 보고서 → {out} (방문 {visits:,}건, 제기된 애로사항 {raised:,}건, 기한 경과 {overdue:,}건)",
                          "Monthly report {month} → {out} ({visits:,} visits, {raised:,} difficulties raised, "
                          "{overdue:,} overdue)"),
    "cli.difficulties.done": _T("애로사항 {rows:,}건 → {out}", "{rows:,} difficulties → {out}"),
    # --- what became of the suggestions (network.feedback, network.store.outcomes, the feedback command) ---
    "outcome.introduced": _T("소개함", "introduced"),
    "outcome.met": _T("만남", "met"),
    "outcome.partnered": _T("협력 성사", "partnered"),
    "outcome.declined": _T("관심 없음", "declined"),
    "outcome.measure.shown": _T("보여 준 추천", "suggestions shown"),
    "outcome.measure.acted_on": _T("실행된 추천 (소개·만남·협력 성사)", "acted on (introduced, met or partnered)"),
    "outcome.measure.partnership": _T("협력으로 이어진 추천", "led to a partnership"),
    "outcome.measure.outcomes_recorded": _T("기록된 추천 결과 (전체)", "outcomes recorded (all)"),
    "outcome.measure.outcomes_not_shown": _T("보여 준 기록이 없는 추천의 결과", "outcomes of suggestions not logged as shown"),
    "error.outcome_unknown": _T("알 수 없는 추천 결과입니다: {value} (가능한 값: {allowed})",
                                "Unknown outcome: {value} (one of: {allowed})"),
    "error.outcome_unknown_member": _T("회원 명단에 없는 회원사입니다: {value}", "The member is not in the member list: {value}"),
    "error.outcome_unknown_member_suggest": _T(
        "회원 명단에 없는 회원사입니다: {value} — {suggestion:을/를} 뜻하셨나요?",
        "The member is not in the member list: {value} — did you mean '{suggestion}'?"),
    "error.outcome_unknown_candidate": _T("추천된 기업이 회원 명단에 없습니다: {value}",
                                          "The suggested firm is not in the member list: {value}"),
    "error.outcome_unknown_candidate_suggest": _T(
        "추천된 기업이 회원 명단에 없습니다: {value} — {suggestion:을/를} 뜻하셨나요?",
        "The suggested firm is not in the member list: {value} — did you mean '{suggestion}'?"),
    "error.outcome_same_firm": _T("회원사와 추천된 기업이 같습니다: {member_id}",
                                  "The member and the suggested firm are the same: {member_id}"),
    "error.outcome_already_partners": _T(
        "{member_id:와/과} {candidate_id:은/는} 이미 협력 관계입니다. 협력 관계인 두 기업에는 추천 결과를 기록하지 않습니다",
        "{member_id} and {candidate_id} are already partners: no outcome is recorded for partners"),
    "error.outcome_already_partners_since": _T(
        "{member_id:와/과} {candidate_id:은/는} 이미 협력 관계입니다 ({since}부터). 협력 관계인 두 기업에는 추천 결과를 "
        "기록하지 않습니다",
        "{member_id} and {candidate_id} are already partners (since {since}): no outcome is recorded for partners"),
    "error.outcome_reason_not_declined": _T("사유는 '관심 없음'에만 적을 수 있습니다 (기록하려는 결과: {outcome})",
                                            "Only a decline takes a reason (the outcome given: {outcome})"),
    "error.outcome_reason_too_long": _T("사유가 너무 깁니다 ({maximum}자까지)",
                                        "The reason is too long (at most {maximum} characters)"),
    "cli.feedback.saved": _T("추천 결과 {outcome_id:을/를} 저장했습니다: {member} → {candidate}, {outcome} ({day}, 기록: {actor})",
                             "Saved outcome {outcome_id}: {member} → {candidate}, {outcome} ({day}, recorded by {actor})"),
    "cli.feedback.partnered": _T("이제 두 기업은 {day}부터 협력 관계로 집계됩니다",
                                 "The two firms now count as partners from {day}"),
    "cli.feedback.declined": _T("두 기업은 {until}부터 다시 서로에게 추천됩니다",
                                "Neither firm is suggested to the other before {until}"),
    "cli.feedback.needs": _T("추천 결과를 기록하려면 {missing} 옵션이 필요합니다 (기록된 결과를 보려면 --list)",
                             "Recording an outcome needs {missing} (or --list to see the outcomes recorded)"),
    "cli.feedback.not_with_list": _T("--list와 함께 쓸 수 없는 옵션입니다: {options}",
                                     "Options that do not go with --list: {options}"),
    "cli.feedback.listed": _T("추천 결과 {rows:,}건 → {out}", "{rows:,} outcomes → {out}"),
    "cli.feedback.none": _T("기록된 추천 결과가 없습니다", "No outcomes recorded"),
    # --- matchmaking meetings (network.meeting, the meeting command) ---------------------------------------
    "error.meeting_seats": _T("좌석 수 {value}: 간담회에는 2석 이상이 필요합니다",
                              "seats was {value}: a meeting needs at least 2 seats"),
    "error.meeting_bad_date": _T("간담회 날짜는 YYYY-MM-DD 형식으로 입력하세요: {value}",
                                 "Give the meeting date as YYYY-MM-DD: {value}"),
    "error.meeting_past_date": _T("간담회 날짜 {date:이/가} 이미 지났습니다 (오늘: {today}). 오늘이나 그 뒤의 날짜를 정하세요",
                                  "The meeting date {date} is in the past (today: {today}): choose today or a later day"),
    "error.meeting_place": _T("간담회 장소로 지부나 시군구 중 하나만 정하세요",
                              "Choose the meeting place: either an office or a 시군구, not both"),
    "error.meeting_unknown_sigungu": _T(
        "알 수 없는 시군구입니다: {sigungu} ({problem}). 시군구 코드(예: 41117)나 이름(예: 수원시 영통구)을 주세요",
        "Unknown 시군구: {sigungu} ({problem}). Give a 시군구 code (e.g. 41117) or its name"),
    "error.meeting_office_unlocated": _T("지부 {office}의 위치(좌표나 시군구)를 알 수 없어 거리를 잴 수 없습니다",
                                         "The office {office} has no location (coordinates or 시군구): distances "
                                         "cannot be measured from it"),
    "error.meeting_no_located_members": _T(
        "회원사 {members:,}곳 모두 좌표도 시군구도 없어 간담회 장소 주변의 회원사를 찾을 수 없습니다. 회원 명단에 "
        "시도·시군구나 좌표를 채우세요",
        "None of the {members:,} members has coordinates or a 시군구, so no member can be found around the meeting "
        "place. Fill in the 시도 and 시군구 or the coordinates in the members file"),
    "error.meeting_one_member": _T("{place}에서 {radius:g} km 안에 위치를 아는 회원사가 1곳뿐이라 서로 소개할 간담회를 만들 수 "
                                   "없습니다. 반경을 넓혀 보세요",
                                   "Only one member with a known location within {radius:g} km of {place}: a "
                                   "matchmaking meeting needs two. Try a larger radius"),
    "error.meeting_no_members": _T("{place}에서 {radius:g} km 안에 위치를 아는 회원사가 없습니다. 반경을 넓혀 보세요",
                                   "No member with a known location within {radius:g} km of {place}: try a larger "
                                   "radius"),
    "error.meeting_exact_too_big": _T(
        "반경 안의 회원사가 {candidates:,}곳이라 최적해를 구하기에 너무 많습니다 ({maximum}곳까지). 기본 방법을 쓰거나 반경을 줄이세요",
        "{candidates:,} members within the radius are too many for the exact method (at most {maximum}): use the "
        "default method or a smaller radius"),
    "meeting.note_fewer": _T(
        "반경 안의 회원사가 {candidates:,}곳이고 교류회마다 {cap}곳까지라 {seats}석 중 {invited}석만 채웠습니다",
        "Only {invited} of the {seats} seats are filled: {candidates:,} members are within the radius and at most "
        "{cap} may come from one 교류회"),
    "meeting.note_no_pairs": _T("반경 안의 회원사 사이에 추천된 짝이 없어 가산점으로만 골랐습니다",
                                "No suggested pairs among the members within the radius: invitees were chosen by "
                                "their bonus only"),
    "meeting.method.heuristic": _T("탐욕법 + 교환 탐색 (근사)", "greedy + swap search (heuristic)"),
    "meeting.method.exact": _T("정수계획법 (최적해)", "integer programme (exact)"),
    "meeting.title": _T("간담회 기획: {place}, {date}", "Matchmaking meeting: {place}, {date}"),
    "meeting.row.place": _T("장소", "Place"),
    "meeting.row.date": _T("일자", "Date"),
    "meeting.row.seats": _T("좌석", "Seats"),
    "meeting.row.invited": _T("초대한 회원사", "Firms invited"),
    "meeting.row.radius": _T("반경 (km)", "Radius (km)"),
    "meeting.row.candidates": _T("반경 안 회원사", "Members within the radius"),
    "meeting.row.group_cap": _T("교류회당 최대 초대 수", "At most from one 교류회"),
    "meeting.row.pairs": _T("소개할 짝", "Pairs to introduce"),
    "meeting.row.pair_total": _T("짝 점수 합계", "Total pair score"),
    "meeting.row.bonus_total": _T("가산점 합계", "Total bonus"),
    "meeting.row.objective": _T("목표값 (짝 점수 + 가산점)", "Objective (pair scores + bonuses)"),
    "meeting.row.method": _T("방법", "Method"),
    "meeting.row.planned": _T("기획일", "Planned on"),
    "meeting.sheet.summary": _T("요약", "Summary"),
    "meeting.sheet.invitees": _T("초대 명단", "Invitation list"),
    "meeting.sheet.pairs": _T("소개할 짝", "Pairings"),
    "meeting.sheet.profiles": _T("회원사 프로필", "Profiles"),
    "meeting.col.order": _T("순서", "No."),
    "meeting.col.km": _T("거리(km)", "Distance (km)"),
    "meeting.col.bonus_unvisited": _T("미방문 가산점", "Bonus: not visited"),
    "meeting.col.bonus_open_difficulties": _T("미해결 애로 가산점", "Bonus: open difficulties"),
    "meeting.col.bonus": _T("가산점", "Bonus"),
    "meeting.col.pair_score": _T("짝 점수 합", "Pair score"),
    "meeting.col.pairs": _T("소개할 짝 수", "Pairs"),
    "meeting.col.last_visit": _T("최근 방문일", "Last visit"),
    "meeting.col.open_difficulties": _T("미해결 애로사항 수", "Open difficulties"),
    "meeting.col.location_fallback": _T("시군구 중심으로 계산", "Placed at the 시군구 centre"),
    "meeting.col.member_id_a": _T("회원 ID (A)", "Member ID (A)"),
    "meeting.col.name_a": _T("회사명 (A)", "Company (A)"),
    "meeting.col.member_id_b": _T("회원 ID (B)", "Member ID (B)"),
    "meeting.col.name_b": _T("회사명 (B)", "Company (B)"),
    "meeting.col.score": _T("점수", "Score"),
    "meeting.col.reasons": _T("추천 이유", "Why"),
    "meeting.col.partners": _T("협력사", "Partners"),
    "meeting.col.past_visits": _T("지난 방문", "Past visits"),
    "meeting.col.open_list": _T("미해결 애로사항", "Open difficulties"),
    "meeting.col.introduce": _T("간담회에서 소개할 상대", "To meet at the meeting"),
    "meeting.pdf.cover_note": _T(
        "초대 명단과 소개할 짝은 협업 추천 엔진의 점수(높을수록 유망)와 가산점(최근 방문 없음, 미해결 애로사항)으로 "
        "골랐습니다. 회원사마다 한 쪽씩 프로필이 뒤에 있습니다",
        "The invitees and the pairs to introduce were chosen by the suggestion engine's scores (higher is more "
        "promising) and bonuses (not visited lately, open difficulties). A one-page profile of each firm follows"),
    "meeting.pdf.pairs": _T("소개할 짝과 추천 이유", "Pairs to introduce, and why"),
    "meeting.pdf.profile": _T("{name} ({member_id})", "{name} ({member_id})"),
    "meeting.pdf.introduce": _T("이 자리에서 소개할 상대", "Whom to introduce it to"),
    "cli.meeting.done": _T(
        "{date} {place} 간담회: {invited}곳 초대, 소개할 짝 {pairs}쌍 (반경 {radius:g} km 안 회원사 {candidates:,}곳 중) → {out}",
        "Meeting on {date} at {place}: {invited} firms invited, {pairs} pairs to introduce ({candidates:,} members "
        "within {radius:g} km) → {out}"),
}


LIBRARY = Catalogue(_LIBRARY)


def t(key: str, language: Language = "ko", /, **params: object) -> str:
    """The library text ``key`` in ``language`` (``"ko"`` or ``"en"``), with ``params`` filled in.

    Raises
    ------
    KeyError
        If ``key`` is not in the catalogue.
    ValueError
        If ``language`` is neither ``"ko"`` nor ``"en"``.

    Examples
    --------
    >>> t("problem.bad_number", "en", value="12a")
    'Not a number: 12a'
    >>> t("problem.bad_number", "ko", value="12a")
    '숫자가 아닙니다: 12a'
    >>> t("problem.rejected_member", "ko", value="A")
    '회원 목록에서 거부된 회원입니다: A (회원 파일 {member_row}행)'
    """
    return LIBRARY.t(key, language, **params)
