import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "newsroom.settings",
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "a-long-random-production-key-4f9c2b7e1d8a6035ec91b2f7d4a8c6e0",
    "DJANGO_ALLOWED_HOSTS": "example.com",
}


def manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_is_clean_under_production_settings():
    result = manage("check", "--deploy", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (1 silenced)." in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {**PRODUCTION, "DJANGO_SECRET_KEY": ""}
    result = manage("check", **env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_a_malformed_boolean_is_a_loud_error():
    result = manage("check", DJANGO_DEBUG="yes please")
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be 1/0/true/false" in result.stderr


def test_production_sets_hsts_and_secure_cookies():
    code = (
        "from django.conf import settings as s;"
        "print(s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
        " s.SECURE_SSL_REDIRECT)"
    )
    result = manage("shell", "-c", code, **PRODUCTION)
    assert result.stdout.split()[-4:] == ["31536000", "True", "True", "True"], result.stderr


def test_static_files_are_stored_with_gzip_and_brotli_copies(tmp_path):
    """WhiteNoise's storage (production's STORAGES) writes .gz and, with Brotli installed, .br
    beside each static file at collectstatic, and serves each to the browsers that take it."""
    from whitenoise.compress import Compressor

    from newsroom import settings

    storage = settings.STORAGES["staticfiles"]["BACKEND"]
    assert storage == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    css = tmp_path / "site.css"
    css.write_bytes((ROOT / "static/css/site.css").read_bytes())
    written = list(Compressor(quiet=True).compress(str(css)))
    assert sorted(Path(name).suffix for name in written) == [".br", ".gz"]
    assert (tmp_path / "site.css.br").stat().st_size < (tmp_path / "site.css.gz").stat().st_size
