"""Admin pages for checklist templates: list versions, view one, copy to a draft, edit, publish, discard."""

from flask import Blueprint, Response, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from inspect_app.checklists import forms, services
from inspect_app.checklists.models import ChecklistTemplate
from inspect_app.core.errors import DomainError
from inspect_app.core.htmx import hx_headers, render, see_other
from inspect_app.core.permissions import require
from inspect_app.core.roles import Role

bp = Blueprint("checklists", __name__, url_prefix="/admin/checklists")


def _load(template_id: int) -> ChecklistTemplate:
    template = services.get_template(template_id)
    if template is None:
        abort(404)
    return template


@bp.get("")
@require(Role.ADMIN)
def index():
    return render("checklists/index.html", groups=services.versions_by_code())


@bp.get("/<int:template_id>")
@require(Role.ADMIN)
def detail(template_id: int):
    template = _load(template_id)
    return render("checklists/detail.html", template=template, draft=services.draft_for(template.code))


@bp.post("/<int:template_id>/copy")
@require(Role.ADMIN)
def copy(template_id: int):
    draft = services.copy_as_draft(_load(template_id), actor=current_user)
    flash(_("正在编辑第 %(v)s 版草稿；保存并发布后才会用于新的巡查。", v=draft.version), "info")
    return redirect(url_for(".edit", template_id=draft.id), 303)


def _edit_page(template: ChecklistTemplate, edit: forms.EditInput, errors: dict[str, str] | None = None,
               status: int = 200, is_dirty: bool = False) -> Response:
    response = render("checklists/edit.html", "checklists/_edit_form.html", status=status, template=template,
                      edit=edit, errors=errors or {}, is_stale=status == 409, is_dirty=is_dirty,
                      FORM_ERROR=forms.FORM_ERROR, has_errors=forms.has_errors, unit_choices=forms.UNIT_CHOICES)
    # Errors are listed at the top of the form: scroll there after htmx swaps it in.
    return hx_headers(response, reswap="outerHTML show:top") if errors else response


@bp.get("/<int:template_id>/edit")
@require(Role.ADMIN)
def edit(template_id: int):
    template = _load(template_id)
    services.ensure_draft(template)
    return _edit_page(template, forms.input_from_template(template))


@bp.post("/<int:template_id>/edit")
@require(Role.ADMIN)
def update(template_id: int):
    template = _load(template_id)
    services.ensure_draft(template)
    edit = forms.input_from_form(request.form, template)
    if forms.apply_action(edit, request.form.get("action", "save")):
        return _edit_page(template, edit, is_dirty=True)
    data, errors = forms.validate(edit, template)
    if errors or data is None:
        return _edit_page(template, edit, errors, status=422)
    try:
        services.save_draft(template, data, actor=current_user, lock_version=forms.lock_version(edit))
    except DomainError as error:
        return _edit_page(_load(template_id), edit, {forms.FORM_ERROR: error.message}, status=error.status)
    flash(_("草稿已保存。"), "info")
    return see_other(url_for(".detail", template_id=template_id))


@bp.post("/<int:template_id>/publish")
@require(Role.ADMIN)
def publish(template_id: int):
    template = _load(template_id)
    lock = request.form.get("lock_version", "")
    services.publish(template, actor=current_user, lock_version=int(lock) if lock.isdecimal() else -1)
    flash(_("第 %(v)s 版已发布，新的巡查将使用此版本；原发布版本已停用。", v=template.version), "info")
    return redirect(url_for(".detail", template_id=template_id), 303)


@bp.post("/<int:template_id>/discard")
@require(Role.ADMIN)
def discard(template_id: int):
    template = _load(template_id)
    version = template.version
    services.discard(template, actor=current_user)
    flash(_("第 %(v)s 版草稿已删除。", v=version), "info")
    return redirect(url_for(".index"), 303)
