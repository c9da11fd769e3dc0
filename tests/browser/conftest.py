"""Browser tests: real Chromium (Debian's package) driven by Playwright, axe on every page.

Nothing here downloads a browser: the executable comes from CHROMIUM (default
/usr/bin/chromium). Each test gets a live server on a free port and a fresh browser context.
"""

from __future__ import annotations

import os

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

from tests.conftest import PASSWORD
from tests.factories import current_code

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """On SQLite, a database file set up as a deployment sets it up, not the unit tests'
    shared in-memory database: there, a page that writes (every request saves the session)
    while a background import or linkage run is writing fails at once with "database table
    is locked", where a real server waits for the other transaction to end."""
    from django.conf import settings

    from triangulate.config.settings.base import SQLITE_OPTIONS

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        folder = tmp_path_factory.mktemp("database")
        # Changed in place: the connection already holds these dictionaries.
        database["TEST"]["NAME"] = str(folder / "browser.sqlite3")
        database["OPTIONS"].update(SQLITE_OPTIONS)


@pytest.fixture(scope="session")
def live_server(django_db_setup, live_server):
    """pytest-django's live server, started once the test database exists: started before,
    it would take the database for in-memory and hand its test thread's connection to every
    request, which then close it under each other."""
    return live_server


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # themselves (fixtures, assertions) are still synchronous and safe here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    executable = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    if not os.path.exists(executable):
        pytest.fail(f"Chromium not found at {executable}; install Debian's chromium package")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


class AccessiblePage:
    """A page wrapper that runs axe after every navigation the test asks it to check."""

    def __init__(self, page, base_url: str):
        self.page = page
        self.base_url = base_url
        self.axe = Axe()
        self.checked: list[str] = []

    def goto(self, path: str):
        self.page.goto(self.base_url + path)
        self.check()
        return self.page

    def check(self):
        # A click that navigates returns before the next page is parsed: axe must judge the
        # page the user lands on, not the blank document in between. Every page has a main
        # landmark and a level-one heading, so wait for both (a page without them still
        # fails, on the wait or on axe).
        self.page.wait_for_load_state()
        self.page.locator("main h1").first.wait_for(state="attached")
        results = self.axe.run(self.page)
        assert results.violations_count == 0, (
            f"axe violations on {self.page.url}:\n{results.generate_report()}"
        )
        self.checked.append(self.page.url)

    def sign_in(self, username: str, password: str = PASSWORD):
        self.goto("/sign-in")
        self.page.get_by_label("Username").fill(username)
        self.page.get_by_label("Password", exact=True).fill(password)
        self.page.get_by_role("button", name="Sign in").click()
        self.page.wait_for_load_state()
        self.check()
        if "/account/second-step" in self.page.url:
            from triangulate.core.models import User

            user = User.objects.get(username=username)
            self.page.get_by_label("Security code").fill(current_code(user))
            self.page.get_by_role("button", name="Continue").click()
            self.page.wait_for_load_state()
            self.check()


@pytest.fixture
def app(browser, live_server, transactional_db):
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    console_errors: list[str] = []
    broken_assets: list[str] = []

    def on_console(msg):
        # A page answered with 400/403/404 on purpose is reported as a failed load; broken
        # assets are caught separately below, by their responses.
        if msg.type == "error" and not msg.text.startswith("Failed to load resource"):
            console_errors.append(msg.text)

    def on_response(response):
        if response.status >= 400 and response.request.resource_type != "document":
            broken_assets.append(f"{response.status} {response.url}")

    page.on("console", on_console)
    page.on("response", on_response)
    yield AccessiblePage(page, live_server.url)
    context.close()
    assert not console_errors, f"browser console errors: {console_errors}"
    assert not broken_assets, f"assets failed to load: {broken_assets}"


@pytest.fixture
def background_worker(live_server, transactional_db):
    """A background worker beside the live server, as `make run` starts one: it runs queued
    linkage runs and large imports in a thread of its own, with its own connection."""
    import threading

    from django.db import connections
    from django_tasks_db.management.commands.db_worker import Worker

    from triangulate.core.background import Heartbeat

    worker = Worker(
        queue_names=["*"],
        interval=0.2,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="browser-suite-worker",
        excluded_queue_names=[],
    )
    heartbeat = Heartbeat(worker.worker_id, interval=1)

    def run():
        try:
            worker.run()
        finally:
            connections.close_all()

    heartbeat.start()
    thread = threading.Thread(target=run, name="background-worker", daemon=True)
    thread.start()
    yield worker
    worker.running = False
    thread.join(timeout=60)
    heartbeat.stop()
