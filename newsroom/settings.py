"""Settings for newsroom, read from the environment (see .env.example)."""

import os
from ipaddress import ip_network
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from newsroom.logs import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() not in ("1", "0", "true", "false"):
        raise ImproperlyConfigured(f"{name} must be 1/0/true/false, got {value!r}")
    return value.lower() in ("1", "true")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {value!r}") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", default=True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG=0.")
    SECRET_KEY = "django-insecure-development-only-key-never-used-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "ckeditor",
    "ckeditor_uploader",
    "axes",
    "simple_history",
    "articles",
    "weather",
    "frontpage",
    "breaking",
    "tips",
    "ads",
    "pages",
]

MIDDLEWARE = [
    "newsroom.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "newsroom.pagecache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "newsroom.pagecache.StaffMarkMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "newsroom.middleware.ContentSecurityPolicyMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "articles.context_processors.site",
            ],
        },
    },
]


def database(url: str) -> dict:
    return dj_database_url.parse(
        url,
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        # Off, as Django has it by default. On, every request that reads the database first
        # pings it, a round trip more (docs/performance.md). Off, a connection broken by a
        # database restart fails one request in each worker, which then reconnects.
        conn_health_checks=env_bool("DATABASE_CONN_HEALTH_CHECKS", default=False),
    )


DATABASES = {
    "default": database(os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
}
# A streaming standby of the primary (docs/deploy.md, "A read replica"): anonymous readers'
# pages are built from it once the page cache's last change is REPLICA_MAX_LAG seconds old;
# staff, writes and everything else use the primary (newsroom.replica). Unset: one database.
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
REPLICA_MAX_LAG = env_int("REPLICA_MAX_LAG", 10)  # seconds; longer than the standby ever lags
if REPLICA_MAX_LAG < 0:
    raise ImproperlyConfigured(f"REPLICA_MAX_LAG must be 0 or more, got {REPLICA_MAX_LAG}")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = database(DATABASE_REPLICA_URL)
    DATABASE_ROUTERS = ["newsroom.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def redis_cache(url: str) -> dict:
    """django-redis, answering like an empty cache while Redis cannot be reached (each call
    waits at most half a second), so readers get pages, built anew, whatever Redis does."""
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": "newsroom",
        "OPTIONS": {
            "SOCKET_CONNECT_TIMEOUT": 0.5,
            "SOCKET_TIMEOUT": 0.5,
            "IGNORE_EXCEPTIONS": True,
        },
    }


DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
DJANGO_REDIS_LOGGER = "newsroom.cache"


# Without Redis, caches on disk that every process of this machine shares (runserver, gunicorn's
# workers, manage.py commands): the page cache's versions must be the same for all of them.
CACHE_DIR = Path(os.environ.get("DJANGO_CACHE_DIR") or BASE_DIR / "var" / "cache")


def file_cache(name: str, entries: int) -> dict:
    return {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(CACHE_DIR / name),
        "OPTIONS": {"MAX_ENTRIES": entries},
    }


REDIS_URL = os.environ.get("REDIS_URL", "")
# What counting relies on (a reader's dedupe key, per-address limits) lives apart from the pages:
# in production a Redis that never evicts (deploy/redis/), while the pages' Redis may evict.
REDIS_COUNTERS_URL = os.environ.get("REDIS_COUNTERS_URL", "") or REDIS_URL
CACHES = {
    "default": redis_cache(REDIS_URL) if REDIS_URL else file_cache("pages", 10_000),
    "counters": redis_cache(REDIS_COUNTERS_URL)
    if REDIS_COUNTERS_URL
    else file_cache("counters", 100_000),
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Repeated failed admin logins lock out that username from that address for an hour.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/lockout.html"
# Behind the proxy every request comes from 127.0.0.1: lock out the address the proxy saw.
AXES_CLIENT_IP_CALLABLE = "newsroom.client.client_address"

# Mail: the link new staff set their password with (articles.staff). In development the mails
# are printed where runserver runs; in production they go to this SMTP server.
EMAIL_BACKEND = (
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("Set EMAIL_USE_TLS (port 587) or EMAIL_USE_SSL (465), not both.")
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)  # seconds: a silent server must not hang the admin
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LANGUAGE_CODE = "ko-kr"
# Korean only: the admin stays Korean whatever language a browser asks for.
LANGUAGES = [("ko", "한국어")]
# Our wording over Django's own Korean where it misleads (locale/ko/LC_MESSAGES/django.po).
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
# Files no web server serves: readers' tips' attachments, which staff download through a
# permission-checked view, and lead photos waiting for their article's save (articles.pending,
# under pending/; `manage.py clean_pending_uploads` deletes those older than 24 hours). Never
# inside the media folder. Every server reads the same files with MEDIA_STORAGE=s3.
PRIVATE_ROOT = Path(os.environ.get("DJANGO_PRIVATE_ROOT") or BASE_DIR / "var" / "private")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": PRIVATE_ROOT,
            "base_url": None,
            "file_permissions_mode": 0o600,
            "directory_permissions_mode": 0o700,
        },
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if PRIVATE_ROOT.resolve().is_relative_to(MEDIA_ROOT.resolve()):
    raise ImproperlyConfigured("DJANGO_PRIVATE_ROOT must not be inside the media folder.")

# MEDIA_STORAGE=s3: media and private files in two buckets of S3-compatible object storage (AWS,
# Naver Cloud; docs/storage.md) instead of MEDIA_ROOT and PRIVATE_ROOT on this machine's disk.
MEDIA_STORAGE = os.environ.get("MEDIA_STORAGE") or "disk"
if MEDIA_STORAGE not in ("disk", "s3"):
    raise ImproperlyConfigured(f"MEDIA_STORAGE must be disk or s3, got {MEDIA_STORAGE!r}")


def env_s3(name: str) -> str:
    value = os.environ.get(name, "")
    if not value:
        raise ImproperlyConfigured(f"{name} must be set when MEDIA_STORAGE=s3.")
    return value


def s3_storages() -> tuple[dict, dict, str]:
    """STORAGES' "default" (the public bucket) and "private" (another bucket), and MEDIA_URL:
    AWS_S3_CUSTOM_DOMAIN (a CDN's host, or host/path) if set, else the bucket's own address."""
    bucket = env_s3("AWS_STORAGE_BUCKET_NAME")
    private_bucket = env_s3("AWS_PRIVATE_STORAGE_BUCKET_NAME")
    if private_bucket == bucket:
        raise ImproperlyConfigured(
            "AWS_PRIVATE_STORAGE_BUCKET_NAME must name another bucket than "
            "AWS_STORAGE_BUCKET_NAME, whose files anyone may read."
        )
    region = env_s3("AWS_S3_REGION_NAME")
    endpoint = os.environ.get("AWS_S3_ENDPOINT_URL") or None  # unset: AWS
    if endpoint and urlsplit(endpoint).scheme not in ("http", "https"):
        raise ImproperlyConfigured(f"AWS_S3_ENDPOINT_URL must be an http(s) URL, got {endpoint!r}")
    protocol, domain = "https:", os.environ.get("AWS_S3_CUSTOM_DOMAIN", "").strip("/")
    if not domain and endpoint:  # https://kr.object.ncloudstorage.com/<bucket>/
        parts = urlsplit(endpoint)
        protocol, domain = f"{parts.scheme}:", f"{parts.netloc}{parts.path.rstrip('/')}/{bucket}"
    elif not domain:
        domain = f"{bucket}.s3.{region}.amazonaws.com"
    common = {
        "endpoint_url": endpoint,
        "region_name": region,
        "access_key": os.environ.get("AWS_ACCESS_KEY_ID") or None,  # unset: boto3's own chain
        "secret_key": os.environ.get("AWS_SECRET_ACCESS_KEY") or None,
        "signature_version": "s3v4",
        "addressing_style": "path" if endpoint else None,
        "file_overwrite": False,
    }
    public = {
        "BACKEND": "newsroom.storage.PublicMediaStorage",
        "OPTIONS": {
            **common,
            "bucket_name": bucket,
            "custom_domain": domain,
            "url_protocol": protocol,
            "querystring_auth": False,
            # public-read where objects carry ACLs (Naver Cloud); unset where a bucket policy
            # makes the bucket readable (AWS, whose new buckets refuse ACLs).
            "default_acl": os.environ.get("AWS_DEFAULT_ACL") or None,
        },
    }
    private = {
        "BACKEND": "newsroom.storage.PrivateStorage",
        "OPTIONS": {
            **common,
            "bucket_name": private_bucket,
            "querystring_auth": True,
            "querystring_expire": 300,
            "default_acl": None,
        },
    }
    return public, private, f"{protocol}//{domain}/"


if MEDIA_STORAGE == "s3":
    STORAGES["default"], STORAGES["private"], MEDIA_URL = s3_storages()
# Reader pages may load images from the media's origin when it is not ours (a bucket, a CDN).
MEDIA_ORIGIN = "{0.scheme}://{0.netloc}".format(urlsplit(MEDIA_URL)) if "//" in MEDIA_URL else ""

# Uploads: images only, validated and re-encoded by articles.images.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
IMAGE_UPLOAD_MAX_BYTES = env_int("IMAGE_UPLOAD_MAX_BYTES", 15 * 1024 * 1024)
IMAGE_UPLOAD_MAX_PIXELS = env_int("IMAGE_UPLOAD_MAX_PIXELS", 40_000_000)
IMAGE_MAX_EDGE = env_int("IMAGE_MAX_EDGE", 2000)
# Readers' tips (/report/): each attached file at most this size (photos are re-encoded by
# articles.images, which also holds them to IMAGE_UPLOAD_MAX_*), tips per client address in a
# clock hour, and who is mailed a link to a new tip (else the desk's active members).
TIP_FILE_MAX_BYTES = env_int("TIP_FILE_MAX_BYTES", 15 * 1024 * 1024)
TIPS_PER_HOUR = env_int("TIPS_PER_HOUR", 5)
TIPS_NOTIFY_EMAILS = env_list("TIPS_NOTIFY_EMAILS")

# django-ckeditor bundles CKEditor 4.22.1, which is no longer supported upstream
# (ckeditor.W001). We silence that warning deliberately: every stored body is
# sanitized server-side with nh3 (articles.sanitize) on every save path, uploads
# are images only and re-encoded, and the editor is only ever shown to staff.
# The README section "About CKEditor 4" says the same.
SILENCED_SYSTEM_CHECKS = ["ckeditor.W001"]
# Only our own views (articles.uploads) take and list editor photos; django-ckeditor's are not
# routed. Each account uploads into, and browses, its own folder: uploads/<user id>/.
CKEDITOR_UPLOAD_PATH = "uploads/"
CKEDITOR_CONFIGS = {
    "default": {
        "language": "ko",
        # Korean dialogs without "Phone" links, a photo's caption that starts empty.
        "customConfig": f"{STATIC_URL}js/editor-config.js",
        "height": 600,
        "width": "100%",
        "toolbar": "newsroom",
        "toolbar_newsroom": [
            ["Format", "Bold", "Italic", "Underline", "Strike"],
            ["NumberedList", "BulletedList", "Blockquote"],
            ["Link", "Unlink"],
            ["Image", "Table", "HorizontalRule"],
            ["Undo", "Redo", "RemoveFormat", "Source"],
        ],
        "format_tags": "p;h2;h3;h4",
        # uploadimage: a photo pasted or dropped into the text goes through the same upload.
        # newsroompaste (static/js/paste.js): photos that cannot be uploaded are taken out and
        # named to the reporter; Word's and 한글's bold, italics and centring are kept.
        "extraPlugins": "image2,uploadimage,newsroompaste",
        "newsroomMediaUrl": MEDIA_URL,
        "uploadUrl": "/ckeditor/upload/",
        # exportpdf: a cloud service, not on our toolbar; elementspath: the bar of tag names
        # (body, p, img) under the text, which says nothing to a reporter.
        "removePlugins": "image,exportpdf,elementspath",
        "image2_captionedClass": "photo",
        "disallowedContent": "script; *[on*]",
        # Photos fit the editing area (a phone photo is wider than the editor).
        "contentsCss": [
            f"{STATIC_URL}ckeditor/ckeditor/contents.css",
            f"{STATIC_URL}css/editor.css",
        ],
    },
    # A few lines of text with links: a correction notice.
    "short": {
        "language": "ko",
        "customConfig": f"{STATIC_URL}js/editor-config.js",
        "height": 160,
        "width": "100%",
        "toolbar": "short",
        "toolbar_short": [["Bold", "Italic", "Link", "Unlink"], ["Undo", "Redo"]],
        "removePlugins": "image,exportpdf,elementspath",
        "disallowedContent": "script; *[on*]",
    },
}

# Reader pages
TEASER_LENGTH = env_int("TEASER_LENGTH", 200)
ARTICLES_PER_PAGE = env_int("ARTICLES_PER_PAGE", 20)
RELATED_ARTICLES_COUNT = env_int("RELATED_ARTICLES_COUNT", 4)
# Anonymous readers' pages are cached whole for this long at most (articles.pagecache).
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 60)
# How long a shared cache (nginx's proxy_cache, deploy/nginx/newsroom.conf) may keep a reader's
# page: the Cache-Control s-maxage. A takedown is gone from the proxy this many seconds after
# its commit at the latest; 0 keeps pages out of shared caches.
PROXY_CACHE_SECONDS = env_int("PROXY_CACHE_SECONDS", 1)

# Most read: views are counted per article per day (README, "What counts as a view"). Not
# counted: staff, HEAD requests, previews, a repeat view from the same client address within the
# dedupe window, views past the per-address hourly cap, and any
# User-Agent that does not match ALLOW or that matches DENY (crawlers, scripts, previews
# fetched by messengers, headless browsers).
MOST_READ_WINDOW = os.environ.get("MOST_READ_WINDOW", "day")
if MOST_READ_WINDOW not in ("day", "week", "month"):
    raise ImproperlyConfigured(
        f"MOST_READ_WINDOW must be day, week or month, got {MOST_READ_WINDOW!r}"
    )
MOST_READ_CACHE_SECONDS = env_int("MOST_READ_CACHE_SECONDS", 60)
VIEW_COUNT_DEDUPE_SECONDS = env_int("VIEW_COUNT_DEDUPE_SECONDS", 30 * 60)
VIEW_COUNT_MAX_PER_HOUR = env_int("VIEW_COUNT_MAX_PER_HOUR", 60)  # articles per address
VIEW_COUNT_UA_ALLOW = r"^(Mozilla|Opera)/"
VIEW_COUNT_UA_DENY = (
    r"bot|crawl|spider|slurp|yeti|daumoa|facebookexternalhit|kakaotalk-scrap|preview|"
    r"headless|phantom|python|curl|wget|httpclient|java/|go-http|okhttp|axios|node-fetch"
)

# Weather ticker, fed by KMA (shared/KMA.md; manage.py fetch_weather). The key never appears
# in logs or errors. The fallback (초단기 실황/예보) is used only when its key is set.
WEATHER_API_URL = os.environ.get("WEATHER_API_URL", "https://apihub.kma.go.kr/api/typ01/url")
KMA_SERVICE_KEY = os.environ.get("KMA_SERVICE_KEY", "")
KMA_FALLBACK_API_URL = os.environ.get(
    "KMA_FALLBACK_API_URL", "https://apis.data.go.kr/1360000/VilageFcstInfoService_2.0"
)
KMA_FALLBACK_SERVICE_KEY = os.environ.get("KMA_FALLBACK_SERVICE_KEY", "")
KMA_CLOUD_SCHEME = os.environ.get("KMA_CLOUD_SCHEME", "3step")
if KMA_CLOUD_SCHEME not in ("3step", "4step"):
    raise ImproperlyConfigured(f"KMA_CLOUD_SCHEME must be 3step or 4step, got {KMA_CLOUD_SCHEME!r}")
WEATHER_TIMEOUT = env_int("WEATHER_TIMEOUT", 10)  # seconds per request, in total
WEATHER_RETRY_BACKOFF = env_int("WEATHER_RETRY_BACKOFF", 5)  # seconds before the one retry
WEATHER_STALE_AFTER_MINUTES = env_int("WEATHER_STALE_AFTER_MINUTES", 180)
WEATHER_HIDE_AFTER_HOURS = env_int("WEATHER_HIDE_AFTER_HOURS", 24)
WEATHER_KEEP_DAYS = env_int("WEATHER_KEEP_DAYS", 30)
WEATHER_TICKER_CACHE_SECONDS = env_int("WEATHER_TICKER_CACHE_SECONDS", 300)

# Banners (ads). A network's code (AdSense, Kakao AdFit, Dable) pasted by the desk runs only when
# this is on, in a position that allows it, inside a sandboxed frame of its own whose policy lets
# the scripts of ADS_NETWORK_SOURCES run; our pages' own policy never widens.
ADS_NETWORK_CODE = env_bool("ADS_NETWORK_CODE", default=False)
ADS_NETWORK_SOURCES = env_list(
    "ADS_NETWORK_SOURCES",
    "https://pagead2.googlesyndication.com,https://t1.daumcdn.net,https://static.dable.io",
)
# Days before its end a banner is named to the desk (manage.py notify_ending_banners).
ADS_ENDING_NOTICE_DAYS = env_int("ADS_ENDING_NOTICE_DAYS", 3)

# Content-Security-Policy for reader pages (the admin keeps Django's own headers).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; "
    f"img-src 'self' data:{' ' + MEDIA_ORIGIN if MEDIA_ORIGIN else ''}; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)

# Behind a proxy (nginx) that sets X-Forwarded-Proto and appends the client's address to
# X-Forwarded-For (newsroom.client). Only requests from TRUSTED_PROXIES (addresses or networks)
# are believed; the last untrusted address in X-Forwarded-For is the client's.
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY", default=False)
TRUSTED_PROXIES = env_list("DJANGO_TRUSTED_PROXIES", "127.0.0.1,::1")
for _proxy in TRUSTED_PROXIES:
    try:
        ip_network(_proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"DJANGO_TRUSTED_PROXIES must list addresses or networks, got {_proxy!r}"
        ) from None

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # a load balancer may ask over plain http
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    if BEHIND_PROXY:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Logs: `text` (the message alone) or `json` (one object a line, with the request id and a line
# per request; newsroom.logs).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
if LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be text or json, got {LOG_FORMAT!r}")
LOGGING = logging_config(LOG_FORMAT, os.environ.get("DJANGO_LOG_LEVEL", "INFO"))
