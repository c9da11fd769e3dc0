"""Locust scenarios for the real mix of work at a borough's partnership (see bench/load.py).

Each simulated person signs in once as their own account (password, then the code from their
authenticator app), then works with 1–5 seconds between pages. The server is the production
server behind where a TLS proxy would be: every request says ``X-Forwarded-Proto: https``,
and the session cookies (marked secure) are sent by hand.
"""

from __future__ import annotations

import itertools
import os
import random
import re

from locust import HttpUser, between, task

PASSWORD = os.environ.get("LOAD_PASSWORD", "kingsmere-demo-2026")
TOTP_KEY = bytes.fromhex(os.environ["LOAD_TOTP_KEY"])
_numbers = itertools.count()


def totp(key: bytes) -> str:
    """The code the account's authenticator app shows now (as django-otp checks it)."""
    # Imported here: Locust's gevent patching must come before anything of Django's.
    from django_otp.oath import totp as oath_totp

    return str(oath_totp(key)).zfill(6)


def csrf_token(page: str) -> str | None:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    return found.group(1) if found else None


class Person(HttpUser):
    abstract = True
    wait_time = between(1, 5)
    account = ""

    def on_start(self):
        self.number = next(_numbers)
        self.origin = "https://" + self.host.split("://", 1)[1]
        page = self.get("/sign-in", name="sign in").text
        self.post(
            "/sign-in",
            {
                "csrfmiddlewaretoken": csrf_token(page),
                "username": f"{self.account}.{self.number}",
                "password": PASSWORD,
            },
            name="sign in",
        )
        page = self.get("/account/second-step", name="sign in").text
        response = self.post(
            "/account/second-step",
            {"csrfmiddlewaretoken": csrf_token(page), "code": totp(TOTP_KEY)},
            name="sign in",
        )
        if response.status_code != 302:
            response.failure(f"second sign-in step answered {response.status_code}")
        self.links: dict[str, list[str]] = {}

    def _headers(self, extra: dict | None = None) -> dict:
        headers = {"X-Forwarded-Proto": "https", **(extra or {})}
        if self.client.cookies:
            headers["Cookie"] = "; ".join(f"{c.name}={c.value}" for c in self.client.cookies)
        return headers

    def get(self, path: str, name: str | None = None):
        with self.client.get(
            path,
            headers=self._headers(),
            name=name or path,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"{path} answered {response.status_code}")
            return response

    def post(self, path: str, data: dict, name: str):
        extra = {"Origin": self.origin, "Referer": self.origin + path}
        with self.client.post(
            path,
            data=data,
            headers=self._headers(extra),
            name=name,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code not in (200, 302):
                response.failure(f"POST {path} answered {response.status_code}")
            return response

    def page_then_one_of(self, path: str, pattern: str, name: str):
        """Open a list, then one of the records it links to (as people do)."""
        listing = self.get(path).text
        found = re.findall(pattern, listing)
        if found:
            self.get(random.choice(found), name=name)


class FrontDoor(Person):
    weight = 3
    account = "sam.frontdoor"

    @task(4)
    def triage_queue_and_a_contact(self):
        self.page_then_one_of("/front-door/", r'href="(/front-door/contacts/\d+)"', "contact")

    @task(1)
    def my_work(self):
        self.get("/my-work")


class Practitioner(Person):
    weight = 4
    account = "alex.practitioner"

    @task(3)
    def my_work_and_a_child(self):
        self.page_then_one_of("/my-work", r'href="(/register/people/\d+)"', "child's page")

    @task(2)
    def cases(self):
        self.page_then_one_of("/cases/", r'href="(/cases/\d+)"', "case")

    @task(1)
    def risk_and_missing(self):
        self.get("/risk/")
        self.get("/missing/")


class Manager(Person):
    weight = 1
    account = "jo.manager"

    @task
    def caseloads_and_oversight(self):
        self.get("/cases/")
        self.get("/cases/oversight")
        self.get("/my-work")


class Police(Person):
    weight = 2
    account = "priya.officer"

    @task(2)
    def intelligence_log(self):
        self.page_then_one_of(
            "/intelligence/", r'href="(/intelligence/items/\d+)"', "intelligence item"
        )

    @task(1)
    def persons_of_concern(self):
        self.get("/intelligence/people/")


class Partnership(Person):
    weight = 1
    account = "helen.partnership"

    @task
    def plan(self):
        self.get("/partnership/")
        self.page_then_one_of("/partnership/plans/", r'href="(/partnership/plans/\d+)"', "plan")


class Public(HttpUser):
    weight = 1
    wait_time = between(1, 5)

    @task
    def concern_form(self):
        with self.client.get(
            "/public/concern", headers={"X-Forwarded-Proto": "https"}, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"answered {response.status_code}")
