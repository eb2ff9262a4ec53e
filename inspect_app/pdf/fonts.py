"""Checks that the system fonts and libraries needed for Chinese PDFs are installed."""

from __future__ import annotations

import ctypes.util
import logging
import shutil
import subprocess

logger = logging.getLogger(__name__)

CJK_FAMILY = "Noto Sans CJK SC"

_MSG_NO_FCMATCH = (
    "未找到 fc-match（fontconfig），无法确认中文字体。请安装：apt-get install fontconfig fonts-noto-cjk"
    " / fc-match (fontconfig) not found, cannot verify the CJK font."
    " Install: apt-get install fontconfig fonts-noto-cjk"
)
_MSG_NO_CJK = (
    "缺少中文字体：fc-match '{family}' 解析为 {found}，不是中文字体。请安装：apt-get install fonts-noto-cjk"
    " / No CJK font: fc-match '{family}' resolved to {found}, which does not cover Chinese."
    " Install: apt-get install fonts-noto-cjk"
)
_MSG_NO_HB_SUBSET = (
    "缺少 libharfbuzz-subset：WeasyPrint 会改用 fontTools 子集化中文字体，极慢且将来不再支持。"
    "请安装：apt-get install libharfbuzz-subset0"
    " / libharfbuzz-subset not found: WeasyPrint falls back to fontTools, which is very slow for CJK"
    " fonts and will be unsupported. Install: apt-get install libharfbuzz-subset0"
)

# Only a successful check is cached, so installing the fonts later is picked up.
_cjk_font_ok = False


def _cjk_problem() -> str | None:
    """Return a message if fontconfig does not resolve CJK_FAMILY to a font covering zh-cn."""
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        return _MSG_NO_FCMATCH
    try:
        result = subprocess.run(
            [fc_match, f"{CJK_FAMILY}:lang=zh-cn", "--format=%{file}\n%{family}\n%{lang}"],
            capture_output=True, text=True, timeout=15, check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"{_MSG_NO_FCMATCH} ({exc})"
    file, _, rest = result.stdout.partition("\n")
    family, _, langs = rest.partition("\n")
    # fontconfig always returns *some* font; it is CJK only if its coverage includes zh-cn.
    if result.returncode != 0 or not file or "zh-cn" not in langs.strip().split("|"):
        found = f"{file or '?'} ({family or '?'})"
        return _MSG_NO_CJK.format(family=CJK_FAMILY, found=found)
    return None


def _harfbuzz_subset_problem() -> str | None:
    return None if ctypes.util.find_library("harfbuzz-subset") else _MSG_NO_HB_SUBSET


def check_fonts() -> list[str]:
    """Return problems (Chinese + English, with the Debian package to install); [] when all is well."""
    return [p for p in (_cjk_problem(), _harfbuzz_subset_problem()) if p]


def require_cjk_font() -> None:
    """Raise RuntimeError if no CJK font is available (never render boxes); log if harfbuzz-subset is missing."""
    global _cjk_font_ok
    if _cjk_font_ok:
        return
    problem = _cjk_problem()
    if problem:
        raise RuntimeError(problem)
    hb_problem = _harfbuzz_subset_problem()
    if hb_problem:
        logger.warning(hb_problem)
    _cjk_font_ok = True
