"""Benchmark data in a temp SQLite database built by the real migrations: places and users in bulk, the
patrol, order and photos through the real services, ledger and ranking volume by bulk inserts."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import func, insert, select
from werkzeug.security import generate_password_hash

from bench.common import SECRET_KEY
from bench.imagegen import synthetic_jpeg
from bench.wsgi import make_app

PASSWORD = "bench-password-1"
REGIONS = ["南站", "马路东", "沈家屯", "姚家庄", "老鸦庄", "东山", "西山", "洋河", "高新", "清水河"]
TITLES = ["楼道堆积杂物", "消防通道被占用", "垃圾桶满溢未清运", "单元门禁损坏", "绿地黄土裸露", "公示栏信息过期",
          "电动车楼道充电", "监控设备故障", "路灯不亮", "化粪池外溢"]


@dataclass
class World:
    """Ids of what the pages need; everything else is found by query."""

    inspector_id: int = 0
    supervisor_id: int = 0
    admin_id: int = 0
    template_id: int = 0
    item_ids: list[int] = field(default_factory=list)
    company_ids: list[int] = field(default_factory=list)
    neighborhood_ids: list[int] = field(default_factory=list)
    draft_id: int = 0
    order_id: int = 0
    order_pdf_ids: dict[str, int] = field(default_factory=dict)
    load_users: list[tuple[str, int]] = field(default_factory=list)  # (username, their draft's id)
    finding_count: int = 0


def app_config(workdir: Path, name: str) -> dict[str, str]:
    return {"DATABASE_URL": f"sqlite:///{workdir / (name + '.db')}", "UPLOAD_FOLDER": str(workdir / f"{name}-uploads"),
            "SECRET_KEY": SECRET_KEY, "PUBLIC_BASE_URL": "http://127.0.0.1:5000"}


def new_app(workdir: Path, name: str) -> Flask:
    """A fresh app on a fresh database (schema from the Alembic migrations, as in production)."""
    app = make_app(app_config(workdir, name))
    with app.app_context():
        upgrade()
    return app


def build_world(app: Flask, *, companies: int, neighborhoods: int, communities: int, subdistricts: int,
                load_inspectors: int = 0) -> World:
    from inspect_app.auth.models import User
    from inspect_app.checklists.services import ensure_default_template
    from inspect_app.core.db import db
    from inspect_app.core.roles import Role
    from inspect_app.places import services as places
    from inspect_app.places.models import Community, Neighborhood, PropertyCompany, Subdistrict

    world = World()
    rnd = random.Random(7)
    with app.app_context():
        template = ensure_default_template()
        world.template_id = template.id
        world.item_ids = [item.id for category in template.categories for item in category.items]
        district = places.ensure_district("张家口经济技术开发区", "经开")
        db.session.execute(insert(PropertyCompany), [
            {"district_id": district.id, "name": f"{REGIONS[i % len(REGIONS)]}{i + 1:03d}物业服务有限公司",
             "contact_name": "王经理", "contact_phone": "0313-1234567"} for i in range(companies)])
        db.session.execute(insert(Subdistrict), [
            {"district_id": district.id, "name": f"{REGIONS[i % len(REGIONS)]}街道{i + 1}"}
            for i in range(subdistricts)])
        sub_ids = list(db.session.scalars(select(Subdistrict.id).order_by(Subdistrict.id)))
        db.session.execute(insert(Community), [
            {"subdistrict_id": sub_ids[i % len(sub_ids)], "name": f"第{i + 1}社区"} for i in range(communities)])
        community_ids = list(db.session.scalars(select(Community.id).order_by(Community.id)))
        world.company_ids = list(db.session.scalars(select(PropertyCompany.id).order_by(PropertyCompany.id)))
        db.session.execute(insert(Neighborhood), [
            {"community_id": community_ids[i % len(community_ids)], "company_id": world.company_ids[i % companies],
             "name": f"{REGIONS[rnd.randrange(len(REGIONS))]}花园{i + 1}号小区", "address": f"经开区{i + 1}号",
             "is_gated": i % 5 != 0, "public_token": f"bn{i:06d}"} for i in range(neighborhoods)])
        world.neighborhood_ids = list(db.session.scalars(select(Neighborhood.id).order_by(Neighborhood.id)))
        password_hash = generate_password_hash(PASSWORD, method="scrypt")  # once: scrypt is slow on purpose
        users = [("inspector", Role.INSPECTOR, None), ("supervisor", Role.SUPERVISOR, None),
                 ("admin", Role.ADMIN, None), ("company", Role.COMPANY, world.company_ids[0])]
        users += [(f"load{i:02d}", Role.INSPECTOR, None) for i in range(load_inspectors)]
        db.session.execute(insert(User), [
            {"username": name, "display_name": f"巡查员{name}" if role == Role.INSPECTOR else name, "role": role,
             "company_id": company, "password_hash": password_hash, "session_version": 1}
            for name, role, company in users])
        ids = dict(db.session.execute(select(User.username, User.id)).all())
        world.inspector_id, world.supervisor_id, world.admin_id = ids["inspector"], ids["supervisor"], ids["admin"]
        db.session.commit()
        for i in range(load_inspectors):
            name = f"load{i:02d}"
            world.load_users.append((name, _draft(ids[name], world.neighborhood_ids[-(i + 1)], template)))
    return world


def _draft(inspector_id: int, neighborhood_id: int, template) -> int:
    from inspect_app.core.db import db
    from inspect_app.inspections.models import Inspection
    from inspect_app.places.models import Neighborhood

    neighborhood = db.session.get(Neighborhood, neighborhood_id)
    inspection = Inspection(neighborhood_id=neighborhood_id, company_id=neighborhood.company_id,
                            template_id=template.id, inspector_id=inspector_id)
    db.session.add(inspection)
    db.session.commit()
    return inspection.id


def add_checklist_draft(app: Flask, world: World, *, answered: int, photos: int) -> None:
    """The inspector's draft patrol of the first neighbourhood, `answered` items done, `photos` of them deducted
    with a photo each — through the real services and photo pipeline."""
    from inspect_app.auth.models import User
    from inspect_app.core.db import db
    from inspect_app.inspections import queries, services
    from inspect_app.inspections.answers import parse_answer
    from inspect_app.photos.models import PhotoKind
    from inspect_app.photos.services import store_photo
    from inspect_app.places.models import Neighborhood

    with app.app_context():
        inspector = db.session.get(User, world.inspector_id)
        inspection = services.start_patrol(db.session.get(Neighborhood, world.neighborhood_ids[0]), actor=inspector)
        world.draft_id = inspection.id
        template = queries.load_template(inspection.template_id)
        items = [item for category in template.categories for item in category.items][:answered]
        for index, item in enumerate(items):
            with_photo = index < photos and item.presets
            form = ({"outcome": "deduct", "preset_id": str(item.presets[0].id), "count": "1"} if with_photo
                    else {"outcome": "pass"})
            result = services.save_answer(inspection, item, parse_answer(item, form), actor=inspector)
            if with_photo:
                store_photo(synthetic_jpeg(1600, 1200, seed=index, exif=False), kind=PhotoKind.EVIDENCE,
                            actor=inspector, watermark_lines=["2026-11-28 10:00", "巡查员"],
                            inspection_id=inspection.id, item_result_id=result.id)


def add_order(app: Flask, world: World, *, lines: int, photos: bool, neighborhood_index: int = 1,
              photo_size: tuple[int, int] = (4000, 3000)) -> int:
    """An issued order of `lines` new findings, each with one phone-size evidence photo when `photos`."""
    from inspect_app.auth.models import User
    from inspect_app.core.db import db
    from inspect_app.findings.models import Finding, FindingSource
    from inspect_app.orders import services
    from inspect_app.photos.models import PhotoKind
    from inspect_app.photos.services import store_photo
    from inspect_app.places.models import Neighborhood

    with app.app_context():
        inspector = db.session.get(User, world.inspector_id)
        neighborhood = db.session.get(Neighborhood, world.neighborhood_ids[neighborhood_index])
        findings = []
        for i in range(lines):
            finding = Finding(source=FindingSource.MANUAL, neighborhood=neighborhood,
                              community_id=neighborhood.community_id,
                              subdistrict_id=neighborhood.community.subdistrict_id,
                              company_id=neighborhood.company_id, category_code="HQFGS"[i % 5],
                              title=TITLES[i % len(TITLES)], description=f"第{i + 1}处：现场检查发现，需限期整改",
                              deduction=Decimal("1.5"), created_by_id=inspector.id)
            db.session.add(finding)
            db.session.flush()
            findings.append(finding)
        db.session.commit()
        if photos:
            for i, finding in enumerate(findings):
                store_photo(synthetic_jpeg(*photo_size, seed=100 + i), kind=PhotoKind.EVIDENCE, actor=inspector,
                            watermark_lines=["2026-11-28 10:00", neighborhood.name, "巡查员"], finding_id=finding.id)
        order = services.draft_order(neighborhood, [f.id for f in findings], actor=inspector)
        return services.issue_order(order, actor=inspector).id


# --- Volume: findings, submitted patrols and their state changes, in bulk ---------------------------------

def add_volume(app: Flask, world: World, findings: int, *, seed: int = 11) -> None:
    """`findings` more findings over the last 180 days (a third as many submitted patrols with their category
    scores, one state change per finding and a few sent back), spread over every neighbourhood and both quarters."""
    from inspect_app.core.db import db
    from inspect_app.findings.models import Finding, StateChange
    from inspect_app.inspections.models import CategoryScore, Inspection
    from inspect_app.places.models import Community, Neighborhood

    rnd = random.Random(seed + world.finding_count)
    now = datetime.now(UTC)
    with app.app_context():
        places = db.session.execute(select(Neighborhood.id, Neighborhood.community_id, Community.subdistrict_id,
                                           Neighborhood.company_id).join(Community)).all()
        categories = _categories(world.template_id)
        next_id = (db.session.scalar(select(func.max(Inspection.id))) or 0) + 1
        patrols, scores = [], []
        for k in range(max(1, findings // 3)):
            nid, _cid, _sid, company = places[rnd.randrange(len(places))]
            submitted = now - timedelta(seconds=rnd.randrange(180 * 86400))
            earned = [Decimal(rnd.randrange(int(m * 70), int(m * 100) + 1)) / 100 for _, _, m in categories]
            total = sum(earned)
            patrols.append({"id": next_id + k, "kind": "patrol", "status": "submitted", "neighborhood_id": nid,
                            "company_id": company, "template_id": world.template_id,
                            "inspector_id": world.inspector_id, "started_at": submitted - timedelta(hours=1),
                            "created_at": submitted - timedelta(hours=1), "submitted_at": submitted,
                            "score": total, "grade": "良好" if total >= 85 else "合格", "has_red_line": False,
                            "note": "", "lock_version": 1})
            scores += [{"inspection_id": next_id + k, "category_id": cat_id, "category_code": code, "earned": e,
                        "possible": Decimal(m)} for (cat_id, code, m), e in zip(categories, earned, strict=True)]
        db.session.execute(insert(Inspection), patrols)
        db.session.execute(insert(CategoryScore), scores)
        next_finding = (db.session.scalar(select(func.max(Finding.id))) or 0) + 1
        rows, changes = [], []
        for k in range(findings):
            nid, cid, sid, company = places[rnd.randrange(len(places))]
            created = now - timedelta(seconds=rnd.randrange(180 * 86400))
            # Old findings are mostly closed (销号); the recent ones are still moving through the loop.
            weights = [90, 4, 4, 2] if now - created > timedelta(days=21) else [20, 40, 25, 15]
            state = rnd.choices(["closed", "open", "ordered", "reported"], weights)[0]
            closed_at = min(now, created + timedelta(days=rnd.randrange(1, 20))) if state == "closed" else None
            rows.append({"id": next_finding + k, "source": "patrol", "state": state, "neighborhood_id": nid,
                         "community_id": cid, "subdistrict_id": sid, "company_id": company,
                         "category_code": categories[k % len(categories)][1], "title": TITLES[k % len(TITLES)],
                         "description": "巡查发现，需限期整改", "deduction": Decimal(rnd.randrange(1, 7)) / 2,
                         "is_red_line": k % 97 == 0, "deadline": (created + timedelta(days=rnd.randrange(1, 8))).date(),
                         "escalation_count": 0, "created_by_id": world.inspector_id, "created_at": created,
                         "closed_at": closed_at})
            changes.append({"subject_type": "finding", "subject_id": next_finding + k, "from_state": None,
                            "to_state": "open", "actor_id": world.inspector_id, "note": "", "created_at": created})
            if state == "ordered" and k % 7 == 0:  # sent back (督办) after a failed follow-up
                changes.append({"subject_type": "finding", "subject_id": next_finding + k, "from_state": "reported",
                                "to_state": "ordered", "actor_id": world.supervisor_id, "note": "仍未整改",
                                "created_at": min(now, created + timedelta(days=5))})
        for start in range(0, len(rows), 20_000):
            db.session.execute(insert(Finding), rows[start:start + 20_000])
        for start in range(0, len(changes), 20_000):
            db.session.execute(insert(StateChange), changes[start:start + 20_000])
        db.session.commit()
        world.finding_count += findings


def _categories(template_id: int) -> list[tuple[int, str, float]]:
    from inspect_app.checklists.models import ChecklistCategory
    from inspect_app.core.db import db

    return [(cid, code, float(points)) for cid, code, points in db.session.execute(
        select(ChecklistCategory.id, ChecklistCategory.code, ChecklistCategory.max_points)
        .where(ChecklistCategory.template_id == template_id).order_by(ChecklistCategory.position))]


# --- Assessment: last quarter published (the public ranking), this quarter open (the live computation) ----

def add_periods(app: Flask, world: World) -> str | None:
    """Returns the open period's code, or None when the assessment package is not there (yet)."""
    try:
        from inspect_app.assessment import rules, services
    except ImportError:
        return None
    from inspect_app.auth.models import User
    from inspect_app.core.db import db
    from inspect_app.core.time import local_today

    with app.app_context():
        admin = db.session.get(User, world.admin_id)
        current = quarter_code(local_today())
        previous = rules.previous_quarter(current)
        last = services.create_period(previous, actor=admin)
        services.close_period(last, actor=admin)
        services.publish_period(last, actor=admin)
        services.create_period(current, actor=admin)
    return current


def quarter_code(day: date) -> str:
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"
