"""Quarterly assessment and ranking of property companies (考核与排名)."""
