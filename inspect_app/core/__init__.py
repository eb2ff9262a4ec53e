"""Shared plumbing: database base, htmx rendering, permissions, errors, storage."""
