"""Checks the system packages the app (and its tests) need; says exactly what to install when missing."""

import argparse
import shutil
import sys

from inspect_app.pdf.fonts import check_fonts

CHROMIUM = "/usr/bin/chromium"


def problems(*, for_tests: bool) -> list[tuple[str, str]]:
    """(message, Debian package) pairs for what is missing."""
    found = [(message, _package_in(message)) for message in check_fonts()]
    if for_tests:
        if not shutil.which("chromium") and not shutil.which(CHROMIUM):
            found.append(("缺少 Chromium（浏览器测试需要） / Chromium missing (browser tests)", "chromium"))
        for tool, package in (("pdftoppm", "poppler-utils"), ("pdffonts", "poppler-utils")):
            if not shutil.which(tool):
                found.append((f"缺少 {tool}（PDF 测试需要） / {tool} missing (PDF tests)", package))
    return found


def _package_in(message: str) -> str:
    for package in ("libharfbuzz-subset0", "fonts-noto-cjk", "fontconfig"):
        if package in message:
            return package
    return "fonts-noto-cjk"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tests", action="store_true", help="also check what the test suite needs")
    args = parser.parse_args(argv)
    missing = problems(for_tests=args.tests)
    if not missing:
        return 0
    for message, _ in missing:
        print(f"  ✗ {message}", file=sys.stderr)
    packages = " ".join(sorted({package for _, package in missing}))
    print(f"\n请以 root 运行 / As root, run:\n  apt-get update && apt-get install -y {packages}\n"
          "然后重新运行 make / then run make again.", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
