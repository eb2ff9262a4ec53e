"""The 三级台账 (per subdistrict and community, with its Excel per level) and the 建账立表 of no-property places."""

import io

from flask import abort, send_file
from flask_login import current_user

from inspect_app.core.htmx import render
from inspect_app.core.permissions import require
from inspect_app.core.roles import OFFICIAL_ROLES
from inspect_app.core.time import local_today
from inspect_app.findings import levels
from inspect_app.findings.views import XLSX, bp


@bp.get("/ledger/levels")
@require(*OFFICIAL_ROLES)
def levels_page():
    data = levels.ledger_levels(current_user, today=local_today())
    return render("findings/levels.html", data=data, drill_down=levels.drill_down,
                  total=levels.totals(data.subdistricts))


@bp.get("/ledger/levels/<level>.xlsx")
@require(*OFFICIAL_ROLES)
def levels_xlsx(level: str):
    if level not in levels.LEVELS:
        abort(404)
    today = local_today()
    out = io.BytesIO()
    levels.write_xlsx(levels.ledger_levels(current_user, today=today), level, out)
    out.seek(0)
    return send_file(out, mimetype=XLSX, as_attachment=True, download_name=f"ledger-{level}-{today:%Y%m%d}.xlsx")


@bp.get("/neighborhoods/no-property")
@require(*OFFICIAL_ROLES)
def no_property():
    return render("findings/no_property.html", rows=levels.no_property(current_user, today=local_today()))
