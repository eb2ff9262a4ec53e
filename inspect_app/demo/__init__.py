"""Demo data from the seed article: places, companies, accounts, patrols, orders and two published quarters."""

from inspect_app.demo.seed import DEMO_PASSWORD, is_empty, seed_demo

__all__ = ["DEMO_PASSWORD", "is_empty", "seed_demo"]
