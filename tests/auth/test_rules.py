"""Pure account rules: passwords, one-time passwords, what an edit records."""

import pytest

from inspect_app.auth import rules


@pytest.mark.parametrize("password,username,problem", [
    ("short7!", "zhangwei", "too_short"),
    ("x" * 201, "zhangwei", "too_long"),
    ("ZhangWei", "zhangwei", "is_username"),
    (" zhangwei ", "zhangwei", "is_username"),
    ("eight888", "zhangwei", None),
    ("张伟的新密码很长", "zhangwei", None),
])
def test_password_problem(password, username, problem):
    assert rules.password_problem(password, username=username) == problem


def test_one_time_passwords_are_long_random_and_unambiguous():
    passwords = {rules.one_time_password() for _ in range(200)}
    assert len(passwords) == 200
    for password in passwords:
        assert len(password) == rules.OTP_LENGTH
        assert not set(password) & set("0O1lI")
        assert rules.password_problem(password, username="anyone") is None


def test_changes_lists_only_what_differs():
    before = {"role": "inspector", "area": None, "phone": "13800138000"}
    after = {"role": "supervisor", "area": "学府街社区", "phone": "13800138000"}
    assert rules.changes(before, after) == {"role": ["inspector", "supervisor"], "area": [None, "学府街社区"]}
    assert rules.changes(after, after) == {}
