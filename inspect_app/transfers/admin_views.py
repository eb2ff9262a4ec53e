"""The admin's departments (转办部门): list, new, edit, disable and enable again."""

from typing import Any

from flask import abort, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from inspect_app.core.db import db
from inspect_app.core.htmx import render, see_other
from inspect_app.core.permissions import require
from inspect_app.core.roles import Role
from inspect_app.transfers import forms, services
from inspect_app.transfers.models import Department
from inspect_app.transfers.views import bp


def _department(department_id: int) -> Department:
    return db.session.get(Department, department_id) or abort(404)


@bp.get("/admin/departments")
@require(Role.ADMIN)
def departments() -> Response:
    return render("transfers/departments.html", departments=services.departments())


def _form(department: Department | None, *, status: int = 200, **extra: Any) -> Response:
    typed = {name: getattr(department, name, "") for name in ("name", "contact_person", "email", "phone")}
    return render("transfers/department_form.html", status=status, department=department,
                  **({"typed": typed, "errors": {}} | extra))


@bp.get("/admin/departments/new")
@require(Role.ADMIN)
def new_department() -> Response:
    return _form(None)


@bp.get("/admin/departments/<int:department_id>/edit")
@require(Role.ADMIN)
def edit_department(department_id: int) -> Response:
    return _form(_department(department_id))


@bp.post("/admin/departments/new")
@require(Role.ADMIN)
def create_department() -> Response:
    return _save(None)


@bp.post("/admin/departments/<int:department_id>/edit")
@require(Role.ADMIN)
def update_department(department_id: int) -> Response:
    return _save(_department(department_id))


def _save(department: Department | None) -> Response:
    try:
        saved = services.save_department(department, forms.parse_department(request.form), actor=current_user)
    except services.FormErrors as error:
        return _form(department, status=422, errors=error.errors, typed=request.form.to_dict())
    flash(_("已保存部门“%(name)s”。", name=saved.name), "info")
    return see_other(url_for("transfers.departments"))


@bp.post("/admin/departments/<int:department_id>/disable")
@require(Role.ADMIN)
def disable_department(department_id: int) -> Response:
    department = services.set_enabled(_department(department_id), False, actor=current_user)
    flash(_("已停用“%(name)s”：不能再向它转办，办理中的转办照常提醒。", name=department.name), "info")
    return see_other(url_for("transfers.departments"))


@bp.post("/admin/departments/<int:department_id>/enable")
@require(Role.ADMIN)
def enable_department(department_id: int) -> Response:
    department = services.set_enabled(_department(department_id), True, actor=current_user)
    flash(_("已启用“%(name)s”。", name=department.name), "info")
    return see_other(url_for("transfers.departments"))
