"""Default configuration: no secrets here; instance/config.py and INSPECT_APP_* variables override."""

from datetime import timedelta

MB = 1024 * 1024


class DefaultConfig:
    ENV_NAME = "development"
    DATABASE_URL: str | None = None  # default: SQLite in instance/
    UPLOAD_FOLDER: str | None = None  # default: instance/uploads
    PUBLIC_BASE_URL = "http://127.0.0.1:5000"
    DISTRICT_NAME = "张家口经济技术开发区"
    ORDER_NUMBER_FORMAT = "经开整改〔{year}〕第{seq:04d}号"
    ESCALATION_NUMBER_FORMAT = "经开督办〔{year}〕第{seq:04d}号"

    # Small global body limit; upload views raise it for themselves.
    MAX_CONTENT_LENGTH = 1 * MB
    UPLOAD_MAX_BYTES = 25 * MB
    UPLOAD_MAX_PIXELS = 64_000_000
    # The largest checklist (29 items × several fields) must fit.
    MAX_FORM_MEMORY_SIZE = 512 * 1024
    MAX_FORM_PARTS = 1000

    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SQLALCHEMY_TRACK_MODIFICATIONS = False

    BABEL_DEFAULT_LOCALE = "zh"
    BABEL_DEFAULT_TIMEZONE = "Asia/Shanghai"
    LANGUAGES = {"zh": "简体中文", "en": "English"}

    # A patrol can take well over an hour: the CSRF token lives as long as the session.
    WTF_CSRF_TIME_LIMIT = None
    WTF_CSRF_HEADERS = ["X-CSRFToken"]
    # No Referer required over HTTPS (some browsers and privacy settings send none): the token and the SameSite=Lax
    # session cookie decide, and core/csrf_origin.py still refuses a Referer or Origin that names another site.
    WTF_CSRF_SSL_STRICT = False

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = False
    REMEMBER_COOKIE_DURATION = timedelta(days=14)
    PERMANENT_SESSION_LIFETIME = timedelta(days=1)

    # The task queue: Huey on SQLite in instance/queue.sqlite unless set (production: redis://127.0.0.1:6379/1).
    QUEUE_URL: str | None = None
    # E-mail of notifications (Flask-Mailman, SMTP); a failed delivery is retried after 30 s, 1 min, 2 min …
    MAIL_SERVER = "127.0.0.1"
    MAIL_PORT = 25
    MAIL_USE_TLS = False
    MAIL_USE_SSL = False
    MAIL_TIMEOUT = 10
    MAIL_DEFAULT_SENDER = "红色物业巡查 <noreply@localhost>"
    NOTIFY_RETRY_BASE_SECONDS = 30
    # SMS of notifications through a provider (inspect_app/notifications/sms.py): "recording" keeps what it
    # would send. Chinese SMS services send approved templates only: SMS_TEMPLATES maps an event kind to its
    # template code (parameters: title, link), the others use SMS_TEMPLATE_DEFAULT.
    SMS_PROVIDER = "recording"
    SMS_TEMPLATE_DEFAULT = "NOTIFY_GENERIC"
    SMS_TEMPLATES: dict[str, str] = {}
    # 满意度测评: residents confirm their phone with a code by SMS before answering (template parameter `code`).
    SURVEY_SMS_CODE = False
    SURVEY_SMS_TEMPLATE = "SURVEY_CODE"

    # The map's tiles (/map): a URL template as Leaflet takes it ({s} {z} {x} {y}); 天地图 or 高德 need their key in
    # it. Empty: no tiles, the markers on a plain background. The page's CSP admits images from this host only.
    MAP_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    PATROL_FAR_METRES = 500  # a patrol started farther than this from its neighbourhood is flagged on its record
    MAP_TILE_ATTRIBUTION = "© OpenStreetMap"

    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    # Failed logins: per account whatever the address, and per address (an office NAT) with a higher ceiling.
    LOGIN_ACCOUNT_RATE_LIMIT = "10 per 15 minutes"
    LOGIN_ADDRESS_RATE_LIMIT = "100 per 15 minutes"
    # The JSON API (/api/v1): requests per integration token; a failed webhook delivery's first wait (doubling).
    API_RATE_LIMIT = "300 per minute"
    WEBHOOK_RETRY_BASE_SECONDS = 30
