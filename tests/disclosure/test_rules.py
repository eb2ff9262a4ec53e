"""The board's pure rules: what a new version changes, which files count as published accounts."""

import pytest

from inspect_app.disclosure.rules import DisclosureInput, changed, document_type

FIRST = DisclosureInput("王经理", "0313-5551234", "保洁每日两次", "住宅 1.20 元/㎡·月")


def test_the_first_version_changes_everything_and_a_repeat_nothing():
    assert changed(None, FIRST) == ["project_manager", "service_phone", "service_standard", "fee_standard"]
    assert changed(FIRST, FIRST) == []


def test_a_new_fee_is_the_one_change():
    new_fee = DisclosureInput("王经理", "0313-5551234", "保洁每日两次", "住宅 1.35 元/㎡·月")
    assert changed(FIRST, new_fee) == ["fee_standard"]


@pytest.mark.parametrize(("head", "kind"), [
    (b"%PDF-1.7\n", "application/pdf"), (b"\xff\xd8\xff\xe0", "image/jpeg"), (b"\x89PNG\r\n\x1a\n\0", "image/png"),
    (b"<html>", None), (b"GIF89a", None), (b"PK\x03\x04", None), (b"", None),
])
def test_documents_are_known_by_their_bytes(head, kind):
    assert document_type(head) == kind
