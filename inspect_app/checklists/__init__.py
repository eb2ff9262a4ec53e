"""Checklists: the default checklist data, its loader and the pure scoring rules."""
