"""Settings, all from the environment: secure defaults, loud failure on bad values.

See docs/architecture.md §3.7.

Environment:
  DATABASE_URL            default sqlite:///<data dir>/phieukin.sqlite3 (postgres://... in prod)
  PHIEUKIN_DATA_DIR       default ./var — SQLite database, secret key, uploads, exports
  PHIEUKIN_DEBUG          default false
  PHIEUKIN_SECRET_KEY     (or PHIEUKIN_SECRET_KEY_FILE) default: generated once into the data dir
  PHIEUKIN_ALLOWED_HOSTS  comma separated, default localhost,127.0.0.1,[::1] (``*`` for --lan)
  PHIEUKIN_SECURE         default false; true behind TLS: secure cookies, HSTS, SSL redirect
  PHIEUKIN_PUBLIC_URL     the address voters' phones use (printed on the ballot cards), e.g.
                          https://bophieu.example.vn; default: the LAN address under
                          ``serve --lan``, else the address the card issuer's browser uses
  PHIEUKIN_RECEIPT_KEY    (or PHIEUKIN_RECEIPT_KEY_FILE) 64 hex digits, the server's receipt
                          signing key; default: generated once into the data dir (docs/deploy.md)
"""

from __future__ import annotations

import secrets
from pathlib import Path

import dj_database_url

from phieukin.lib.env import ConfigError, envbool, envint, envsecret, envstr

PACKAGE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(envstr("PHIEUKIN_DATA_DIR", str(Path.cwd() / "var"))).resolve()
DEBUG = envbool("PHIEUKIN_DEBUG", default=False)
SECURE = envbool("PHIEUKIN_SECURE", default=False)


def _secret_key() -> str:
    configured = envsecret("PHIEUKIN_SECRET_KEY")
    if configured:
        return configured
    # Generated once per installation and kept beside the database, so a demo or a
    # conference-room laptop needs no configuration and never ships a shared key.
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        key_file.chmod(0o600)
    return key_file.read_text(encoding="utf-8").strip()


def _databases() -> dict[str, dict[str, object]]:
    default_url = f"sqlite:///{DATA_DIR / 'phieukin.sqlite3'}"
    url = envstr("DATABASE_URL", default_url)
    try:
        db = dj_database_url.parse(url, conn_max_age=envint("PHIEUKIN_CONN_MAX_AGE", 0, minimum=0))
    except (ValueError, KeyError) as exc:
        raise ConfigError(
            f"DATABASE_URL={url!r} is not a valid database URL ({exc}); "
            "expected sqlite:///path/to/file.sqlite3 or postgres://user@host:5432/name"
        ) from None
    engine = str(db.get("ENGINE", ""))
    if engine == "django.db.backends.sqlite3":
        if db.get("NAME") not in (":memory:", "") and not str(db["NAME"]).startswith("file:"):
            Path(str(db["NAME"])).parent.mkdir(parents=True, exist_ok=True)
        # WAL lets readers proceed during a write; synchronous=FULL makes an acknowledged
        # commit survive power loss (a cast ballot is acknowledged only after COMMIT).
        # IMMEDIATE takes the write lock at BEGIN, so two writers queue instead of
        # deadlocking on a lock upgrade (SQLITE_BUSY mid-transaction).
        db["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
            "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    elif engine == "django.db.backends.postgresql":
        db.setdefault("OPTIONS", {})
    else:
        raise ConfigError(f"DATABASE_URL={url!r}: only SQLite and PostgreSQL are supported")
    db["ATOMIC_REQUESTS"] = False
    db.setdefault("TEST", {})
    return {"default": db}


def _receipt_key() -> str:
    """The scalar that signs the booth's receipts (protocol.md §4.9), as 64 lowercase hex.

    Like the secret key it is generated once beside the database when not configured; its
    public half goes into every ballot's setup, so changing it mid-ballot would make the new
    receipts unverifiable (the booth then refuses to cast, never a silent bad receipt).
    """
    from phieukin.crypto.errors import CryptoError
    from phieukin.crypto.group import Scalar, random_scalar

    configured = envsecret("PHIEUKIN_RECEIPT_KEY")
    if configured is None:
        key_file = DATA_DIR / "receipt_key"
        if not key_file.exists():
            DATA_DIR.mkdir(parents=True, exist_ok=True)
            key_file.write_text(random_scalar().hex(), encoding="utf-8")
            key_file.chmod(0o600)
        configured = key_file.read_text(encoding="utf-8")
    key = configured.strip()
    try:
        valid = Scalar.from_hex(key, "PHIEUKIN_RECEIPT_KEY").value != 0
    except CryptoError:
        valid = False
    if not valid:
        raise ConfigError(
            "PHIEUKIN_RECEIPT_KEY must be 64 lowercase hex digits (a scalar < ℓ, ≠ 0)"
        )
    return key


def _public_url() -> str:
    url = envstr("PHIEUKIN_PUBLIC_URL", "").strip().rstrip("/")
    if url and not url.startswith(("http://", "https://")):
        raise ConfigError(f"PHIEUKIN_PUBLIC_URL={url!r} must start with http:// or https://")
    return url


SECRET_KEY = _secret_key()
PHIEUKIN_RECEIPT_KEY = _receipt_key()
PHIEUKIN_PUBLIC_URL = _public_url()
DATABASES = _databases()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

ALLOWED_HOSTS = [
    h.strip()
    for h in envstr("PHIEUKIN_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver").split(",")
    if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_htmx",
    "ninja",  # serves Swagger UI from its own static files (no CDN)
    "phieukin.web",
    "phieukin.accounts",
    "phieukin.audit",
    "phieukin.organizations",
    "phieukin.meetings",
    "phieukin.voting",
    "phieukin.evaluations",
    "phieukin.reports",
    "phieukin.federation",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "phieukin.web.middleware.VietnameseFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "phieukin.web.middleware.ContentSecurityPolicyMiddleware",
    "phieukin.web.middleware.DatabaseUnavailableMiddleware",
    # Innermost, so the styled page it substitutes still gets the CSP and the other headers.
    "phieukin.web.errors.ErrorPageMiddleware",
]

ROOT_URLCONF = "phieukin.web.urls"
WSGI_APPLICATION = "phieukin.web.wsgi.application"
ASGI_APPLICATION = "phieukin.web.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    }
]

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Vietnamese first; English second. Dates dd/mm/yyyy through the vi locale formats.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
# lib/ is not an app: its catalogue (upload checks) is listed here explicitly.
LOCALE_PATHS = [PACKAGE_DIR / "web" / "locale", PACKAGE_DIR / "lib" / "locale"]
# Django 5 always localizes (USE_L10N is gone) and its vi locale writes "d-m-Y": ours is d/m/Y.
FORMAT_MODULE_PATH = ["phieukin.web.formats"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Nothing is collected there (WhiteNoise serves from the apps' static dirs), but WhiteNoise
# expects STATIC_ROOT to exist.
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True  # serve straight from the apps' static dirs: no collectstatic step
WHITENOISE_AUTOREFRESH = DEBUG

# Upload limits: imports are the largest legitimate uploads (100,000 members ≈ 15 MB CSV).
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
PHIEUKIN_MAX_IMPORT_BYTES = envint("PHIEUKIN_MAX_IMPORT_BYTES", 50 * 1024 * 1024, minimum=1024)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 3600  # one working day
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "phieukin.web.errors.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if SECURE:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = envbool("PHIEUKIN_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = envint("PHIEUKIN_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": envstr("PHIEUKIN_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
