"""Login, logout, changing one's own password, and the forced change after a reset."""

from typing import cast
from urllib.parse import urlsplit

from flask import Blueprint, Response, current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_limiter import RequestLimit
from flask_login import current_user, login_user, logout_user
from flask_wtf.csrf import CSRFError

from inspect_app.auth import lifecycle, limits, services
from inspect_app.auth.forms import LoginForm, PasswordForm
from inspect_app.core import csrf_origin
from inspect_app.core.errors import DomainError, csrf_refused, error_response
from inspect_app.core.htmx import hx_headers, is_htmx, render, see_other
from inspect_app.core.permissions import require
from inspect_app.extensions import limiter, login_manager

bp = Blueprint("auth", __name__)

login_manager.login_view = "auth.login"
login_manager.login_message = "请先登录。"
login_manager.session_protection = "basic"  # "strong" would log inspectors out when Wi-Fi turns to 4G


@login_manager.unauthorized_handler
def unauthorized():
    """htmx gets a 401 it can show inline (the page keeps what was typed); a page load goes to the login."""
    if is_htmx():
        response = error_response(401, _("登录已过期，请重新登录；未保存的内容已暂存在本机，登录后会自动提交。"))
        response.headers["HX-Trigger"] = "session-expired"
        return response
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


@login_manager.user_loader
def load_user(session_id: str):
    return services.load_session_user(session_id)


def safe_next(target: str | None) -> str:
    """Only a path on this site: no scheme, no host, no protocol-relative or backslash tricks."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return url_for("home.index")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or any(ord(c) < 32 for c in target):
        return url_for("home.index")
    return target


def _refused(limit: RequestLimit, *, account: bool) -> Response:
    """The login page again, with what was typed (but the password) and when to try again."""
    current_app.logger.warning("login limit reached per %s ip=%s", "account" if account else "address",
                               request.remote_addr)
    form = LoginForm()
    form.password.errors = [limits.wait_message(limit, account=account)]
    return render("auth/login.html", form=form, status=429)


@bp.errorhandler(CSRFError)
def login_csrf_refused(error: CSRFError) -> Response:
    """The login form again, with the user name kept, what failed and a fresh token: the next try passes."""
    if request.endpoint != "auth.login" or csrf_origin.final(error) or is_htmx():
        return csrf_refused(error)
    current_app.logger.warning("csrf failure path=%s reason=%s", request.path, error.description)
    form = LoginForm()
    form.password.errors = [csrf_origin.refusal(error) + _("请再点一次“登录”。")]
    return render("auth/login.html", form=form, status=400, csrf_retry=True)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(limits.per_address, methods=["POST"], deduct_when=limits.failed,
               on_breach=lambda limit: _refused(limit, account=False))
@limiter.limit(limits.per_account, key_func=limits.account_key, methods=["POST"], deduct_when=limits.failed,
               on_breach=lambda limit: _refused(limit, account=True))
def login():
    form = LoginForm(next=request.args.get("next", ""))
    if not form.validate_on_submit():
        return render("auth/login.html", form=form, status=422 if request.method == "POST" else 200)
    user = services.authenticate(form.username.data, form.password.data)
    if user is None:
        current_app.logger.warning("failed login username=%r ip=%s", form.username.data[:50],
                                   request.remote_addr)
        form.password.errors.append(_("用户名或密码错误"))
        return render("auth/login.html", form=form, status=422)
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    login_user(user, remember=form.remember.data)
    return redirect(safe_next(form.next.data), 303)


@bp.post("/logout")
def logout():
    logout_user()
    session.clear()
    flash(_("已退出登录。"), "info")
    return redirect(url_for("auth.login"), 303)


# What an account that must change its password may still reach: the change itself, leaving, and what pages load.
PASSWORD_FIRST_EXEMPT = {"auth.password", "auth.change_password", "auth.logout", "auth.login", "static",
                         "home.set_language", "home.healthz", "offline.service_worker"}


@bp.before_app_request
def password_first() -> Response | None:
    """After a reset, the one-time password must be replaced before anything else (htmx: told, then sent there)."""
    if not current_user.is_authenticated or not current_user.must_change_password:
        return None
    if request.endpoint in PASSWORD_FIRST_EXEMPT:
        return None
    target = url_for("auth.password", next=request.full_path.rstrip("?") if request.method == "GET" else None)
    if is_htmx():
        return hx_headers(error_response(403, _("请先修改初始密码。")), redirect=target)
    return cast(Response, redirect(target, 303 if request.method != "GET" else 302))


@bp.get("/account/password")
@require()
def password() -> Response:
    form = PasswordForm(formdata=None)
    return render("auth/password.html", "auth/_password_form.html", form=form, next=request.args.get("next", ""))


@bp.post("/account/password")
@require()
def change_password() -> Response:
    form, next_url = PasswordForm(), request.form.get("next", "")
    if form.validate():
        try:
            lifecycle.change_own_password(current_user, current=form.current.data, new=form.new.data)
        except DomainError as error:
            getattr(form, error.field or "new").errors.append(error.message)
        else:
            _stay_logged_in()
            flash(_("密码已修改；其他设备上的登录已失效。"), "info")
            return see_other(safe_next(next_url))
    return render("auth/password.html", "auth/_password_form.html", status=422, form=form, next=next_url)


def _stay_logged_in() -> None:
    """The new session_version ended every session, this one too: log this one in again, as it was."""
    user = current_user._get_current_object()
    remember = request.cookies.get(current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")) is not None
    login_user(user, remember=remember)
