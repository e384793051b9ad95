"""deploy/nginx.py: a real nginx (started here, by the current user, in a temporary folder) in front of the app."""

from __future__ import annotations

import gzip
import os
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from deploy import nginx
from tests import browser


def require_nginx() -> None:
    """Skip (locally) or fail (in CI) without nginx."""
    if Path(nginx.NGINX).exists():
        return
    message = f"nginx not found at {nginx.NGINX} (apt-get install nginx-light)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"the proxy tests cannot run in CI: {message}")
    pytest.skip(message)


@pytest.fixture(scope="module")
def proxy(tmp_path_factory, app_server):
    """nginx on a free port in front of the session's app server; its address."""
    require_nginx()
    port = browser.free_port()
    process = nginx.start_standalone(tmp_path_factory.mktemp("nginx"), port=port,
                                     app=app_server.url.removeprefix("http://"))
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=15)


def get(url: str, **headers: str):
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, dict(response.headers), response.read()


def test_the_configuration_is_one_nginx_accepts(tmp_path):
    require_nginx()
    conf = tmp_path / "nginx.conf"
    conf.write_text(nginx.standalone_config(tmp_path, listen="127.0.0.1:1", app="127.0.0.1:2"), encoding="utf-8")
    checked = subprocess.run([nginx.NGINX, "-t", "-p", str(tmp_path), "-c", str(conf)], capture_output=True,
                             text=True, timeout=30)
    assert checked.returncode == 0, checked.stderr


def test_the_printed_block_names_this_installations_frontend(capsys):
    assert nginx.main(["--listen", "8080", "--app", "127.0.0.1:8600"]) == 0
    printed = capsys.readouterr().out
    assert f"alias {nginx.streamlit_static_dir().as_posix()}/;" in printed
    assert "listen 8080;" in printed and "proxy_pass http://127.0.0.1:8600;" in printed
    assert "client_max_body_size 50m;" in printed  # as server.maxUploadSize in .streamlit/config.toml
    assert 'maxUploadSize = 50' in (browser.ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8")


def test_nginx_serves_streamlits_frontend_compressed_and_passes_the_rest_to_the_app(proxy):
    bundle = next((nginx.streamlit_static_dir() / "js").glob("index.*.js"))
    status, headers, body = get(f"{proxy}/static/js/{bundle.name}", **{"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers.get("Content-Encoding") == "gzip"  # Streamlit never compresses its static answers: nginx's
    assert "immutable" in headers.get("Cache-Control", "")
    assert gzip.decompress(body) == bundle.read_bytes()
    assert get(f"{proxy}/_stcore/health")[2] == b"ok"  # from the app
    status, _, page = get(f"{proxy}/")
    assert status == 200 and b"<div id=\"root\">" in page
    with pytest.raises(urllib.error.HTTPError) as refused:
        get(f"{proxy}/_stcore/metrics")
    refused.value.close()
    assert refused.value.code == 403


@pytest.mark.e2e
def test_a_browser_uses_the_app_through_nginx(chromium, proxy, app_server):
    page = browser.new_page(chromium, proxy)
    compressed: list[str] = []
    page.on("response", lambda response: compressed.append(response.url)
            if "/static/js/" in response.url and response.headers.get("content-encoding") == "gzip" else None)
    try:
        page.goto(f"{proxy}/", wait_until="domcontentloaded", timeout=240_000)
        browser.wait_for_app(page, timeout=240_000)  # the websocket works through the proxy
        page.get_by_role("heading", name="지역 협업 네트워크 탐색기").wait_for(timeout=60_000)
        page.click("[data-testid='stSidebarNav'] a[href*='/coverage']")
        browser.wait_for_app(page)
        page.get_by_role("heading", name="방문 커버리지").wait_for(timeout=60_000)
        assert len(compressed) > 20, compressed  # the frontend came from nginx
        assert browser.exception_boxes(page) == []
    finally:
        page.context.close()
