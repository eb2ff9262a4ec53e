"""Patrols and follow-up inspections with their item results."""
