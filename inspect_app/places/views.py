"""Admin pages for subdistricts, communities, neighbourhoods and companies: lists, create, edit, retire, and a
neighbourhood's service periods with the change of company."""

from flask import Blueprint, Response, abort, flash, request, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm

from inspect_app.core.errors import DomainError
from inspect_app.core.htmx import render, see_other
from inspect_app.core.permissions import require
from inspect_app.core.roles import Role
from inspect_app.pdf.service import qr_svg_data_uri
from inspect_app.places import editing, forms, queries, services
from inspect_app.places.models import Community, Neighborhood, PropertyCompany, Subdistrict
from inspect_app.resident_reports.services import board_url

bp = Blueprint("places", __name__, url_prefix="/admin/places")
KIND = "<any(subdistricts, communities, neighborhoods, companies):kind>"
MODELS: dict[str, type] = {"subdistricts": Subdistrict, "communities": Community, "neighborhoods": Neighborhood,
                           "companies": PropertyCompany}
LISTINGS = {"subdistricts": queries.subdistricts, "communities": queries.communities,
            "companies": queries.companies}


def _load(kind: str, obj_id: int):
    return queries.get(MODELS[kind], obj_id) or abort(404)


@bp.get("")
@require(Role.ADMIN)
def index() -> Response:
    return see_other(url_for(".listing", kind="neighborhoods"))


@bp.get(f"/{KIND}")
@require(Role.ADMIN)
def listing(kind: str) -> Response:
    query, community_id = request.args.get("q", "")[:50], request.args.get("community_id", type=int)
    rows = queries.neighborhoods(query, community_id) if kind == "neighborhoods" else LISTINGS[kind]()
    return render("places/list.html", "places/_list.html", kind=kind, listing=rows, q=query,
                  community_id=community_id, communities=queries.community_choices())


@bp.get(f"/{KIND}/new")
@require(Role.ADMIN)
def new(kind: str) -> Response:
    return _form_page(kind, None, _form(kind, None))


@bp.post(f"/{KIND}/new")
@require(Role.ADMIN)
def create(kind: str) -> Response:
    return _submit(kind, None)


@bp.get(f"/{KIND}/<int:obj_id>/edit")
@require(Role.ADMIN)
def edit(kind: str, obj_id: int) -> Response:
    obj = _load(kind, obj_id)
    return _form_page(kind, obj, _form(kind, obj))


@bp.post(f"/{KIND}/<int:obj_id>/edit")
@require(Role.ADMIN)
def update(kind: str, obj_id: int) -> Response:
    return _submit(kind, _load(kind, obj_id))


@bp.post(f"/{KIND}/<int:obj_id>/active")
@require(Role.ADMIN)
def set_active(kind: str, obj_id: int) -> Response:
    obj = _load(kind, obj_id)
    active = request.form.get("active") == "1"
    editing.set_active(obj, active)
    flash(_("已恢复启用：%(name)s", name=obj.name) if active else _("已停用：%(name)s（历史记录保留）", name=obj.name),
          "info")
    return see_other(_back(kind, obj))


@bp.get("/neighborhoods/<int:obj_id>")
@require(Role.ADMIN)
def neighborhood(obj_id: int) -> Response:
    n = _load("neighborhoods", obj_id)
    return _neighborhood_page(n, _change_form())


@bp.post("/neighborhoods/<int:obj_id>/company")
@require(Role.ADMIN)
def change_company(obj_id: int) -> Response:
    n = _load("neighborhoods", obj_id)
    form = _change_form()
    if form.validate_on_submit():
        company = queries.get(PropertyCompany, form.company_id.data) if form.company_id.data else None
        try:
            services.change_company(n, company, on=form.on.data, kind=form.kind.data)
        except DomainError as error:
            _add_error(form, error)
        else:
            flash(_("已记录物业变更：%(name)s", name=company.name if company else _("无物业")), "info")
            return see_other(url_for(".neighborhood", obj_id=n.id))
    return _neighborhood_page(n, form, status=422)


@bp.post("/neighborhoods/<int:obj_id>/responsible")
@require(Role.ADMIN)
def set_responsible(obj_id: int) -> Response:
    n = _load("neighborhoods", obj_id)
    raw = request.form.get("responsible_company_id", "")[:12]
    company = queries.get(PropertyCompany, int(raw)) if raw.isdigit() and int(raw) else None
    try:
        editing.set_responsible_unit(n, company)
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(_("负责单位：%(name)s", name=company.name if company else _("社区代管")), "info")
    return see_other(url_for(".neighborhood", obj_id=n.id))


def _neighborhood_page(n: Neighborhood, form: forms.ChangeCompanyForm, status: int = 200) -> Response:
    url = board_url(n)
    return render("places/neighborhood.html", "places/_change_form.html", status=status, n=n, form=form,
                  periods=queries.periods(n), kinds=forms.period_kind_names(), public_url=url,
                  companies=queries.company_choices(),
                  qr=qr_svg_data_uri(url))


def _change_form() -> forms.ChangeCompanyForm:
    form = forms.ChangeCompanyForm()
    forms.with_company_choices(form.company_id, queries.company_choices(), none_last=True)
    return form


def _form(kind: str, obj) -> FlaskForm:
    if kind == "subdistricts":
        return forms.SubdistrictForm(obj=obj)
    if kind == "communities":
        form = forms.CommunityForm(obj=obj)
        forms.set_choices(form.subdistrict_id, queries.subdistrict_choices(obj.subdistrict_id if obj else None))
        return form
    if kind == "companies":
        return forms.CompanyForm(obj=obj)
    form = forms.NeighborhoodForm(obj=obj) if obj else forms.NewNeighborhoodForm()
    forms.set_choices(form.community_id, queries.community_choices(obj.community_id if obj else None))
    if obj is None:
        forms.with_company_choices(form.company_id, queries.company_choices())
    return form


def _submit(kind: str, obj) -> Response:
    form = _form(kind, obj)
    if form.validate_on_submit():
        try:
            saved = _save(kind, obj, form)
        except DomainError as error:
            _add_error(form, error)
        else:
            flash(_("已保存：%(name)s", name=saved.name), "info")
            return see_other(_back(kind, saved))
    return _form_page(kind, obj, form, status=422)


def _save(kind: str, obj, form):
    data = form.data
    if kind == "subdistricts":
        return editing.save_subdistrict(obj, name=data["name"])
    if kind == "communities":
        return editing.save_community(obj, subdistrict=queries.get(Subdistrict, data["subdistrict_id"]),
                                      name=data["name"])
    if kind == "companies":
        return editing.save_company(obj, data=editing.CompanyData(
            data["name"], data["credit_code"], data["contact_name"], data["contact_phone"]))
    fields = editing.NeighborhoodData(data["name"], data["address"], data["households"],
                                      data["owners_committee_contact"], data["lat"], data["lng"])
    company = queries.get(PropertyCompany, data["company_id"]) if data.get("company_id") else None
    return editing.save_neighborhood(obj, community=queries.get(Community, data["community_id"]), data=fields,
                                     company=company, starts_on=data.get("starts_on"))


def _add_error(form: FlaskForm, error: DomainError) -> None:
    field = form._fields.get(error.field or "")
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        form.form_errors.append(error.message)


def _form_page(kind: str, obj, form: FlaskForm, status: int = 200) -> Response:
    action = url_for(".update", kind=kind, obj_id=obj.id) if obj else url_for(".create", kind=kind)
    return render("places/form.html", "places/_form.html", status=status, kind=kind, obj=obj, form=form,
                  action=action)


def _back(kind: str, obj) -> str:
    if kind == "neighborhoods":
        return url_for(".neighborhood", obj_id=obj.id)
    return url_for(".listing", kind=kind)
