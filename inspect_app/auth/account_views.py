"""Administering accounts: the list, one account with its history, create, edit, disable, re-enable, reset."""

from typing import Any

from flask import Blueprint, Response, abort, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from inspect_app.auth import lifecycle, queries
from inspect_app.auth.forms import AccountForm, NewAccountForm, area_value, parse_filters
from inspect_app.auth.models import User
from inspect_app.auth.rules import EventKind
from inspect_app.core.errors import DomainError
from inspect_app.core.htmx import hx_headers, render, render_oob, see_other, wants_partial
from inspect_app.core.permissions import require
from inspect_app.core.roles import Role

bp = Blueprint("accounts", __name__, url_prefix="/admin/accounts")


@bp.get("")
@require(Role.ADMIN)
def index() -> Response:
    filters = parse_filters(request.args)
    results = queries.account_page(filters)
    response = render("auth/accounts.html", "auth/_account_results.html", filters=filters, results=results,
                      areas=queries.area_choices())
    if wants_partial():
        response.headers["HX-Push-Url"] = url_for("accounts.index", **filters.args(page=results.page))
    return response


@bp.get("/new")
@require(Role.ADMIN)
def new() -> Response:
    return _form_page(_choose(NewAccountForm()), None)


@bp.post("/new")
@require(Role.ADMIN)
def create() -> Response:
    form = _choose(NewAccountForm())
    if not form.validate():
        return _form_page(form, None, status=422)
    try:
        account, password = lifecycle.create_account(form.username.data, form.account_input(), actor=current_user)
    except DomainError as error:
        return _refused(form, None, error)
    return _one_time_password(account, password, created=True)


@bp.get("/<int:account_id>")
@require(Role.ADMIN)
def detail(account_id: int) -> Response:
    return _account_page(_load(account_id))


@bp.get("/<int:account_id>/edit")
@require(Role.ADMIN)
def edit(account_id: int) -> Response:
    account = _load(account_id)
    form = _choose(AccountForm(data=_current_values(account)))
    return _form_page(form, account)


@bp.post("/<int:account_id>/edit")
@require(Role.ADMIN)
def update(account_id: int) -> Response:
    account = _load(account_id)
    form = _choose(AccountForm())
    if not form.validate():
        return _form_page(form, account, status=422)
    try:
        changed = lifecycle.update_account(account, form.account_input(), actor=current_user)
    except DomainError as error:
        return _refused(form, account, error)
    flash(_("已保存账号信息。") if changed else _("没有修改。"), "info")
    return see_other(url_for("accounts.detail", account_id=account.id))


@bp.post("/<int:account_id>/disable")
@require(Role.ADMIN)
def disable(account_id: int) -> Response:
    return _set_enabled(_load(account_id), False)


@bp.post("/<int:account_id>/enable")
@require(Role.ADMIN)
def enable(account_id: int) -> Response:
    return _set_enabled(_load(account_id), True)


@bp.post("/<int:account_id>/reset-password")
@require(Role.ADMIN)
def reset_password(account_id: int) -> Response:
    account = _load(account_id)
    return _one_time_password(account, lifecycle.reset_password(account, actor=current_user), created=False)


def _load(account_id: int) -> User:
    return queries.get_account(account_id) or abort(404)


def _choose(form: AccountForm) -> AccountForm:
    return form.choose(queries.area_choices(), queries.company_choices(), queries.neighborhood_choices())


def _current_values(account: User) -> dict[str, object]:
    return {"display_name": account.display_name, "role": account.role, "phone": account.phone or "",
            "area": area_value(account.subdistrict_id, account.community_id), "company_id": account.company_id or 0,
            "neighborhood_id": account.neighborhood_id or 0}


def _form_page(form: AccountForm, account: User | None, *, status: int = 200) -> Response:
    page = "auth/account_edit.html" if account else "auth/account_new.html"
    return render(page, "auth/_account_form.html", status=status, form=form, account=account)


def _refused(form: AccountForm, account: User | None, error: DomainError) -> Response:
    """A field's refusal is shown at the field, with everything typed kept; others (409) are the usual answer."""
    field = getattr(form, error.field, None) if error.field else None
    if field is None:
        raise error
    field.errors = [*field.errors, error.message]
    return _form_page(form, account, status=422)


def _account_page(account: User) -> Response:
    return render("auth/account.html", **_history(account))


def _history(account: User) -> dict[str, Any]:
    return {"account": account, "events": queries.events(account), "kind_names": kind_names(),
            "field_names": field_names()}


def _set_enabled(account: User, enabled: bool) -> Response:
    lifecycle.set_enabled(account, enabled, actor=current_user)
    if not wants_partial():
        flash(_("已启用账号，可以重新登录。") if enabled else _("已停用账号，其登录已全部失效。"), "info")
        return see_other(url_for("accounts.detail", account_id=account.id))
    context = _history(account)
    return render_oob("auth/_account_card.html", context, ("auth/_account_events.html", context))


def _one_time_password(account: User, password: str, *, created: bool) -> Response:
    """Shown once, in this answer only: never stored, never cached, never in a URL or a flash."""
    response = render("auth/one_time_password.html", account=account, password=password, created=created)
    response.headers["Cache-Control"] = "no-store"
    if wants_partial():  # the create form's htmx post: the answer is a page of its own, not a form to swap
        hx_headers(response, retarget="body", reswap="innerHTML")
    return response


def kind_names() -> dict[str, str]:
    return {EventKind.CREATED: _("创建账号"), EventKind.UPDATED: _("修改信息"), EventKind.DISABLED: _("停用"),
            EventKind.ENABLED: _("启用"), EventKind.PASSWORD_RESET: _("重置密码"),
            EventKind.PASSWORD_CHANGED: _("本人修改密码")}


def field_names() -> dict[str, str]:
    return {"display_name": _("姓名"), "role": _("角色"), "area": _("片区"), "company": _("物业公司"),
            "phone": _("手机"), "neighborhood": _("小区")}
