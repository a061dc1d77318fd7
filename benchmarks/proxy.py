"""Debian's nginx as a caching reverse proxy, configured by the shipped
``docs/deploy/nginx-salat.conf`` itself with its ports and paths rewritten to
loopback ports and a temporary directory: what ``tests/test_web_proxy.py`` and
``python -m benchmarks.web --proxy`` put in front of two ``salat serve`` processes.

Needs nginx (Debian: ``apt-get install nginx-light``, or ``nginx``).
"""

from __future__ import annotations

import http.client
import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONF = ROOT / "docs" / "deploy" / "nginx-salat.conf"


def free_port() -> int:
    """Return a TCP port free on 127.0.0.1 (bound once, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def site_config(cache: Path, backends: list[int], port: int) -> str:
    """Return the shipped site config on loopback: *port* in front of two *backends*."""
    site = CONF.read_text(encoding="utf-8")
    site = site.replace("/var/cache/nginx/salat", str(cache))
    site = site.replace("127.0.0.1:8001", f"127.0.0.1:{backends[0]}")
    site = site.replace("127.0.0.1:8002", f"127.0.0.1:{backends[1]}")
    site = site.replace("listen 80;", f"listen 127.0.0.1:{port};")
    if str(cache) not in site or f"127.0.0.1:{backends[1]}" not in site \
            or f"listen 127.0.0.1:{port};" not in site:
        raise RuntimeError(f"{CONF} no longer has the cache path, ports or listen rewritten")
    return site


class Proxy:
    """nginx in the foreground with the shipped config, ports and paths rewritten.

    Parameters
    ----------
    tmp : Path
        A directory of its own for the cache, temp files, logs, pid and configs.
    backends : list of int
        The two ``salat serve`` ports on 127.0.0.1.
    """

    def __init__(self, tmp: Path, backends: list[int]):
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        if not os.path.exists(nginx):
            raise RuntimeError("the proxy needs nginx: apt-get install nginx-light")
        self.port = free_port()
        for d in ("cache", "temp", "logs"):
            (tmp / d).mkdir(parents=True, exist_ok=True)
        (tmp / "site.conf").write_text(site_config(tmp / "cache", backends, self.port),
                                       encoding="utf-8")
        temp = tmp / "temp"
        user = "user root;\n" if os.geteuid() == 0 else ""
        (tmp / "nginx.conf").write_text(
            f"{user}daemon off;\nworker_processes 1;\npid {tmp}/nginx.pid;\n"
            f"error_log {tmp}/logs/error.log warn;\nevents {{ worker_connections 256; }}\n"
            f"http {{\n  access_log off;\n  client_body_temp_path {temp}/body;\n"
            f"  proxy_temp_path {temp}/proxy;\n  fastcgi_temp_path {temp}/fastcgi;\n"
            f"  uwsgi_temp_path {temp}/uwsgi;\n  scgi_temp_path {temp}/scgi;\n"
            f"  include {tmp}/site.conf;\n}}\n", encoding="utf-8")
        self.proc = subprocess.Popen([nginx, "-p", str(tmp), "-c", str(tmp / "nginx.conf")],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(self.proc.stderr.read().decode(errors="replace"))
            try:
                if self.get("/health")[0] == 200:
                    return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("nginx did not answer")

    @property
    def base(self) -> str:
        """The proxy's URL, ``http://127.0.0.1:PORT``."""
        return f"http://127.0.0.1:{self.port}"

    def get(self, path: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
        """GET *path* through the proxy: status, lower-cased headers, body."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request("GET", path, headers=headers or {})
            r = conn.getresponse()
            return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
        finally:
            conn.close()

    def stop(self) -> None:
        """Stop nginx gracefully (SIGQUIT), killing it after 20 s."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGQUIT)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc.stderr.close()
