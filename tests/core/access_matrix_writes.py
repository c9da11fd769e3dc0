"""The write half of the access matrix: what a real form would send, and who changed what.

The read crawl (``test_access_matrix``) collects every form a page offers to post; each is
filled in as a person would (:func:`fill`) and posted to its URL by every viewer, for
records of every agency. Each attempt runs in a savepoint that is rolled back, and the
database is compared row by row with the demo as built (:class:`Ledger`). Whether a change
was allowed is judged from the data alone (:class:`Oracle`): who owns the row, and which
shares were recorded on it. The policy under test is never asked.
"""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Q
from django.test import Client
from django.urls import Resolver404, resolve
from django.utils import timezone

from tests.factories import signed_in_client
from triangulate.core.models import PersonalData, RecordShare
from triangulate.core.roles import CASEWORK_ROLES
from triangulate.governance.models import BreakGlassGrant
from triangulate.register.models import Person

TEXT = "Synthetic text written by the access matrix"

# ---------------------------------------------------------------------------------------
# Forms as the page offers them


@dataclass
class PostForm:
    """One form on a page that posts, with the fields a browser would send."""

    action: str
    fields: list = field(default_factory=list)  # (tag, type, name, value, checked)
    buttons: list = field(default_factory=list)  # (name, value) of named submit buttons


class _Forms(HTMLParser):
    def __init__(self, page_path: str):
        super().__init__(convert_charrefs=True)
        self.page_path = page_path
        self.forms: list[PostForm] = []
        self._form: PostForm | None = None
        self._select: list | None = None
        self._textarea: list | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            if (attrs.get("method") or "get").lower() == "post":
                action = urlsplit(attrs.get("action") or self.page_path).path or self.page_path
                self._form = PostForm(action=action)
            return
        form = self._form
        if tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            if "selected" in attrs:
                self._select[1] = value
            if value and "disabled" not in attrs and self._select[2] is None:
                self._select[2] = value
            return
        if form is None or "name" not in attrs or "disabled" in attrs:
            return
        name = attrs["name"]
        if tag in ("input", "button"):
            kind = (attrs.get("type") or ("submit" if tag == "button" else "text")).lower()
            if kind == "submit":
                form.buttons.append((name, attrs.get("value", "")))
            else:
                if attrs.get("inputmode") == "numeric":
                    kind = "number"
                value = attrs.get("value") or ""
                form.fields.append(("input", kind, name, value, "checked" in attrs))
        elif tag == "select":
            self._select = [name, None, None]
        elif tag == "textarea":
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None
        elif tag == "select" and self._select is not None and self._form is not None:
            name, selected, first = self._select
            self._form.fields.append(("select", "", name, selected or first or "", False))
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            name, text = self._textarea
            self._form.fields.append(("textarea", "", name, text.strip(), False))
            self._textarea = None


def post_forms(body: str, page_path: str) -> list[PostForm]:
    parser = _Forms(page_path)
    parser.feed(body)
    return parser.forms


# Boxes a person leaves empty unless they know the answer (each is checked when filled).
_LEFT_EMPTY = ("upn", "handles", "known_as", "middle_names")


def _plausible(name: str, kind: str) -> str:
    """What a practitioner would type into an empty box called ``name``."""
    today = timezone.localdate()
    lowered = name.lower()
    if any(part in lowered for part in _LEFT_EMPTY):
        return ""
    for part, value in (("-day", today.day), ("-month", today.month), ("-year", today.year)):
        if lowered.endswith(part):
            return str(value)
    if lowered.endswith("time") or "_time" in lowered:
        return "00:05"
    if "nhs" in lowered:
        return "9434765919"
    if "postcode" in lowered:
        return "SW1A 1AA"
    if "email" in lowered or kind == "email":
        return "someone@example.org"
    if "phone" in lowered or kind == "tel":
        return "07700 900123"
    if "vehicle" in lowered:
        return "AB12 CDE"
    if kind == "url" or "link" in lowered or "website" in lowered:
        return "https://example.org"
    if kind == "number" or lowered in {"score", "number", "capacity", "weight"}:
        return "1"
    return "Synthetic"


def fill(form: PostForm) -> list[dict]:
    """The bodies a person could post with this form: one per named submit button."""
    data: dict[str, list[str]] = {}
    groups: dict[str, list] = {}
    for tag, kind, name, value, checked in form.fields:
        if kind in ("radio", "checkbox"):
            groups.setdefault(name, []).append((kind, value, checked))
        elif kind == "file":
            continue
        elif tag == "textarea":
            # A correction changes what is there (structured text is kept as it is); an empty
            # box gets a few words.
            if value and value[0] not in "{[":
                value = f"{value} Corrected."
            data.setdefault(name, []).append(value or TEXT)
        elif kind == "hidden" or value:
            data.setdefault(name, []).append(value)
        else:
            data.setdefault(name, []).append(_plausible(name, kind))
    for name, options in groups.items():
        # What is ticked already; else the first radio, or every box (some ask for two).
        chosen = [value for _kind, value, checked in options if checked]
        if not chosen:
            radio = options[0][0] == "radio"
            chosen = [options[0][1]] if radio else [value for _kind, value, _ in options]
        data[name] = chosen
    bodies = [dict(data, **{name: [value]}) for name, value in form.buttons] or [data]
    return [{k: v[0] if len(v) == 1 else v for k, v in body.items()} for body in bodies]


def route_name(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


# ---------------------------------------------------------------------------------------
# Who changed what

# Rows any request may write: the audit log (refusals and views are audited), sessions and
# the sign-in second step, and queued background work.
NEUTRAL_TABLES = {
    "core_auditentry",
    "core_audithead",
    "core_auditcheckpoint",
    "django_session",
    "otp_totp_totpdevice",
    "otp_static_staticdevice",
    "otp_static_statictoken",
}
_WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)


def _models_by_table():
    return {m._meta.db_table: m for m in apps.get_models(include_auto_created=True)}


def _rows(model) -> dict:
    names = [f.attname for f in model._meta.concrete_fields]
    return {row[0]: row for row in model._default_manager.values_list("pk", *names)}


@dataclass
class Change:
    model: type
    pk: object
    kind: str  # "new", "changed" or "deleted"
    row: tuple  # the row as it was (as it is now, for a new one)
    after: tuple = ()  # the row as it is now, for a changed one

    def _names(self):
        return ["pk", *(f.attname for f in self.model._meta.concrete_fields)]

    def value(self, attname: str):
        return self.row[self._names().index(attname)]

    def moved(self) -> list | None:
        """For a changed row whose only change is which person it belongs to: the (person
        before, person after) pairs; None when anything else changed."""
        people = {
            f.attname
            for f in self.model._meta.concrete_fields
            if f.many_to_one and f.related_model._meta.label == "register.Person"
        }
        pairs = []
        for name, old, new in zip(self._names(), self.row, self.after, strict=True):
            if old == new:
                continue
            if name not in people:
                return None
            pairs.append((old, new))
        return pairs


class Ledger:
    """The demo as built, and what one attempt changed in it.

    Tables are watched through the SQL the attempt sends; only tables it wrote to are read
    again and compared with the rows they held before.
    """

    def __init__(self):
        self.tables = _models_by_table()
        self.before = {
            table: _rows(model)
            for table, model in self.tables.items()
            if table not in NEUTRAL_TABLES
        }
        self.written: set[str] = set()

    def __call__(self, execute, sql, params, many, context):
        match = _WRITE.match(sql)
        if match and match[1] not in NEUTRAL_TABLES:
            self.written.add(match[1])
        return execute(sql, params, many, context)

    def watch(self):
        return connection.execute_wrapper(self)

    def changes(self) -> list[Change]:
        found = []
        for table in sorted(self.written):
            model = self.tables.get(table)
            if model is None:
                continue
            before, after = self.before[table], _rows(model)
            for pk, row in after.items():
                if pk not in before:
                    found.append(Change(model, pk, "new", row))
                elif before[pk] != row:
                    found.append(Change(model, pk, "changed", before[pk], row))
            found.extend(
                Change(model, pk, "deleted", row) for pk, row in before.items() if pk not in after
            )
        return found


# ---------------------------------------------------------------------------------------
# Whether a change was allowed, from the data alone


# Rows that only ask a child's own agency to look again, raised by domain events from any
# agency's work (an interview's findings, a new contact): they change nothing of the record.
NOTICES = {"risk.ReviewPrompt", "meetings.AgendaPrompt"}
# Records any agency hands to the agency that receives them, which owns them from then on: a
# concern raised to the front door, intelligence submitted to the police with the vehicles,
# phones and links it names. Only new ones, and only about what the user may see.
REFERRALS = {
    "frontdoor.Contact",
    "intelligence.IntelligenceItem",
    "intelligence.Vehicle",
    "intelligence.Phone",
    "intelligence.Link",
}


class Oracle:
    """Judges a change from who owns each row and the shares recorded on it.

    A record may be changed by its owning agency and by an agency holding a live share on it
    that permits change. A new record may be made by a user's own agency about records that
    agency may see (its own, or shared with it), or hang off a record it may change. Only
    people whose work is with children write personal data; someone not signed in writes
    only through the public forms.
    """

    def __init__(self, existing: dict):
        self.existing = existing  # model -> the primary keys the demo was built with
        now = timezone.now()
        live = RecordShare.objects.filter(revoked_at__isnull=True).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now)
        )
        self.shared = {
            (s.content_type_id, s.object_id, s.shared_with_id): s.permits_change for s in live
        }
        self.glass = {
            (g.user_id, g.content_type_id, g.object_id)
            for g in BreakGlassGrant.objects.filter(expires_at__gt=now)
        }
        self.owners: dict = {}

    def _owner(self, model, pk):
        """Who owns a record now (a row new in this attempt is never remembered)."""
        key = (model, pk)
        if key in self.owners:
            return self.owners[key]
        owner = (
            model._default_manager.filter(pk=pk).values_list("owning_agency_id", flat=True).first()
        )
        if pk in self.existing.get(model, ()):
            self.owners[key] = owner
        return owner

    def _ct(self, model):
        return ContentType.objects.get_for_model(model, for_concrete_model=False).pk

    def may_see(self, user, model, pk, owner) -> bool:
        ct = self._ct(model)
        return (
            owner == user.agency_id
            or (ct, pk, user.agency_id) in self.shared
            or (user.pk, ct, pk) in self.glass
        )

    def may_change(self, user, model, pk, owner) -> bool:
        return owner == user.agency_id or self.shared.get(
            (self._ct(model), pk, user.agency_id), False
        )

    def _parents(self, change: Change):
        """The personal-data records a new row hangs off: (model, pk, owner)."""
        for f in change.model._meta.concrete_fields:
            if not (f.many_to_one and issubclass(f.related_model, PersonalData)):
                continue
            pk = change.value(f.attname)
            if pk is not None:
                yield f.related_model, pk, self._owner(f.related_model, pk)

    def unauthorised(self, user, public: bool, change: Change) -> str | None:
        """Why ``change`` by ``user`` was not theirs to make, or None."""
        if user is None:
            return None if public else "written by someone not signed in"
        if not issubclass(change.model, PersonalData):
            return None
        if not (set(user.role_codes) & CASEWORK_ROLES) and not public:
            return "personal data written by a role that does no work with children"
        owner = change.value("owning_agency_id")
        if change.kind != "new":
            if self.may_change(user, change.model, change.pk, owner):
                return None
            if self._follows_a_merge(user, change):
                return None
            return f"changed a record of agency {owner} not shared with theirs to change"
        parents = list(self._parents(change))
        label = change.model._meta.label
        if label in NOTICES and all(o == owner for _m, _pk, o in parents):
            return None  # a prompt to the child's own agency
        if label in REFERRALS and all(
            pk not in self.existing.get(m, ()) or self.may_see(user, m, pk, o)
            for m, pk, o in parents
        ):
            return None  # handed over, naming only what is new or theirs to see
        if any(self.may_change(user, m, pk, o) for m, pk, o in parents):
            return None  # work on a record of theirs (a task, an interview's findings)
        for model, pk, parent_owner in parents:
            if not self.may_see(user, model, pk, parent_owner):
                return f"new record about a {model._meta.label} {pk} they may not see"
        if owner == user.agency_id:
            return None
        return f"new record owned by agency {owner}, not hanging off one of theirs"

    def _follows_a_merge(self, user, change) -> bool:
        """A record that only moved from one person to another, both of whom the user may
        change (two register entries they merged or unmerged)."""
        moved = change.moved()
        return bool(moved) and all(
            self.may_change(user, Person, pk, self._owner(Person, pk))
            for pair in moved
            for pk in pair
            if pk is not None
        )


# ---------------------------------------------------------------------------------------
# The attack


def collect_forms(forms: dict, body: str, page_path: str) -> None:
    """Keep each distinct form a page offers (by where it posts and what it carries)."""
    for form in post_forms(body, page_path):
        shape = tuple(
            (name, value if kind == "hidden" else "")
            for _tag, kind, name, value, _ in form.fields
            if name != "csrfmiddlewaretoken"
        )
        forms.setdefault((form.action, shape, tuple(form.buttons)), form)


def accepts_post(view) -> bool:
    """Whether a view reads a posted body (its source asks for POST)."""
    try:
        source = inspect.getsource(inspect.unwrap(view))
    except (OSError, TypeError):
        return False
    return "POST" in source or "request.method" in source


def _today(prefix: str) -> dict:
    today = timezone.localdate()
    return {
        f"{prefix}-day": today.day,
        f"{prefix}-month": today.month,
        f"{prefix}-year": today.year,
    }


# Routes whose form no page of the demo offers (the demo holds no record in the state that
# shows it): what a person would post, sent to the route's records of every agency.
BODIES = {
    "frontdoor:contribute": {"summary": TEXT, "lawful_basis": "safeguarding", "record": ""},
    "frontdoor:agree": {},
    "frontdoor:amend": {"outcome": "nfa", "need_level": "1", "why": TEXT, "version": "1"},
    "casework:complete_task": {},
    "partnership:milestone_done": {},
    "partnership:action_sign_off": {"version": "1"},
    "risk:assessment_edit": {
        "judged_level": "high",
        "rationale": TEXT,
        "action": "finalise",
        "version": "1",
    },
    "missing:episode": {"form": "risk", "police_risk": "high", "reason": TEXT, "version": "1"},
    "missing:police_task": {"findings": TEXT},
    "meetings:meeting": {"form": "attendance", "name": TEXT, "role": TEXT, "status": "present"},
    "meetings:close": {"confirmed": "yes", "version": "1"},
    "meetings:item": {"discussion": TEXT, "decision": TEXT, "version": "1"},
    "meetings:item_remove": {"reason": TEXT},
    "meetings:item_move": {"direction": "up"},
    "performance:pack": {"version": "1"},
    "linkage:extract_mapping": {},
    "linkage:extract_delete": {},
    "linkage:pair_reopen": {"reason": TEXT},
    "linkage:review_group": {"pair": "0"},
    "linkage:merge_undo": {"reason": TEXT},
    "governance:approve": {"decision": "approve", "reason": TEXT},
    "casework:transfer": {"reason": TEXT, "handover": TEXT, "version": "1"},
    "casework:closure_sign_off": {"reason": TEXT},
    "casework:closure_return": {"reason": TEXT},
    "casework:document_withdraw": {"reason": TEXT},
    "casework:document_share": {"agency": "2", "purpose": TEXT},
    "casework:documents": {"title": TEXT},
    # A place's referral to the licensing authority, an analyst task's outcome and the
    # licensing authority's decision (each form shown only to those who may use it).
    "intelligence:place": {
        **_today("referred_on"),
        "licence_number": "PL/0001",
        "what_referred": TEXT,
        "referred_by": TEXT,
    },
    "intelligence:task": {"outcome": TEXT, **_today("completed_on"), "version": "1"},
    "intelligence:licensing": {"outcome": "no_action", **_today("outcome_on"), "version": "1"},
    # A peer group's contextual assessment (its forms are shown only to the group's agency)
    # and a new group.
    "intelligence:group": {
        "form": "assess",
        **_today("assessed_on"),
        "unsafe": TEXT,
        "actions": TEXT,
        "owner_agency": "1",
        "owner_name": TEXT,
        "review_on-day": "1",
        "review_on-month": "1",
        "review_on-year": str(timezone.localdate().year + 1),
        "version": "1",
    },
    "intelligence:group_new": {"name": TEXT, "kind": "peer", "summary": TEXT},
    # Destroying what the retention schedule makes due (the demo's schedule makes nothing
    # due, so its page offers no form).
    "governance:retention_due": {"confirm": "on"},
}

# Routes that take a POST the attack leaves out, and why.
NOT_ATTACKED = {
    # Signing out ends the attacker's own session and changes no record.
    "core:sign_out": "ends the session",
    # The second sign-in step changes only the signed-in person's own authenticator.
    "governance:verify": "second sign-in step",
    "governance:enrol": "second sign-in step",
}
# Each route is attacked on this many of its records (spread across the records the read
# crawl opened, which are of every agency): enough to meet shared and unshared records, few
# enough to keep the suite quick.
PATHS_PER_ROUTE = 2


@dataclass
class Result:
    targets: int = 0
    routes: int = 0
    viewers: int = 0
    posts: int = 0
    allowed: int = 0
    unknown: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    unauthorised: list = field(default_factory=list)
    silent: list = field(default_factory=list)

    def figures(self) -> str:
        return (
            f"write attack: {self.targets} forms on {self.routes} routes x {self.viewers} "
            f"viewers = {self.posts} posts; {self.allowed} changed records as allowed; "
            f"unauthorised writes: {len(self.unauthorised)}; server errors: {len(self.errors)}; "
            f"routes no viewer wrote through: {len(self.silent)} {self.silent}"
        )


def _post(ledger, client, path, body, judge):
    """Post in a savepoint that is rolled back, judging what changed before the rollback;
    the client's cookies are put back after."""
    cookies = {key: morsel.value for key, morsel in client.cookies.items()}
    ledger.written = set()
    with transaction.atomic():
        response = client.post(path, body)
        verdicts = [] if connection.needs_rollback else [judge(c) for c in ledger.changes()]
        transaction.set_rollback(True)
    client.cookies.clear()
    for key, value in cookies.items():
        client.cookies[key] = value
    return response, verdicts


def _spaced(paths: list, count: int) -> list:
    """``count`` of ``paths``, spread from the first to the last."""
    paths = sorted(set(paths), key=lambda p: [int(n) for n in re.findall(r"\d+", p)] or [0])
    if len(paths) <= count:
        return paths
    step = (len(paths) - 1) / (count - 1)
    return [paths[round(i * step)] for i in range(count)]


def _targets(views: dict, forms: dict, paths: dict) -> list:
    """(route, public, path, body) for every form the pages offered and every rule."""
    by_route: dict = {}
    for form in forms.values():
        name = route_name(form.action)
        if name is not None and name not in NOT_ATTACKED:
            by_route.setdefault(name, []).append(form)
    targets = []
    for name, offered in by_route.items():
        public = getattr(views[name], "login_exempt", False)
        chosen = set(_spaced([form.action for form in offered], PATHS_PER_ROUTE))
        for form in offered:
            if form.action in chosen:
                targets.extend((name, public, form.action, body) for body in fill(form))
    for name, body in BODIES.items():
        if name not in by_route:
            for path in _spaced(paths.get(name, []), PATHS_PER_ROUTE):
                targets.append((name, False, path, body))
    return targets


def attack(routes, forms: dict, paths: dict, viewers: list) -> Result:
    """Post every target as every viewer; ``paths`` are the URLs the read crawl opened."""
    views = {name: view for name, _route, _params, view in routes}
    targets = _targets(views, forms, paths)
    attacked = {name for name, *_ in targets} | set(BODIES)
    result = Result(targets=len(targets), routes=len(attacked), viewers=len(viewers))
    result.unknown = sorted(
        name
        for name, view in views.items()
        if accepts_post(view) and name not in attacked and name not in NOT_ATTACKED
    )
    # One viewer for each agency and set of roles (two practitioners of one team attack alike).
    viewers = list(
        {(u and u.agency_id, u and u.role_codes): u for u in reversed(viewers)}.values()
    )[::-1]
    result.viewers = len(viewers)
    ledger = Ledger()
    oracle = Oracle({ledger.tables[t]: rows.keys() for t, rows in ledger.before.items()})
    wrote = set()
    with ledger.watch():
        for user in viewers:
            client = Client(raise_request_exception=False)
            if user is not None:
                signed_in_client(user, client)
            who = user.username if user else "anonymous"
            for name, public, path, body in targets:

                def judge(change, user=user, public=public):
                    return change, oracle.unauthorised(user, public, change)

                response, verdicts = _post(ledger, client, path, body, judge)
                result.posts += 1
                if response.status_code >= 500:
                    result.errors.append((who, path, body, response.status_code))
                for change, why in verdicts:
                    if why is None:
                        result.allowed += 1
                        wrote.add(name)
                    else:
                        result.unauthorised.append(
                            (who, path, change.model._meta.label, change.pk, change.kind, why)
                        )
    result.silent = sorted(attacked - wrote)
    return result
