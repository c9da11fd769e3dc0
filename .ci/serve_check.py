"""A client for the production server: sign in as a new user does, then load the core pages.

    python .ci/serve_check.py http://127.0.0.1:8765 USERNAME   (password in
    TRIANGULATE_NEW_PASSWORD, metrics token in METRICS_TOKEN)

The server sits where a TLS proxy would forward to it, so every request says
``X-Forwarded-Proto: https``; cookies are kept by hand because they are marked secure.
"""

from __future__ import annotations

import base64
import html
import os
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

from django_otp.oath import totp

CORE_PAGES = [
    "/",
    "/my-work",
    "/register/",
    "/front-door/",
    "/cases/",
    "/cases/oversight",
    "/risk/",
    "/missing/",
    "/meetings/",
    "/partnership/",
    "/partnership/plans/",
    "/privacy",
]


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    def __init__(self, base: str):
        if not base.startswith(("http://", "https://")):
            fail(f"{base} is not an http or https address")
        self.base = base
        self.origin = "https://" + urllib.parse.urlsplit(base).netloc
        self.cookies: dict[str, str] = {}
        self.opener = urllib.request.build_opener(NoRedirects)

    def request(self, path: str, data: dict | None = None, headers: dict | None = None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        # The address is checked to be http(s) when the browser is made.
        request = urllib.request.Request(self.base + path, data=body)  # noqa: S310
        request.add_header("X-Forwarded-Proto", "https")
        if data is not None:
            request.add_header("Origin", self.origin)
            request.add_header("Referer", self.origin + path)
        if self.cookies:
            request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        try:
            response = self.opener.open(request, timeout=30)
        except urllib.error.HTTPError as error:
            response = error
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, response.headers, response.read().decode("utf-8", "replace")

    def csrf(self, page: str) -> str:
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if not found:
            fail("no CSRF token on the form")
        return found.group(1)


def totp_from_page(secret: str) -> str:
    compact = re.sub(r"\s", "", secret).upper()
    return str(totp(base64.b32decode(compact + "=" * (-len(compact) % 8)))).zfill(6)


def fail(message: str) -> None:
    print(f"FAILED: {message}", file=sys.stderr)
    sys.exit(1)


def wait_until_up(browser: Browser) -> None:
    for _ in range(120):
        try:
            status, _, body = browser.request("/healthz")
        except OSError:
            time.sleep(0.5)
            continue
        if status == 200 and '"database": "ok"' in body:
            return
        time.sleep(0.5)
    fail("the server did not answer /healthz with the database ok within 60 seconds")


def main(base: str, username: str) -> None:
    browser = Browser(base)
    wait_until_up(browser)
    print("   /healthz: ok")

    status, _, page = browser.request("/sign-in")
    if status != 200:
        fail(f"/sign-in answered {status}")
    password = os.environ["TRIANGULATE_NEW_PASSWORD"]
    form = {"csrfmiddlewaretoken": browser.csrf(page), "username": username, "password": password}
    status, headers, _ = browser.request("/sign-in", form)
    if status != 302:
        fail(f"signing in answered {status}, not a redirect")

    status, _, page = browser.request("/account/set-up-authenticator")
    secret = re.search(r'<code class="app-secret">([^<]+)</code>', page)
    if status != 200 or not secret:
        fail(f"the authenticator set-up page answered {status} without a key")
    form = {
        "csrfmiddlewaretoken": browser.csrf(page),
        "code": totp_from_page(html.unescape(secret[1])),
    }
    status, _, page = browser.request("/account/set-up-authenticator", form)
    if status != 200 or "recovery code" not in page.lower():
        fail(f"setting up the authenticator answered {status} without recovery codes")
    print("   signed in and set up an authenticator app")

    for path in CORE_PAGES:
        started = time.perf_counter()
        status, headers, page = browser.request(path)
        took = (time.perf_counter() - started) * 1000
        if status != 200:
            fail(f"{path} answered {status}")
        if "<h1" not in page or "no-store" not in headers.get("Cache-Control", ""):
            fail(f"{path} is not a signed-in page with a heading")
        print(f"   {path}: 200 in {took:.0f} ms")

    stylesheet = re.search(r'href="(/static/[^"]+\.css)"', page)
    if not stylesheet:
        fail("no stylesheet linked from the page")
    status, headers, _ = browser.request(stylesheet[1])
    if status != 200 or not re.search(r"\.[0-9a-f]{12}\.css$", stylesheet[1]):
        fail(f"the stylesheet {stylesheet[1]} answered {status} or is not a hashed name")
    print(f"   {stylesheet[1]}: 200 (collected, hashed name)")

    token = os.environ.get("METRICS_TOKEN", "")
    status, _, body = browser.request("/metrics", headers={"Authorization": f"Bearer {token}"})
    if status != 200 or "django_http_requests_latency_seconds" not in body:
        fail(f"/metrics answered {status} without request latency")
    print("   /metrics: request latency for the scraper with the token")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
