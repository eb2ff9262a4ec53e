"""`make bench`: what inspectors feel — page times, photo and PDF costs, scale and load (not part of the tests)."""
