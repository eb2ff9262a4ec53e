"""Residents' reports (百姓说事): public submission, receipt codes, triage onto the ledger."""
