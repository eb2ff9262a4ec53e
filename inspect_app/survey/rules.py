"""Pure survey rules: households as one key, quarters, answer values, means on 0–100 and the response rate."""

import re
import unicodedata
from collections.abc import Iterable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

LOWEST, HIGHEST = 1, 5
POINTS_PER_STEP = Decimal(20)  # 5 非常满意 = 100, 4 满意 = 80, 3 一般 = 60, 2 不满意 = 40, 1 非常不满意 = 20
CENT = Decimal("0.01")
MAX_PART = 20
_NUMERALS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CHINESE_NUMBER = re.compile(r"[一二两三四五六七八九十]+")
_BUILDING_WORDS = re.compile(r"(号楼|号|栋|幢|座|楼)$")
_ROOM_WORDS = re.compile(r"(室|号|户)$")
_DASHES = re.compile(r"[-－—_/\\.·、]+")


def _chinese_to_digits(text: str) -> str:
    """三 → 3, 十二 → 12, 二十一 → 21 (the numbers buildings and units are called by)."""
    def value(match: re.Match[str]) -> str:
        word = match.group()
        if "十" not in word:
            return "".join(str(_NUMERALS[ch]) for ch in word)
        tens, _sep, ones = word.partition("十")
        return str((_NUMERALS.get(tens, 1) if tens else 1) * 10 + (_NUMERALS.get(ones, 0) if ones else 0))
    return _CHINESE_NUMBER.sub(value, text)


def _clean(raw: str) -> str:
    text = unicodedata.normalize("NFKC", raw or "").upper()
    return _chinese_to_digits(re.sub(r"\s+", "", text))


def normalize_building(raw: str) -> str:
    """'3号楼', '３栋', ' 三号楼 ' → '3'; empty when nothing is left."""
    text = _clean(raw)
    while True:
        shorter = _BUILDING_WORDS.sub("", text)
        if shorter == text:
            return text[:MAX_PART]
        text = shorter


def normalize_room(raw: str) -> str:
    """'2单元301室', '2-301', '二单元 301' → '2-301'; '301室' → '301'."""
    text = _clean(raw).replace("单元", "-").replace("门", "-")
    text = _ROOM_WORDS.sub("", text)
    return _DASHES.sub("-", text).strip("-")[:MAX_PART]


def household_key(building: str, room: str) -> str | None:
    """One household however it is written; None when either part is missing."""
    b, r = normalize_building(building), normalize_room(room)
    return f"{b}|{r}" if b and r else None


def quarter_of(day: date) -> str:
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def is_answer(value: int) -> bool:
    return LOWEST <= value <= HIGHEST


def mean(values: Iterable[Decimal | int]) -> Decimal | None:
    items = [Decimal(v) for v in values]
    return (sum(items, Decimal(0)) / len(items)).quantize(CENT, ROUND_HALF_UP) if items else None


def points(mean_answer: Decimal) -> Decimal:
    """A 1–5 mean on the assessment's 0–100 scale (× 20), two decimals."""
    return (Decimal(mean_answer) * POINTS_PER_STEP).quantize(CENT, ROUND_HALF_UP)


def company_points(neighborhood_means: Iterable[Decimal]) -> Decimal | None:
    """A company's satisfaction: the mean of its neighbourhoods' means (as its patrol mean is), on 0–100.

    Each neighbourhood's mean is taken unrounded by the caller; this rounds once, at the end."""
    items = [Decimal(m) for m in neighborhood_means]
    if not items:
        return None
    return (sum(items, Decimal(0)) / len(items) * POINTS_PER_STEP).quantize(CENT, ROUND_HALF_UP)


def response_rate(responses: int, households: int | None) -> Decimal | None:
    """Answers ÷ households as a fraction (0.1234); None when the household count is unknown."""
    if not households or households <= 0:
        return None
    return (Decimal(responses) / households).quantize(Decimal("0.0001"), ROUND_HALF_UP)
