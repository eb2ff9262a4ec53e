"""The import page: upload a workbook → preview (the rows in error, or the changes) → confirm; the template."""

from io import BytesIO

from flask import Response, abort, send_file, url_for

from inspect_app.core.htmx import render, see_other
from inspect_app.core.permissions import require
from inspect_app.core.roles import Role
from inspect_app.core.uploads import accepts_uploads
from inspect_app.places import forms, importing, uploads, workbook
from inspect_app.places.views import bp

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.get("/import")
@require(Role.ADMIN)
def import_form() -> Response:
    return render("places/import.html", form=forms.ImportForm())


@bp.post("/import")
@require(Role.ADMIN)
@accepts_uploads(max_files=1)
def import_upload() -> Response:
    form = forms.ImportForm()
    if not form.validate_on_submit():
        return render("places/import.html", form=form, status=422)
    token = uploads.store_upload(form.file.data.read())
    return see_other(url_for(".import_preview", token=token))


@bp.get("/import/<token>")
@require(Role.ADMIN)
def import_preview(token: str) -> Response:
    result = importing.import_workbook(_stored_or_404(token), dry_run=True)
    return render("places/import_preview.html", result=result, token=token)


@bp.post("/import/<token>")
@require(Role.ADMIN)
def import_confirm(token: str) -> Response:
    result = importing.import_workbook(_stored_or_404(token))
    if not result.plan.is_valid:  # the places changed since the preview: show what stops it now
        return render("places/import_preview.html", result=result, token=token, status=422)
    uploads.discard_upload(token)
    # Rendered, not redirected: the one-time passwords are shown this once and stored nowhere.
    return render("places/import_done.html", result=result)


def _stored_or_404(token: str) -> bytes:
    data = uploads.stored_upload(token)
    if data is None:
        abort(404)
    return data


@bp.get("/import/template.xlsx")
@require(Role.ADMIN)
def import_template() -> Response:
    return send_file(BytesIO(workbook.template()), mimetype=XLSX, as_attachment=True,
                     download_name="导入模板.xlsx")
