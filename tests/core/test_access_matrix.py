"""The access matrix: every URL, every role, records of every agency.

The demo borough gives records of every agency, shares, meetings, contributions and linkage
review pairs. Every GET route of the URL configuration is requested by a demo user of every
role (and by someone not signed in) for a spread of objects owned by each agency. A page may
show a child's identity (full name or NHS number) only where the access policy lets that
viewer see a record carrying it; no request may answer with a server error. A route that this
test does not know how to fill in fails it, so a new URL cannot arrive without a rule.

The same borough is then attacked with writes (``access_matrix_writes``): every form the
crawled pages offered is posted by every viewer, and no post may change a record beyond the
rights the data gives the user, or answer with a server error.
"""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from tests.core import access_matrix_writes as writes
from tests.factories import signed_in_client
from triangulate.api.models import ApiToken
from triangulate.api.services import token_issue
from triangulate.casework.models import (
    Attachment,
    Case,
    CaseNote,
    ClosureRequest,
    StrategyAction,
    StrategyDiscussion,
    Task,
    Team,
)
from triangulate.core import access
from triangulate.core.identifiers import format_nhs_number
from triangulate.core.models import Agency, RecordShare, User
from triangulate.core.roles import Role
from triangulate.frontdoor.models import Contact, Contribution, NeedLevel, TriageDecision
from triangulate.governance.models import (
    Agreement,
    BreakGlassGrant,
    LegalHold,
    RetentionRule,
    SubjectAccessRequest,
)
from triangulate.intelligence.models import (
    AnalystTask,
    Group,
    IntelligenceItem,
    LicensingReferral,
    NrmReferral,
    PersonOfConcern,
    Place,
    ProblemProfile,
    SanitisedIntelligence,
    Tactic,
)
from triangulate.linkage.models import Extract, LinkageRun, MatchPair, MergeEvent, SourceRecord
from triangulate.meetings.models import AgendaItem, Meeting, MeetingAction
from triangulate.missing.models import (
    MissingEpisode,
    PhilomenaProfile,
    PoliceFindingsTask,
    ReturnInterview,
)
from triangulate.partnership.models import plans as plan_models
from triangulate.partnership.models import recommendations as rec_models
from triangulate.partnership.models import scrutiny as scrutiny_models
from triangulate.partnership.models.learning import AuditFinding, CaseFileAudit
from triangulate.performance.models import BoardPack
from triangulate.register.models import Person, PersonAddress, PersonFlag
from triangulate.risk.models import PlanAction, RiskAssessment, SafetyPlan
from triangulate.support.models import Complaint, Feedback, Referral, SupportService

# The databases are set up for marked tests; the borough below is built once for both.
pytestmark = pytest.mark.django_db

PER_AGENCY = 1


def _routes(resolver=None, prefix="", namespace=""):
    """Every (url name, route string, parameter names, view) in the URL configuration."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}{entry.namespace}:"
            yield from _routes(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            yield f"{namespace}{entry.name}", route, list(entry.pattern.converters), entry.callback


def _spread(queryset, per_agency=PER_AGENCY):
    """A few rows of each owning agency (or the first few rows of a model with no owner)."""
    rows = list(queryset.order_by("id"))
    if not rows or not hasattr(rows[0], "owning_agency_id"):
        return rows[: per_agency * 3]
    seen = defaultdict(int)
    picked = []
    for row in rows:
        if seen[row.owning_agency_id] < per_agency:
            seen[row.owning_agency_id] += 1
            picked.append(row)
    return picked


def _pks(queryset, name="pk"):
    return [{name: row.pk} for row in _spread(queryset)]


def _and_live(queryset, live):
    """A spread by agency, and the records still open to work on (whose pages offer forms)."""
    picked = {row.pk for row in _spread(queryset)}
    latest = {}
    for row in live.order_by("-id"):
        latest.setdefault(row.owning_agency_id, row.pk)
    return [{"pk": pk} for pk in sorted(picked | set(latest.values()))]


def _nested(queryset, outer, inner, outer_attr):
    return [{outer: getattr(row, outer_attr), inner: row.pk} for row in _spread(queryset)]


def _shared_people():
    """Children with records in other apps: the ones whose pages carry the most."""
    ids = set(RiskAssessment.objects.values_list("person_id", flat=True)[:20])
    ids |= set(MissingEpisode.objects.values_list("person_id", flat=True)[:20])
    ids |= set(Contact.objects.exclude(person=None).values_list("person_id", flat=True)[:20])
    return Person.objects.filter(pk__in=ids)


def _people(name):
    rows = _spread(Person.objects.all()) + _spread(_shared_people(), per_agency=3)
    return [{name: row.pk} for row in {r.pk: r for r in rows}.values()]


def _person_pairs():
    people = [row["pk"] for row in _people("pk")]
    return [{"pk": a, "other": b} for a, b in zip(people, people[1:], strict=False)]


# How to fill in each route's parameters. A route missing here fails the test.
def _password_link(user) -> dict:
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    return {
        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    }


SOURCES = {
    "register:person": lambda: _people("pk"),
    "register:access_log": lambda: _people("pk"),
    "register:flags": lambda: _people("pk"),
    "register:flag_remove": lambda: _nested(PersonFlag.objects.all(), "pk", "flag_pk", "person_id"),
    "register:address_label": lambda: _nested(
        PersonAddress.objects.all(), "pk", "address_pk", "person_id"
    ),
    "register:cin_add": lambda: _people("pk"),
    "register:relationship_add": lambda: _people("pk"),
    "frontdoor:contact": lambda: _and_live(
        Contact.objects.all(), Contact.objects.filter(decision__isnull=False)
    ),
    "frontdoor:match": lambda: _pks(Contact.objects.all()),
    "frontdoor:need_level": lambda: _pks(NeedLevel.objects.all()),
    "frontdoor:link": lambda: _pks(Contact.objects.all()),
    "frontdoor:create_person": lambda: _pks(Contact.objects.all()),
    "frontdoor:agree": lambda: _pks(Contact.objects.all()),
    "frontdoor:amend": lambda: _pks(Contact.objects.all()),
    "frontdoor:ask": lambda: _pks(Contact.objects.all()),
    "frontdoor:contribute": lambda: [
        {"pk": c.contact_id} for c in _spread(Contribution.objects.all())
    ],
    "frontdoor:decide": lambda: [
        {"pk": d.contact_id} for d in _spread(TriageDecision.objects.all())
    ],
    "casework:open": lambda: _pks(Contact.objects.all(), "contact_pk"),
    "casework:case": lambda: _and_live(
        Case.objects.all(), Case.objects.filter(tasks__done_at=None).distinct()
    ),
    "casework:allocate": lambda: _pks(Case.objects.all()),
    "casework:team": lambda: _pks(Team.objects.all()),
    "casework:transfer": lambda: _pks(Case.objects.all()),
    "casework:add_task": lambda: _pks(Case.objects.all()),
    "casework:complete_task": lambda: _nested(Task.objects.all(), "pk", "task_pk", "case_id"),
    "casework:status": lambda: _pks(Case.objects.all()),
    "casework:closure_sign_off": lambda: _nested(
        ClosureRequest.objects.all(), "pk", "request_pk", "case_id"
    ),
    "casework:closure_return": lambda: _nested(
        ClosureRequest.objects.all(), "pk", "request_pk", "case_id"
    ),
    "casework:note_new": lambda: _pks(Case.objects.all()),
    "casework:note": lambda: _pks(CaseNote.objects.all()),
    "casework:note_correct": lambda: _pks(CaseNote.objects.all()),
    "casework:note_share": lambda: _pks(CaseNote.objects.all()),
    "casework:note_label": lambda: _pks(CaseNote.objects.all()),
    "casework:note_child_new": lambda: _people("person_pk"),
    "casework:supervision_new": lambda: _pks(Case.objects.all()),
    "casework:chronology": lambda: _people("person_pk"),
    "casework:documents": lambda: _people("person_pk"),
    "casework:document": lambda: _pks(Attachment.objects.all()),
    "casework:document_file": lambda: _pks(Attachment.objects.all()),
    "casework:document_withdraw": lambda: _pks(Attachment.objects.all()),
    "casework:document_share": lambda: _pks(Attachment.objects.all()),
    "casework:chronology_pdf": lambda: _people("person_pk"),
    "casework:chronology_xlsx": lambda: _people("person_pk"),
    "casework:strategy_new": lambda: _pks(Case.objects.all()),
    "casework:strategy_from_contact": lambda: _pks(Contact.objects.all(), "contact_pk"),
    "casework:strategy": lambda: _pks(StrategyDiscussion.objects.all()),
    "casework:strategy_action_add": lambda: _pks(StrategyDiscussion.objects.all()),
    "casework:investigation": lambda: _pks(StrategyDiscussion.objects.all()),
    "casework:strategy_action_done": lambda: _pks(StrategyAction.objects.all()),
    "risk:assessment_new": lambda: _people("person_pk"),
    "risk:history": lambda: _people("person_pk"),
    "risk:contribute": lambda: _people("person_pk"),
    "risk:plan_new": lambda: _people("person_pk"),
    "risk:assessment": lambda: _pks(RiskAssessment.objects.all()),
    "risk:assessment_edit": lambda: _pks(RiskAssessment.objects.all()),
    "risk:plan": lambda: _pks(SafetyPlan.objects.all()),
    "risk:action": lambda: _pks(PlanAction.objects.all()),
    "missing:episode_new": lambda: _people("person_pk"),
    "missing:profile_edit": lambda: _people("person_pk"),
    "missing:episode": lambda: _and_live(
        MissingEpisode.objects.all(), MissingEpisode.objects.filter(ended_at=None)
    ),
    "missing:profile_release": lambda: _pks(MissingEpisode.objects.all(), "episode_pk"),
    "missing:police_task": lambda: _pks(PoliceFindingsTask.objects.all()),
    "missing:interview": lambda: _pks(ReturnInterview.objects.all()),
    "missing:profile_photo": lambda: _pks(PhilomenaProfile.objects.all()),
    "intelligence:item": lambda: [
        {"pk": row.pk} for row in _spread(IntelligenceItem.objects.all(), per_agency=6)
    ],
    "intelligence:shared": lambda: [
        {"pk": row.pk} for row in _spread(SanitisedIntelligence.objects.all(), per_agency=3)
    ],
    "intelligence:concern": lambda: _pks(PersonOfConcern.objects.all()),
    "intelligence:place": lambda: _pks(Place.objects.all()),
    "intelligence:task": lambda: _pks(AnalystTask.objects.all()),
    "intelligence:licensing": lambda: _pks(LicensingReferral.objects.all()),
    "intelligence:group": lambda: _pks(Group.objects.all()),
    "intelligence:tactic_new": lambda: _pks(PersonOfConcern.objects.all()),
    "intelligence:tactic": lambda: _pks(Tactic.objects.all()),
    "intelligence:nrm_new": lambda: _people("person_pk"),
    "intelligence:nrm": lambda: _pks(NrmReferral.objects.all()),
    # A problem profile: its page (police edition for the force, partner edition for those it
    # is released to), its narrative form and both PDFs.
    "intelligence:profile": lambda: _pks(ProblemProfile.objects.all()),
    "intelligence:profile_write": lambda: _pks(ProblemProfile.objects.all()),
    "intelligence:profile_police_pdf": lambda: _pks(ProblemProfile.objects.all()),
    "intelligence:profile_partner_pdf": lambda: _pks(ProblemProfile.objects.all()),
    "meetings:meeting": lambda: _and_live(Meeting.objects.all(), Meeting.objects.all()),
    "meetings:close": lambda: _pks(Meeting.objects.all()),
    "meetings:minutes": lambda: _pks(Meeting.objects.all()),
    "meetings:item": lambda: _and_live(AgendaItem.objects.all(), AgendaItem.objects.all()),
    "meetings:item_remove": lambda: _pks(AgendaItem.objects.all()),
    "meetings:item_move": lambda: _pks(AgendaItem.objects.all()),
    "meetings:action": lambda: _pks(MeetingAction.objects.all()),
    "meetings:action_done": lambda: _pks(MeetingAction.objects.all()),
    "linkage:extract": lambda: _pks(Extract.objects.all()),
    "linkage:extract_mapping": lambda: _pks(Extract.objects.all()),
    "linkage:extract_delete": lambda: _pks(Extract.objects.all()),
    "linkage:run": lambda: _pks(LinkageRun.objects.all()),
    "linkage:pair": lambda: _pks(MatchPair.objects.all()),
    "linkage:pair_reopen": lambda: _pks(MatchPair.objects.all()),
    "linkage:person_merge": lambda: _people("pk"),
    "linkage:person_merge_confirm": lambda: _person_pairs(),
    "linkage:merge_undo": lambda: _pks(MergeEvent.objects.all()),
    "partnership:plan": lambda: _pks(plan_models.Plan.objects.all()),
    "partnership:objective_create": lambda: _pks(plan_models.Plan.objects.all()),
    "partnership:action_create": lambda: _pks(plan_models.Plan.objects.all()),
    "partnership:review_create": lambda: _pks(plan_models.Plan.objects.all()),
    "partnership:versions": lambda: _pks(plan_models.Plan.objects.all()),
    "partnership:version": lambda: _pks(plan_models.PlanVersion.objects.all()),
    "partnership:milestone_done": lambda: _pks(plan_models.Milestone.objects.all()),
    "partnership:evidence": lambda: _pks(plan_models.ActionUpdate.objects.all()),
    "partnership:date_move_decide": lambda: _pks(plan_models.DateMoveRequest.objects.all()),
    "partnership:override_decide": lambda: _pks(plan_models.RagOverride.objects.all()),
    "partnership:recommendation": lambda: _pks(rec_models.Recommendation.objects.all()),
    "partnership:source": lambda: _pks(rec_models.Source.objects.all()),
    "partnership:recommendation_create": lambda: _pks(rec_models.Source.objects.all()),
    "partnership:recommendations_import": lambda: _pks(rec_models.Source.objects.all()),
    "partnership:question_assign": lambda: _pks(scrutiny_models.Question.objects.all()),
    "partnership:question_respond": lambda: _pks(scrutiny_models.Question.objects.all()),
    "partnership:answer_record": lambda: _pks(scrutiny_models.Question.objects.all()),
    "partnership:follow_up_to_agenda": lambda: _nested(
        scrutiny_models.Resolution.objects.all(), "pk", "resolution_pk", "meeting_id"
    ),
    "partnership:audit": lambda: _pks(CaseFileAudit.objects.all()),
    "partnership:audit_case_add": lambda: _pks(CaseFileAudit.objects.all()),
    "partnership:finding_add": lambda: _pks(CaseFileAudit.objects.all()),
    "partnership:finding_to_action": lambda: _pks(AuditFinding.objects.all()),
    "public_plans:plan": lambda: _pks(plan_models.Plan.objects.all()),
    "public_plans:pdf": lambda: _pks(plan_models.Plan.objects.all()),
    "governance:two_factor_reset": lambda: _pks(User.objects.filter(is_demo_account=True)),
    "governance:account": lambda: _pks(User.objects.filter(is_demo_account=True)),
    "governance:member_ward": lambda: _pks(User.objects.filter(is_demo_account=True)),
    "governance:agency": lambda: _pks(Agency.objects.all()),
    # A live link to choose a password, for one demo account (it opens no record).
    "governance:set_password": lambda: [_password_link(User.objects.order_by("pk").first())],
    "governance:agreement": lambda: _pks(Agreement.objects.all()),
    "governance:approve": lambda: _pks(RecordShare.objects.all()),
    "governance:break_glass": lambda: _people("pk"),
    "governance:break_glass_review": lambda: _pks(BreakGlassGrant.objects.all()),
    "governance:decision_new": lambda: _people("pk"),
    "governance:subject_access": lambda: _pks(SubjectAccessRequest.objects.all()),
    "governance:subject_access_pdf": lambda: _pks(SubjectAccessRequest.objects.all()),
    "governance:retention_rule": lambda: _pks(RetentionRule.objects.all()),
    "governance:legal_hold": lambda: _pks(LegalHold.objects.all()),
    # One measure for each kind of record behind a figure: cases, contacts, episodes,
    # children, training completions.
    "performance:measure": lambda: [{"slug": "assessments-up-to-date"}],
    "performance:pack": lambda: _pks(BoardPack.objects.all()),
    "performance:pack_pdf": lambda: _pks(BoardPack.objects.all()),
    "public_performance:report": lambda: _pks(BoardPack.objects.all()),
    "public_performance:csv": lambda: _pks(BoardPack.objects.all()),
    "public_performance:pdf": lambda: _pks(BoardPack.objects.all()),
    "performance:records": lambda: [
        {"slug": slug, "year": timezone.localdate().year, "month": timezone.localdate().month}
        for slug in _PERFORMANCE_DRILLS
    ],
    "support:service": lambda: _pks(SupportService.objects.all()),
    "support:service_edit": lambda: _pks(SupportService.objects.all()),
    "support:refer": lambda: _people("person_pk"),
    "support:feedback": lambda: _pks(Feedback.objects.all()),
    "support:complaint": lambda: _pks(Complaint.objects.all()),
    "support:complaint_identity": lambda: _pks(Complaint.objects.all()),
    "support:referral": lambda: [
        {"pk": row.pk} for row in _spread(Referral.objects.all(), per_agency=4)
    ],
    # The API, requested with a token issued to each viewer (the same rules as the pages).
    "api:person": lambda: _people("person_id"),
    "api:intelligence_item": lambda: [
        {"item_id": row.pk} for row in _spread(IntelligenceItem.objects.all(), per_agency=6)
    ],
    "api:intelligence_shared": lambda: [
        {"shared_id": row.pk} for row in _spread(SanitisedIntelligence.objects.all(), per_agency=3)
    ],
    "api:figures_report": lambda: _pks(BoardPack.objects.all(), "report_id"),
    "api:token_revoke": lambda: _pks(ApiToken.objects.all()),
}
_PERFORMANCE_DRILLS = (
    "assessments-up-to-date",
    "contacts",
    "missing-episodes",
    "children-at-risk",
    "training-completions",
)
# Partnership routes whose only parameter is a plan action or a scrutiny meeting.
for _name in (
    "action",
    "action_edit",
    "action_update",
    "action_date",
    "action_milestone",
    "action_completion",
    "action_sign_off",
    "action_override",
    "action_move",
):
    SOURCES[f"partnership:{_name}"] = lambda: _pks(plan_models.Action.objects.all())
for _name in (
    "meeting",
    "agenda_item_add",
    "question_draft",
    "questions_send",
    "resolution_add",
    "minutes_pdf",
):
    SOURCES[f"partnership:{_name}"] = lambda: _pks(scrutiny_models.Meeting.objects.all())


def _markers(name_pairs, nhs_numbers):
    found = set()
    for given, family in name_pairs:
        if given and family and len(given) > 1 and len(family) > 1:
            found.add(f"{given} {family}")
    for number in nhs_numbers:
        if number:
            found.add(number)
            found.add(format_nhs_number(number))
    return found


def _identity_markers(queryset_by_model):
    people, records, contacts = queryset_by_model
    return (
        _markers(people.values_list("given_name", "family_name"), [])
        | _markers([], people.values_list("nhs_number", flat=True))
        | _markers(records.values_list("first_name", "last_name"), [])
        | _markers([], records.values_list("nhs_number", flat=True))
        | _markers(contacts.values_list("child_given_name", "child_family_name"), [])
        | _markers([], contacts.values_list("child_nhs_number", flat=True))
    )


def _person_paths(model):
    """How a record names its child: its own person, or its parent's (a plan's action)."""
    fields = {f.name: f for f in model._meta.concrete_fields if f.is_relation and f.many_to_one}
    if "person" in fields and fields["person"].related_model is Person:
        return ["person_id"]
    paths = []
    for name, field in fields.items():
        parent = {f.name: f for f in field.related_model._meta.concrete_fields}
        if "person" in parent and getattr(parent["person"], "related_model", None) is Person:
            paths.append(f"{name}__person_id")
    return paths


def _people_behind_visible_records(user):
    ids = set()
    for model in apps.get_models():
        if model is Person or not access.is_personal_data_model(model):
            continue
        for path in _person_paths(model):
            ids.update(access.visible(user, model).values_list(path, flat=True))
    ids.discard(None)
    return ids


def _allowed_and_forbidden(user):
    """Identity markers this viewer may see, and those of records the policy keeps from them."""
    models = (Person, SourceRecord, Contact)
    visible = tuple(access.visible(user, m) for m in models)
    hidden = tuple(
        m.objects.exclude(pk__in=v.values("pk")) for m, v in zip(models, visible, strict=True)
    )
    allowed = _identity_markers(visible)
    # A referrer may see the child as they themselves described them.
    raised = Contact.objects.filter(raised_by_agency_id=user.agency_id)
    allowed |= _identity_markers((Person.objects.none(), SourceRecord.objects.none(), raised))
    # A partner holding a shared piece of work about a child (an action, an interview, an
    # agenda item) may see the child's name, never more (ADR 0009).
    held = Person.objects.filter(pk__in=_people_behind_visible_records(user))
    allowed |= _markers(held.values_list("given_name", "family_name"), [])
    # An information governance lead reads what their agency's subject access requests
    # gathered, through the request alone (an exceptional, audited read): the person it is
    # about and the other people named in it, whom the reviewer must see to redact.
    for request in SubjectAccessRequest.objects.filter(agency_id=user.agency_id):
        if user.has_role(Role.INFORMATION_GOVERNANCE_LEAD):
            gathered = f"{request.person.full_name} {request.person.given_name} "
            gathered += f"{request.person.family_name} {request.sections}"
            allowed |= {m for m in _identity_markers(hidden) if m in gathered}
    staff = {u.get_full_name() for u in User.objects.all()}
    forbidden = _identity_markers(hidden) - allowed - staff
    return allowed, forbidden


def _fill(route, kwargs):
    path = "/" + route
    for key, value in kwargs.items():
        path = re.sub(rf"<(?:\w+:)?{key}>", str(value), path)
    return path


@pytest.fixture(scope="module")
def borough(django_db_setup, django_db_blocker):
    """One small demo borough for the read crawl and the write attack, rolled back after."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("demo_borough", children=60, seed=20131)
        yield
        transaction.set_rollback(True)


@dataclass
class Crawl:
    """What the read crawl found, and the forms its pages offered to post."""

    viewers: list
    paths: dict = dataclasses.field(default_factory=dict)  # route name -> the URLs opened
    requests: int = 0
    errors: list = dataclasses.field(default_factory=list)
    leaks: list = dataclasses.field(default_factory=list)
    forms: dict = dataclasses.field(default_factory=dict)


@pytest.fixture(scope="module")
def crawl(borough):
    """Every GET route, for records of every agency, as every viewer."""
    routes = list(_routes())
    unknown = [name for name, _route, params, _view in routes if params and name not in SOURCES]
    assert not unknown, f"routes with no rule in the access matrix: {unknown}"

    targets = []
    for name, route, params, _view in routes:
        if name.endswith("sign_out"):
            continue
        fills = SOURCES[name]() if params else [{}]
        targets.extend((name, _fill(route, kwargs)) for kwargs in fills)

    viewers = [None, *User.objects.filter(is_demo_account=True).order_by("id")]
    found = Crawl(viewers=viewers)
    for name, path in targets:
        found.paths.setdefault(name, []).append(path)
    # The crawl reads; what a GET writes (the audit log) is rolled back.
    with transaction.atomic():
        for user in viewers:
            client = Client(raise_request_exception=False)
            forbidden = set()
            if user is not None:
                # Pages read the session; the API reads only the token.
                _token, secret = token_issue(user=user, name="access matrix")
                client = Client(
                    raise_request_exception=False, HTTP_AUTHORIZATION=f"Bearer {secret}"
                )
                signed_in_client(user, client)
                _, forbidden = _allowed_and_forbidden(user)
            who = user.username if user else "anonymous"
            for _name, path in targets:
                response = client.get(path)
                found.requests += 1
                if response.status_code >= 500:
                    found.errors.append((who, path, response.status_code))
                    continue
                if response.status_code != 200:
                    continue
                raw = (
                    b"".join(response.streaming_content) if response.streaming else response.content
                )
                body = raw.decode("utf-8", "replace")
                if "html" in response.get("Content-Type", ""):
                    writes.collect_forms(found.forms, body, path)
                shown = sorted(m for m in forbidden if m in body)
                if shown:
                    found.leaks.append((who, path, shown[:3]))
        transaction.set_rollback(True)
    return found


def test_no_page_shows_a_child_the_viewer_may_not_see_and_none_fails(crawl):
    print(
        f"access matrix: {sum(map(len, crawl.paths.values()))} URLs x {len(crawl.viewers)} viewers = "
        f"{crawl.requests} requests"
    )
    assert not crawl.errors and not crawl.leaks, (
        f"{len(crawl.errors)} server errors, e.g. {crawl.errors[:10]}; "
        f"{len(crawl.leaks)} pages show children the viewer may not see, e.g. {crawl.leaks[:40]}"
    )


def test_no_form_changes_a_record_beyond_the_users_rights_and_none_fails(crawl):
    routes = list(_routes())
    result = writes.attack(routes, crawl.forms, crawl.paths, crawl.viewers)
    print(result.figures())
    assert not result.unknown, f"routes that take a POST with no form or rule: {result.unknown}"
    assert not result.errors and not result.unauthorised, (
        f"{len(result.errors)} server errors, e.g. {result.errors[:10]}; "
        f"{len(result.unauthorised)} unauthorised writes, e.g. {result.unauthorised[:40]}"
    )
