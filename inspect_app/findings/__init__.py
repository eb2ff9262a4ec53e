"""Findings (问题) on the rectification ledger, and the record of every state change."""
