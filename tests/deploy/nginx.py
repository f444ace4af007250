"""deploy/nginx/newsroom.conf as it is, run by this machine's nginx as an ordinary process.

The site file is copied with its installed paths pointed into a folder of the run's (the checkout
/srv/newsroom, the cache, the logs), listening on 127.0.0.1:<port> and passing to an upstream on
another port. Every substitution must find its text, so the file cannot drift away from here.

`python -m tests.deploy.nginx` runs `nginx -t` on it (.ci/run).
"""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "deploy" / "nginx"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
MIME_TYPES = Path("/etc/nginx/mime.types")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def available() -> bool:
    return Path(NGINX).exists() and MIME_TYPES.exists()


def render(text: str, replacements: dict[str, str], name: str) -> str:
    for old, new in replacements.items():
        if old not in text:
            raise AssertionError(f"{name} no longer has {old!r}: update tests/deploy/nginx.py")
        text = text.replace(old, new)
    return text


def lay_out(folder: Path, *, port: int, upstream: int | tuple[int, ...]) -> Path:
    """The site under `folder` (its checkout, static, media, cache, logs); the main nginx.conf.
    `upstream`: the app server's port, or the ports of several (a server line each)."""
    ports = upstream if isinstance(upstream, tuple) else (upstream,)
    checkout = folder / "srv"
    (checkout / "deploy" / "nginx").mkdir(parents=True)
    for sub in ("staticfiles", "media", "cache", "log", "temp"):
        (folder / sub if sub in ("cache", "log", "temp") else checkout / sub).mkdir()
    paths = {"/srv/newsroom": str(checkout)}
    site = render(
        (SITE / "newsroom.conf").read_text(),
        {
            **paths,
            "/var/cache/nginx/newsroom": str(folder / "cache"),
            "/var/log/nginx/": f"{folder / 'log'}/",
            "listen 80;": f"listen 127.0.0.1:{port};",
            "listen [::]:80;": "",
            "server 127.0.0.1:8000;": "\n    ".join(f"server 127.0.0.1:{p};" for p in ports),
        },
        "newsroom.conf",
    )
    (checkout / "deploy" / "nginx" / "newsroom.conf").write_text(site)
    media = render((SITE / "media.conf").read_text(), paths, "media.conf")
    (checkout / "deploy" / "nginx" / "media.conf").write_text(media)
    shutil.copy(SITE / "proxy_params.conf", checkout / "deploy" / "nginx")
    temp = folder / "temp"
    main = folder / "nginx.conf"
    main.write_text(
        # As root (CI), workers would run as nobody, who cannot enter the run's private folder.
        ("user root;\n" if os.geteuid() == 0 else "")
        + f"""worker_processes 1;
pid {folder / "nginx.pid"};
error_log {folder / "log" / "error.log"} warn;
events {{ worker_connections 64; }}
http {{
    include {MIME_TYPES};
    default_type application/octet-stream;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    access_log off;
    sendfile on;  # as Debian's /etc/nginx/nginx.conf has them, around the site in production
    tcp_nopush on;
    include {checkout / "deploy" / "nginx" / "newsroom.conf"};
}}
"""
    )
    return main


def check(main: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [NGINX, "-t", "-c", str(main), "-e", str(main.parent / "log" / "error.log")],
        capture_output=True,
        text=True,
    )


class Nginx:
    """nginx in the foreground as a child process, stopped by its process id."""

    def __init__(self, folder: Path, *, port: int, upstream: int | tuple[int, ...]):
        self.port = port
        self.main = lay_out(folder, port=port, upstream=upstream)
        self.root = folder / "srv"
        self.process = None

    def __enter__(self):
        done = check(self.main)
        assert done.returncode == 0, done.stderr
        log = self.main.parent / "log" / "error.log"
        self.process = subprocess.Popen(
            [NGINX, "-c", str(self.main), "-e", str(log), "-g", "daemon off;"],
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            assert self.process.poll() is None, log.read_text()
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/static/", timeout=1)
            except urllib.error.HTTPError:
                return self  # it answers (404: nothing collected here)
            except OSError:
                time.sleep(0.05)  # a process starting: poll until the deadline
            else:
                return self
        raise AssertionError(f"nginx did not answer within 10 s: {log.read_text()}")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=10)


def main() -> int:
    if not available():
        sys.stderr.write("nginx가 없습니다: apt-get install nginx-light\n")
        return 1
    with tempfile.TemporaryDirectory(prefix="newsroom-nginx-") as folder:
        done = check(lay_out(Path(folder), port=8080, upstream=8000))
    sys.stdout.write(done.stdout + done.stderr)
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
