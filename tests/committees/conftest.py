"""The English client of the i18n suite, for the committee's pages in English."""

from tests.i18n.test_english import english  # noqa: F401  (a fixture)
