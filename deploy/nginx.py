"""nginx in front of a shared server: Streamlit's own JavaScript served by nginx, everything else passed on.

A browser that has not been to the app before loads about 130 files (8.6 MB) of Streamlit's frontend before the
first page can start.  Served by the app's Python process, they wait behind the other sessions' pages: with ten
people opening pages at once a new browser's first page took 8–10 s, of which 7–8 s was these files
(``benchmarks/bench_load.py --clients mixed``).  nginx serves them from Streamlit's installed package instead,
compressed and cached for a year (their names carry a hash of their content), refuses Streamlit's
``/_stcore/metrics`` (it answers anyone, without sign-in) and passes everything else — the pages, the websocket,
uploads, downloads, the health check — to the app.  For HTTPS add nginx's ``listen 443 ssl`` and certificate lines
to the block.

Print the ``server`` block for this installation and put it into nginx's configuration (``conf.d``)::

    python deploy/nginx.py --listen 80 --app 127.0.0.1:8501 > /etc/nginx/conf.d/rcn.conf
    nginx -t && nginx -s reload

``--standalone DIR`` prints a whole configuration instead, whose logs, pid and temporary files live in ``DIR``:
nginx started by an unprivileged user without touching the system (the tests and the load test do this)::

    python deploy/nginx.py --listen 8080 --app 127.0.0.1:8501 --standalone /tmp/rcn-nginx > /tmp/rcn-nginx/nginx.conf
    nginx -p /tmp/rcn-nginx -c /tmp/rcn-nginx/nginx.conf -g "daemon off;"

The files served are Streamlit's frontend only (no member data); the address ``/static/`` is the one Streamlit
uses when no ``server.baseUrlPath`` is set.  After upgrading Streamlit, print the block again: the folder is the
installed package's.
"""

from __future__ import annotations

import argparse
import getpass
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

#: Debian's nginx (``/usr/sbin`` is not on an unprivileged user's ``PATH``).
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"

#: What nginx may compress on the way out (Streamlit's own static answers are never compressed by it).
COMPRESSED_TYPES = ("text/css", "application/javascript", "text/javascript", "application/json", "image/svg+xml",
                    "text/plain", "application/wasm")


def streamlit_static_dir() -> Path:
    """The folder Streamlit serves ``/static/`` from: its installed frontend's ``static/static``.

    Examples
    --------
    >>> (streamlit_static_dir() / "js").is_dir()
    True
    """
    import streamlit

    return Path(streamlit.__file__).resolve().parent / "static" / "static"


def server_block(*, listen: str, app: str, static_dir: Path | None = None, max_upload_mb: int = 50) -> str:
    """The nginx ``server`` block (and the ``map`` the websocket needs) for the app at ``app`` (``host:port``).

    ``listen`` is nginx's ``listen`` argument (``80``, ``127.0.0.1:8080``); ``max_upload_mb`` matches
    ``server.maxUploadSize`` in ``.streamlit/config.toml`` (nginx refuses larger bodies before the app sees them).

    Examples
    --------
    >>> block = server_block(listen="8080", app="127.0.0.1:8501", static_dir=Path("/srv/st/static"))
    >>> "alias /srv/st/static/;" in block, "proxy_pass http://127.0.0.1:8501;" in block
    (True, True)
    """
    folder = (static_dir or streamlit_static_dir()).as_posix().rstrip("/")
    types = " ".join(COMPRESSED_TYPES)
    return f"""\
# 지역 협업 네트워크 탐색기 behind nginx (made by deploy/nginx.py)
map $http_upgrade $rcn_connection_upgrade {{
    default upgrade;
    ''      close;
}}

server {{
    listen {listen};
    client_max_body_size {max_upload_mb}m;

    # Streamlit's frontend (JavaScript, styles, fonts): named by content hash, so cached for a year
    location /static/ {{
        alias {folder}/;
        add_header Cache-Control "public, immutable, max-age=31536000";
        gzip on;
        gzip_types {types};
        gzip_min_length 1024;
        gzip_comp_level 5;
        access_log off;
    }}

    # Streamlit's metrics name the app's cached functions and count the sessions, without sign-in
    location = /_stcore/metrics {{
        deny all;
    }}

    # everything else to the app: pages, the websocket, uploads, downloads, the health check
    location / {{
        proxy_pass http://{app};
        proxy_http_version 1.1;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection $rcn_connection_upgrade;
        proxy_set_header Host $http_host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;
        proxy_read_timeout 1d;
        proxy_send_timeout 1d;
        proxy_buffering off;
    }}
}}
"""


def standalone_config(prefix: Path, *, listen: str, app: str, static_dir: Path | None = None) -> str:
    """A whole ``nginx.conf`` that keeps its logs, pid and temporary files in ``prefix``: nginx run by the
    current user (``nginx -p PREFIX -c PREFIX/nginx.conf -g "daemon off;"``), one worker.

    Examples
    --------
    >>> conf = standalone_config(Path("/tmp/x"), listen="127.0.0.1:8080", app="127.0.0.1:8501")
    >>> "pid /tmp/x/nginx.pid;" in conf, "listen 127.0.0.1:8080;" in conf
    (True, True)
    """
    root = prefix.as_posix().rstrip("/")
    # run as root (CI), nginx would hand its worker to `nobody`, who may not read the package or write here
    user = f"user {getpass.getuser()};\n" if hasattr(os, "geteuid") and os.geteuid() == 0 else ""
    block = "\n".join("    " + line if line else line for line in
                      server_block(listen=listen, app=app, static_dir=static_dir).splitlines())
    return f"""\
{user}worker_processes 1;
pid {root}/nginx.pid;
error_log {root}/error.log warn;

events {{
    worker_connections 1024;
}}

http {{
    types {{
        text/html html;
        text/css css;
        application/javascript js mjs;
        application/json json map;
        image/svg+xml svg;
        image/png png;
        image/x-icon ico;
        font/woff2 woff2;
        font/woff woff;
        font/ttf ttf;
        application/wasm wasm;
    }}
    default_type application/octet-stream;
    sendfile on;
    access_log {root}/access.log;
    client_body_temp_path {root}/client_body;
    proxy_temp_path {root}/proxy;
    fastcgi_temp_path {root}/fastcgi;
    uwsgi_temp_path {root}/uwsgi;
    scgi_temp_path {root}/scgi;

{block}
}}
"""


def start_standalone(prefix: Path, *, port: int, app: str, timeout: float = 30.0) -> subprocess.Popen:
    """Write :func:`standalone_config` into ``prefix`` and start nginx on ``127.0.0.1:port`` in front of ``app``;
    return once it accepts connections (stop it with ``terminate()``).  Raises ``FileNotFoundError`` without
    nginx and ``RuntimeError`` when it exits or does not answer (its error log quoted)."""
    prefix.mkdir(parents=True, exist_ok=True)
    conf = prefix / "nginx.conf"
    conf.write_text(standalone_config(prefix, listen=f"127.0.0.1:{port}", app=app), encoding="utf-8")
    process = subprocess.Popen([NGINX, "-p", str(prefix), "-c", str(conf), "-g", "daemon off;"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    process.wait(timeout=10)
    log = prefix / "error.log"
    raise RuntimeError(f"nginx did not start: {log.read_text()[-2000:] if log.exists() else '(no error log)'}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listen", default="80", help="nginx's listen address (default 80)")
    parser.add_argument("--app", default="127.0.0.1:8501", help="where the app answers (default 127.0.0.1:8501)")
    parser.add_argument("--standalone", type=Path, metavar="DIR",
                        help="print a whole configuration keeping its logs and temporary files in DIR")
    args = parser.parse_args(argv)
    if args.standalone is not None:
        sys.stdout.write(standalone_config(args.standalone.resolve(), listen=args.listen, app=args.app))
    else:
        sys.stdout.write(server_block(listen=args.listen, app=args.app))
    return 0


if __name__ == "__main__":
    sys.exit(main())
