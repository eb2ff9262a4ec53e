"""The one helper that makes user text safe to echo: no bidi overrides, no controls, no lone surrogates."""

import pytest

from inspect_app.core.errors import DomainError
from inspect_app.core.forms import plain_text
from inspect_app.photos.services import clean_filename


@pytest.mark.parametrize("raw,clean", [
    ("photo\u202egpj.exe", "photogpj.exe"),                       # right-to-left override
    ("\u2066a\u2069\u2067b\u2068c\u2069", "abc"),                  # isolates
    ("\u202ax\u202by\u202cz\u202d", "xyz"),                        # embeddings, pop, left-to-right override
    ("\u200ea\u200fb\u061cc", "abc"),                              # direction marks
    ("zero\u200bwidth\ufeff", "zerowidth"),                        # zero-width space, BOM
    ("bell\x07nul\x00esc\x1b del\x7f", "bellnulesc del"),          # C0 and DEL
    ("c1\x85\x9b", "c1"),                                          # C1 controls
    ("half\ud800surrogate", "halfsurrogate"),
    ("整改照片 (1).jpg", "整改照片 (1).jpg"),                        # ordinary text is untouched
    ("two\nlines\tand a tab", "two\nlines\tand a tab"),
])
def test_plain_text_drops_what_could_reorder_or_hide_text(raw, clean):
    assert plain_text(raw) == clean


def test_file_names_are_one_line_and_domain_errors_are_plain():
    assert clean_filename(" a\n\u202eb.jpg\t ") == "ab.jpg"
    error = DomainError("照片“x\u202egpj.exe”：该文件不是照片")
    assert "\u202e" not in error.message and "\u202e" not in str(error)
