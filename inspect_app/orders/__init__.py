"""Rectification orders (整改通知书), the companies' reports of the fix, and order numbering."""
