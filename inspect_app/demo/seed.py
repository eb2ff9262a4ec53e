"""Demo data from the seed article: real subdistricts, communities, neighbourhoods, companies; one account per role."""

from pathlib import Path

import yaml
from sqlalchemy import select

from inspect_app.auth import services as auth
from inspect_app.auth.models import User
from inspect_app.checklists.services import ensure_default_template
from inspect_app.core.db import db
from inspect_app.demo.committees import seed_committees
from inspect_app.demo.disclosure import seed_disclosure
from inspect_app.demo.survey import seed_survey
from inspect_app.demo.transfers import seed_transfers
from inspect_app.demo.workflow import seed_workflow
from inspect_app.places import services as places

DEMO_FILE = Path(__file__).resolve().parents[1] / "data" / "demo.yaml"
DEMO_PASSWORD = "demo-2026"  # demo accounts only; printed by seed-demo


def seed_demo() -> list[User]:
    """Safe to run twice: everything is looked up by its natural key before it is created."""
    data = yaml.safe_load(DEMO_FILE.read_text(encoding="utf-8"))
    ensure_default_template()
    district = places.ensure_district(**data["district"])
    companies = {c["name"]: places.ensure_company(district, **c) for c in data["companies"]}
    for sub in data["subdistricts"]:
        subdistrict = places.ensure_subdistrict(district, sub["name"])
        for com in sub["communities"]:
            community = places.ensure_community(subdistrict, com["name"])
            for n in com["neighborhoods"]:
                places.ensure_neighborhood(community, n["name"], company=companies.get(n.get("company")),
                                           is_gated=n.get("is_gated", True))
    db.session.commit()
    users = []
    for spec in data["users"]:
        user = db.session.scalar(select(User).where(User.username == spec["username"]))
        if user is None:
            user = auth.create_user(spec["username"], role=spec["role"], password=DEMO_PASSWORD,
                                    display_name=spec["display_name"], company_name=spec.get("company"),
                                    area_name=spec.get("area"), neighborhood_name=spec.get("neighborhood"))
        users.append(user)
    seed_workflow()
    seed_disclosure()
    seed_survey()
    seed_transfers()
    seed_committees()
    return users


def is_empty() -> bool:
    return db.session.scalar(select(User.id).limit(1)) is None
