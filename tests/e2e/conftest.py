"""A real Passend server with demo data, and headless Debian Chromium driven by Playwright.

The server runs as its own process on its own database — a SQLite file, or a separate
PostgreSQL database when the suite runs against PostgreSQL — exactly as ``make run`` starts it.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DEMO_PASSWORD = "Passend-demo-2026!"


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("PASSEND_REQUIRE_BROWSER"):
        raise pytest.UsageError(f"browser tests required but {CHROMIUM} is missing")
    skip = pytest.mark.skip(reason=f"{CHROMIUM} not installed (apt-get install chromium)")
    for item in items:
        if "e2e" in item.keywords:
            item.add_marker(skip)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def e2e_database(tmp: Path):
    """A database URL of its own for the server, and a function that removes it afterwards."""
    url = os.environ.get("PASSEND_DATABASE_URL", "")
    if not url.startswith("postgres"):
        return f"sqlite:///{tmp / 'e2e.sqlite3'}", lambda: None
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/") + "_e2e"
    admin = urlunparse(parsed._replace(path="/postgres"))

    def run(statement: str) -> None:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(statement)

    run(f'DROP DATABASE IF EXISTS "{name}"')
    run(f'CREATE DATABASE "{name}"')
    return urlunparse(parsed._replace(path=f"/{name}")), lambda: run(
        f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'
    )


@pytest.fixture(scope="session")
def live_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("e2e")
    database_url, drop_database = e2e_database(tmp)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "passend.settings.dev",
        "PASSEND_DATABASE_URL": database_url,
        "PASSEND_HOME": str(tmp),
    }
    passend = [sys.executable, "-m", "passend"]
    for command in (
        ["migrate", "--no-input"],
        ["load_reference_data"],
        ["load_demo_data", "--measures", "600"],
    ):
        subprocess.run([*passend, *command], env=env, check=True, capture_output=True)
    port = free_port()
    server = subprocess.Popen(
        [*passend, "runserver", "--noreload", f"127.0.0.1:{port}"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=1)  # noqa: S310 (loopback)
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("the server did not start")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)
        drop_database()
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def sign_in(browser, live_site):
    """Open a fresh browser context signed in as a demo user; returns the page."""
    contexts = []

    def open_as(username: str):
        context = browser.new_context()
        contexts.append(context)
        page = context.new_page()
        page.goto(f"{live_site}/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", DEMO_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_site}/")
        return page

    yield open_as
    for context in contexts:
        context.close()
