"""Intelligence pages: the log, submitting, grading, linking, sharing; persons of concern and
places. Thin views: one domain call each, errors shown the GOV.UK way."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from triangulate.core import access
from triangulate.core.audit import audit_shown
from triangulate.core.concurrency import STALE_MESSAGE
from triangulate.core.exports import csv_response
from triangulate.core.forms import attempt, refusal_shown, saved
from triangulate.core.spreadsheets import record_number
from triangulate.core.views.rendering import render_page
from triangulate.register.services import person_open

from . import network, presenters, services
from .forms import (
    ConcernForm,
    ConcernLinkForm,
    ContextAssessmentForm,
    GradeForm,
    GroupChangeForm,
    GroupForm,
    GroupPlaceForm,
    LicensingOutcomeForm,
    LicensingReferralForm,
    LinkForm,
    MemberForm,
    MemberRemoveForm,
    NetworkFilterForm,
    NrmDecisionForm,
    NrmForm,
    OutcomeForm,
    PartnerShareForm,
    PeriodForm,
    PlaceForm,
    ProfileForm,
    ProfileRecomputeForm,
    ProfileReleaseForm,
    ProfileWriteForm,
    SanitiseForm,
    StatusForm,
    SubmitForm,
    TacticForm,
    TaskForm,
    TaskOutcomeForm,
)
from .models import LicensingOutcome
from .priority import HIGH_PRIORITY
from .services.profile_figures import DEFINITION


def _shared(request, form, agencies, share, message: str) -> bool:
    """On a valid share form, share with the agency chosen from ``agencies``: True when
    shared, with ``message`` to show; otherwise the broken rule is shown on the form."""
    if request.method != "POST" or not form.is_valid():
        return False
    data = form.cleaned_data
    agency = next((a for a in agencies if str(a.pk) == data["agency"]), None)
    if attempt(form, lambda: share(agency=agency, purpose=data["purpose"])):
        messages.success(request, message)
        return True
    return False


def log(request):
    access.require(request.user, "intelligence.submit")
    user = request.user
    items = services.items_visible(actor=user)
    shared = services.sanitised_visible(actor=user)
    shared = [s for s in shared if s.owning_agency_id != user.agency_id]
    audit_shown(user, [*items, *shared], "view the intelligence log")
    context = {
        "police": services.is_police(user),
        "licensing": access.may(user, "intelligence.licensing"),
        "items": presenters.item_rows(user, items),
        "shared": presenters.sanitised_rows(user, shared),
        "grade_help": presenters.GRADE_HELP,
    }
    return render_page(request, "intelligence/log.html", context)


def submit(request):
    access.require(request.user, "intelligence.submit")
    person = None
    person_pk = request.GET.get("person") or request.POST.get("person")
    if record_number(person_pk):
        person = person_open(
            actor=request.user, pk=record_number(person_pk), purpose="submit intelligence"
        )
    forces = services.police_forces()
    form = SubmitForm(request.POST or None, forces=forces)
    if request.method == "POST" and form.is_valid() and form.cleaned_data.get("seen_at"):
        data = form.cleaned_data
        police = next((f for f in forces if str(f.pk) == data["police"]), None)
        with refusal_shown(form):
            item = services.item_submit(
                actor=request.user, police=police, person=person, **form.submission()
            )
            messages.success(
                request,
                f"Intelligence {item.reference} sent to {item.owning_agency.name}. "
                "Police will grade it; you can see it here with its grade.",
            )
            return redirect("intelligence:item", pk=item.pk)
    context = {"form": form, "person": person, "no_police": not forces}
    return render_page(request, "intelligence/submit.html", context, forms=[form])


def item(request, pk: int):
    user = request.user
    record = services.item_open(actor=user, pk=pk)
    police = access.may(user, "intelligence.grade", record)
    which = request.POST.get("form") if request.method == "POST" else None
    grade_form = GradeForm(
        request.POST if which == "grade" else None,
        initial={
            "version": record.version,
            "source_evaluation": record.source_evaluation,
            "assessment": record.assessment,
            "handling_code": record.handling_code,
            "handling_conditions": record.handling_conditions,
        },
    )
    link_form = LinkForm(request.POST if which == "link" else None, prefix="link")
    links = services.item_links(actor=user, item=record) if police else []
    children = [link.person for link in links if link.person_id]
    sanitise_form = SanitiseForm(
        request.POST if which == "sanitise" else None,
        prefix="share",
        agencies=services.partner_agencies(police=record.owning_agency) if police else [],
        children=children,
    )
    analysts = services.analysts_of(record.owning_agency) if police else []
    task_form = TaskForm(
        request.POST if which == "task" else None, prefix="task", analysts=analysts
    )
    if which == "grade" and grade_form.is_valid():
        data = grade_form.cleaned_data
        with refusal_shown(grade_form):
            services.item_grade(
                actor=user,
                item=record,
                expected_version=data["version"],
                source_evaluation=data["source_evaluation"],
                assessment=data["assessment"],
                handling_code=data["handling_code"],
                handling_conditions=data["handling_conditions"],
            )
            messages.success(request, f"Graded {record.grade}.")
            return redirect("intelligence:item", pk=record.pk)
    elif which == "link" and link_form.is_valid():
        with refusal_shown(link_form):
            services.item_link(
                actor=user,
                item=record,
                kind=link_form.cleaned_data["kind"],
                value=link_form.cleaned_data["value"],
            )
            messages.success(request, "Link added.")
            return redirect("intelligence:item", pk=record.pk)
    elif which == "sanitise" and sanitise_form.is_valid():
        data = sanitise_form.cleaned_data
        agencies = {str(a.pk): a for a in services.partner_agencies(police=record.owning_agency)}
        child = next((c for c in children if str(c.pk) == data["person"]), None)
        with refusal_shown(sanitise_form):
            services.sanitised_write(
                actor=user,
                item=record,
                shared_with=agencies.get(data["shared_with"]),
                text=data["text"],
                purpose=data["purpose"],
                necessity=data["necessity"],
                lawful_basis=data["lawful_basis"],
                person=child,
            )
            messages.success(request, "Sanitised version shared.")
            return redirect("intelligence:item", pk=record.pk)
    elif which == "task" and police and task_form.is_valid():
        data = task_form.cleaned_data
        with refusal_shown(task_form):
            task = services.task_create(
                actor=user,
                item=record,
                analyst=next((a for a in analysts if str(a.pk) == data["analyst"]), None),
                asked=data["asked"],
                due_on=data["due_on"],
            )
            messages.success(request, f"Tasked to {task.analyst.display_name}.")
            return redirect("intelligence:item", pk=record.pk)
    versions = services.sanitised_visible(actor=user, item=record) if police else []
    context = {
        "item": record,
        "police": police,
        "submission": presenters.submission_summary(user, record),
        "grading": presenters.grading_summary(user, record),
        "grade_tag": presenters.grade_tag(record.grade),
        "grade_help": presenters.GRADE_HELP,
        "links": presenters.link_rows(user, links, besides="item"),
        "versions": presenters.sanitised_rows(user, versions),
        "grade_form": grade_form,
        "link_form": link_form,
        "sanitise_form": sanitise_form,
        "tasks": presenters.task_rows(
            services.tasks_of(actor=user, item=record), timezone.localdate()
        ),
        "task_form": task_form,
    }
    return render_page(
        request,
        "intelligence/item.html",
        context,
        forms=[grade_form, link_form, sanitise_form, task_form],
    )


def task(request, pk: int):
    user = request.user
    record = services.task_open(actor=user, pk=pk)
    form = TaskOutcomeForm(
        request.POST or None,
        initial={
            "version": record.version,
            "outcome": record.outcome,
            "completed_on": record.completed_on,
        },
    )
    if saved(
        request,
        form,
        partial(services.task_complete, actor=user, task=record),
        "Outcome of the task recorded.",
    ):
        return redirect("intelligence:task", pk=record.pk)
    context = {
        "task": record,
        "summary": presenters.task_summary(record, timezone.localdate()),
        "form": form,
    }
    return render_page(request, "intelligence/task.html", context, forms=[form])


def shared(request, pk: int):
    user = request.user
    version = services.sanitised_open(actor=user, pk=pk)
    context = {
        "version": version,
        "summary": presenters.sanitised_summary(user, version),
        "grade_tag": presenters.grade_tag(version.grade),
        "grade_help": presenters.GRADE_HELP,
    }
    return render_page(request, "intelligence/shared.html", context)


# Persons of concern ---------------------------------------------------------------------------


def concerns(request):
    access.require(request.user, "intelligence.pursue")
    user = request.user
    ranked = services.concerns_prioritised(actor=user)
    audit_shown(user, [concern for concern, _ in ranked], "view persons of concern")
    context = {
        "top": presenters.concern_rows(ranked[:HIGH_PRIORITY], with_reasons=True),
        "rest": presenters.concern_rows(ranked[HIGH_PRIORITY:]),
        "criteria": services.current_criteria(),
    }
    return render_page(request, "intelligence/concerns.html", context)


def concern_new(request):
    access.require(request.user, "intelligence.pursue")
    access.require(request.user, "register.create_person")
    form = ConcernForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusal_shown(form):
            concern = services.concern_create(actor=request.user, **data)
            messages.success(request, "Person of concern recorded.")
            return redirect("intelligence:concern", pk=concern.pk)
    return render_page(request, "intelligence/concern_form.html", {"form": form}, forms=[form])


def concern(request, pk: int):
    user = request.user
    record = services.concern_open(actor=user, pk=pk)
    which = request.POST.get("form") if request.method == "POST" else None
    status_form = StatusForm(
        request.POST if which == "status" else None,
        initial={"version": record.version, "status": record.status},
    )
    link_form = ConcernLinkForm(request.POST if which == "link" else None, prefix="link")
    if which == "status" and status_form.is_valid():
        data = status_form.cleaned_data
        with refusal_shown(status_form):
            services.concern_status(
                actor=user,
                concern=record,
                expected_version=data["version"],
                status=data["status"],
                on=data["on"],
                note=data["note"],
            )
            messages.success(request, "Status changed.")
            return redirect("intelligence:concern", pk=record.pk)
    elif which == "link" and link_form.is_valid():
        with refusal_shown(link_form):
            services.concern_link(actor=user, concern=record, **link_form.cleaned_data)
            messages.success(request, "Link added.")
            return redirect("intelligence:concern", pk=record.pk)
    links = services.links_of(actor=user, concern=record)
    context = {
        "concern": record,
        "summary": presenters.concern_summary(record),
        "history": presenters.status_rows(services.concern_history(actor=user, concern=record)),
        "links": presenters.link_rows(user, links, besides="concern"),
        "tactics": presenters.tactic_rows(services.tactics_of(actor=user, concern=record)),
        "status_form": status_form,
        "link_form": link_form,
    }
    return render_page(
        request, "intelligence/concern.html", context, forms=[status_form, link_form]
    )


# Places ---------------------------------------------------------------------------------------


def places(request):
    # Police, and the council's children's services for the places shared with them.
    access.require(request.user, "intelligence.licensing")
    rows = services.places_visible(actor=request.user)
    audit_shown(request.user, rows, "view places")
    context = {"places": presenters.place_rows(rows), "police": services.is_police(request.user)}
    return render_page(request, "intelligence/places.html", context)


def _new_record(request, form, create, message: str, page: str, template: str):
    """A page that records something new from one form, then opens it."""
    if request.method == "POST" and form.is_valid():
        with refusal_shown(form):
            record = create(actor=request.user, **form.cleaned_data)
            messages.success(request, message)
            return redirect(page, pk=record.pk)
    return render_page(request, template, {"form": form}, forms=[form])


def place_new(request):
    access.require(request.user, "intelligence.pursue")
    return _new_record(
        request, PlaceForm(request.POST or None), services.place_create, "Place recorded.",
        "intelligence:place", "intelligence/place_form.html",
    )  # fmt: skip


def place(request, pk: int):
    user = request.user
    record = services.place_open(actor=user, pk=pk)
    may_share = services.is_police(user) and record.owning_agency_id == user.agency_id
    agencies = services.partner_agencies(police=record.owning_agency) if may_share else []
    which = request.POST.get("form") if request.method == "POST" else None
    share_form = PartnerShareForm(request.POST if which == "share" else None, agencies=agencies)
    if may_share and which == "share":
        share = partial(services.place_share, actor=user, place=record)
        if _shared(request, share_form, agencies, share, "Place shared."):
            return redirect("intelligence:place", pk=record.pk)
    form = LicensingReferralForm(
        (request.POST or None) if which != "share" else None,
        initial={
            "licence_number": record.licence_number,
            "referred_by": user.display_name,
        },
    )
    if request.method == "POST" and which != "share" and form.is_valid():
        with refusal_shown(form):
            referral = services.licensing_refer(actor=user, place=record, **form.cleaned_data)
            messages.success(request, "Referral to the licensing authority recorded.")
            return redirect("intelligence:licensing", pk=referral.pk)
    links = services.links_of(actor=user, place=record)
    context = {
        "place": record,
        "summary": presenters.place_summary(record),
        "links": presenters.link_rows(user, links, besides="place"),
        "referrals": presenters.licensing_rows(
            services.licensing_referrals_of(actor=user, place=record)
        ),
        "form": form,
        "police": services.is_police(user),
        "may_share": may_share,
        "share_form": share_form,
        "shared_with": services.place_shared_with(record),
    }
    return render_page(request, "intelligence/place.html", context, forms=[form, share_form])


def licensing(request, pk: int):
    user = request.user
    referral = services.licensing_open(actor=user, pk=pk)
    form = LicensingOutcomeForm(
        request.POST or None,
        initial={
            "version": referral.version,
            "outcome": referral.outcome if referral.outcome != LicensingOutcome.AWAITED else None,
            "outcome_on": referral.outcome_on,
            "outcome_note": referral.outcome_note,
        },
    )
    if saved(
        request,
        form,
        partial(services.licensing_outcome, actor=user, referral=referral),
        "Outcome of the referral recorded.",
    ):
        return redirect("intelligence:licensing", pk=referral.pk)
    context = {
        "referral": referral,
        "summary": presenters.licensing_summary(referral),
        "form": form,
        "may_change": referral.owning_agency_id == user.agency_id,
    }
    return render_page(request, "intelligence/licensing.html", context, forms=[form])


# The network --------------------------------------------------------------------------------


def _network_request(request):
    access.require(request.user, "intelligence.submit")
    focus = network.parse_node(request.GET.get("focus", ""))
    try:
        depth = min(max(int(request.GET.get("depth", 2)), 1), 3)
    except ValueError:
        depth = 2
    kinds = [k for k in request.GET.getlist("kind") if k in network.KINDS]
    form = NetworkFilterForm(request.GET if _FILTERS & set(request.GET) else None)
    filters = network.EVERYTHING
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = network.Filters(data["since"], data["until"], tuple(data["assessment"]))
    graph = network.build(request.user, focus=focus, depth=depth, kinds=kinds, filters=filters)
    return graph, focus, depth, kinds, form, filters


# The filter form is bound only when the request names one of its fields.
_FILTERS = {"since-day", "since-month", "since-year", "until-day", "until-month", "until-year",
            "assessment"}  # fmt: skip


def network_page(request):
    graph, focus, depth, kinds, form, filters = _network_request(request)
    user = request.user
    start = network.parse_node(request.GET.get("from", ""))
    goal = network.parse_node(request.GET.get("to", ""))
    path = network.path(user, start, goal, filters) if start and goal else None
    services.network_audit(actor=user, graph=graph, focus=focus, path=path)
    query = request.GET.urlencode()
    context = {
        "graph": graph,
        "focus": graph.nodes.get(focus) if focus else None,
        "depth": depth,
        "kinds": kinds,
        "kind_choices": list(network.KINDS.items()),
        "form": form,
        "rows": presenters.network_rows(graph),
        "elements": presenters.network_elements(graph),
        "choices": presenters.node_choices(graph),
        "start": start or focus or "",
        "goal": goal or "",
        "path": presenters.path_rows(path) if path else None,
        "path_asked": bool(start and goal),
        "query": query,
        "hidden": [
            (name, value)
            for name in sorted(_FILTERS)
            for value in request.GET.getlist(name)
            if value
        ],
    }
    return render_page(request, "intelligence/network.html", context, forms=[form])


def network_export(request, part: str):
    graph, focus, _depth, _kinds, _form, _filters = _network_request(request)
    services.network_audit(actor=request.user, graph=graph, focus=focus, export=part)
    if part == "graphml":
        response = HttpResponse(network.graphml(graph), content_type="application/graphml+xml")
        response["Content-Disposition"] = 'attachment; filename="network.graphml"'
        return response
    if part == "nodes":
        return csv_response(
            filename="network-nodes.csv",
            header=presenters.NODE_HEADER,
            rows=presenters.node_export_rows(graph),
        )
    return csv_response(
        filename="network-edges.csv",
        header=presenters.EDGE_HEADER,
        rows=presenters.edge_export_rows(graph),
    )


# Disruption ---------------------------------------------------------------------------------


def tactic_new(request, pk: int):
    access.require(request.user, "intelligence.pursue", record=("intelligence.personofconcern", pk))
    user = request.user
    concern = services.concern_open(actor=user, pk=pk)
    types = services.tactic_types()
    children = [
        link.person for link in services.links_of(actor=user, concern=concern) if link.person_id
    ]
    form = TacticForm(request.POST or None, types=types, children=children)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusal_shown(form):
            services.tactic_add(
                actor=user,
                concern=concern,
                tactic_type=next((t for t in types if str(t.pk) == data["tactic_type"]), None),
                person=next((c for c in children if str(c.pk) == data["person"]), None),
                looked_after=data["looked_after"],
                owner=data["owner"],
                started_on=data["started_on"],
                review_on=data["review_on"],
                note=data["note"],
            )
            messages.success(request, "Tactic added to the disruption plan.")
            return redirect("intelligence:concern", pk=concern.pk)
    context = {"concern": concern, "form": form}
    return render_page(request, "intelligence/tactic_form.html", context, forms=[form])


def tactic(request, pk: int):
    user = request.user
    record = services.tactic_open(actor=user, pk=pk)
    form = OutcomeForm(
        request.POST or None,
        initial={
            "version": record.version,
            "outcome": record.outcome,
            "outcome_on": record.outcome_on,
            "review_on": record.review_on,
            "breached_on": record.breached_on,
            "breach_note": record.breach_note,
        },
    )
    if saved(
        request,
        form,
        partial(services.tactic_update, actor=user, tactic=record),
        "Outcome recorded.",
    ):
        return redirect("intelligence:tactic", pk=record.pk)
    context = {
        "tactic": record,
        "summary": presenters.tactic_summary(user, record),
        "form": form,
    }
    return render_page(request, "intelligence/tactic.html", context, forms=[form])


def _period(request) -> tuple:
    from django.utils import timezone

    form = PeriodForm(request.GET or None)
    today = timezone.localdate()
    since, until = today.replace(month=4, day=1), today
    if since > today:
        since = since.replace(year=today.year - 1)
    if form.is_bound and form.is_valid():
        since = form.cleaned_data["since"] or since
        until = form.cleaned_data["until"] or until
        if until < since:
            form.add_error("until", "The end of the period must be on or after its start")
    return form, since, until


def disruption(request):
    access.require(request.user, "intelligence.pursue")
    user = request.user
    form, since, until = _period(request)
    referrals = services.nrm_referrals(actor=user)
    audit_shown(user, referrals, "view disruption and NRM referrals")
    context = {
        "form": form,
        "since": since,
        "until": until,
        "figures": presenters.figure_rows(
            services.disruption_figures(actor=user, since=since, until=until)
        ),
        "referrals": presenters.nrm_rows(user, referrals),
    }
    return render_page(request, "intelligence/disruption.html", context, forms=[form])


def nrm_new(request, person_pk: int):
    access.require(request.user, "intelligence.pursue", record=("register.person", person_pk))
    person = person_open(actor=request.user, pk=person_pk, purpose="refer to the NRM")
    form = NrmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with refusal_shown(form):
            referral = services.nrm_refer(actor=request.user, person=person, **form.cleaned_data)
            messages.success(request, "NRM referral recorded.")
            return redirect("intelligence:nrm", pk=referral.pk)
    context = {"person": person, "form": form}
    return render_page(request, "intelligence/nrm_form.html", context, forms=[form])


def nrm(request, pk: int):
    user = request.user
    referral = services.nrm_open(actor=user, pk=pk)
    form = NrmDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with refusal_shown(form):
            services.nrm_decide(actor=user, referral=referral, **form.cleaned_data)
            messages.success(request, "Decision recorded.")
            return redirect("intelligence:nrm", pk=referral.pk)
    context = {
        "referral": referral,
        "summary": presenters.nrm_summary(user, referral),
        "form": form,
    }
    return render_page(request, "intelligence/nrm.html", context, forms=[form])


def hotspots(request):
    access.require(request.user, "intelligence.submit")
    form, since, until = _period(request)
    rows = services.hotspots(actor=request.user, since=since, until=until)
    context = {
        "form": form,
        "since": since,
        "until": until,
        "rows": presenters.hotspot_rows(rows),
        "police": services.is_police(request.user),
    }
    return render_page(request, "intelligence/hotspots.html", context, forms=[form])


# Peer groups and contexts -------------------------------------------------------------------


def groups(request):
    user = request.user
    rows = services.groups_visible(actor=user)
    audit_shown(user, rows, "view peer groups and contexts")
    context = {"groups": presenters.group_rows(rows), "police": services.is_police(user)}
    return render_page(request, "intelligence/groups.html", context)


def group_new(request):
    access.require(request.user, "intelligence.groups")
    return _new_record(
        request, GroupForm(request.POST or None), services.group_create,
        "Group recorded. Add its members and the places it uses.",
        "intelligence:group", "intelligence/group_form.html",
    )  # fmt: skip


def group(request, pk: int):
    user = request.user
    record = services.group_open(actor=user, pk=pk)
    may_change = access.changeable(user, type(record)).filter(pk=record.pk).exists()
    which = request.POST.get("form") if request.method == "POST" and may_change else None
    agencies = services.partner_agencies(police=record.owning_agency)
    every_agency = sorted([record.owning_agency, *agencies], key=lambda a: a.name)

    def bound(name):
        return request.POST if which == name else None

    forms = {
        "member": MemberForm(bound("member")),
        "remove": MemberRemoveForm(bound("remove")),
        "place": GroupPlaceForm(bound("place")),
        "assess": ContextAssessmentForm(bound("assess"), agencies=every_agency),
        "share": PartnerShareForm(bound("share"), agencies=agencies),
        "edit": GroupChangeForm(
            bound("edit"),
            initial={"name": record.name, "kind": record.kind, "summary": record.summary},
        ),
    }
    saves = {
        "member": (partial(services.member_add, actor=user, group=record), "Member added."),
        "remove": (partial(services.member_remove, actor=user, group=record), "Member removed."),
        "edit": (partial(services.group_change, actor=user, group=record), "Group changed."),
        "place": (partial(services.group_place_add, actor=user, group=record), "Place added."),
        "assess": (
            partial(services.context_assess, actor=user, group=record),
            "Contextual assessment recorded.",
        ),
    }
    if which in saves:
        form = forms[which]
        if request.method == "POST" and form.is_valid() and which == "assess":
            chosen = form.cleaned_data["owner_agency"]
            form.cleaned_data["owner_agency"] = next(
                (a for a in every_agency if str(a.pk) == chosen), None
            )
        save, message = saves[which]
        if saved(request, form, save, message):
            return redirect("intelligence:group", pk=record.pk)
    elif which == "share" and _shared(
        request, forms["share"], agencies, partial(services.group_share, actor=user, group=record),
        "Group shared.",
    ):  # fmt: skip
        return redirect("intelligence:group", pk=record.pk)
    members = services.group_members(actor=user, group=record)
    assessments = services.group_assessments(actor=user, group=record)
    today = timezone.localdate()
    context = {
        "group": record,
        "may_change": may_change,
        "summary": presenters.group_summary(record, services.group_shared_with(record)),
        "members": presenters.member_rows(user, members),
        "member_ids": [(m.pk, presenters.child_cell(user, m.person)) for m in members],
        "places": presenters.group_place_rows(services.group_places(actor=user, group=record)),
        "links": presenters.link_rows(
            user, services.links_of(actor=user, group=record), besides="group"
        ),
        "police": services.is_police(user),
        "latest": presenters.context_summary(assessments[0], today) if assessments else None,
        "earlier": presenters.context_rows(assessments[1:]),
        **{f"{name}_form": form for name, form in forms.items()},
    }
    return render_page(request, "intelligence/group.html", context, forms=list(forms.values()))


# Problem profiles -----------------------------------------------------------------------------


def profiles(request):
    access.require(request.user, "intelligence.submit")
    user = request.user
    rows = services.profiles_visible(actor=user)
    context = {"profiles": presenters.profile_rows(rows), "police": services.is_police(user)}
    return render_page(request, "intelligence/profiles.html", context)


def profile_new(request):
    access.require(request.user, "intelligence.pursue")
    form = ProfileForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with refusal_shown(form):
            made = services.profile_create(actor=request.user, **form.cleaned_data)
            messages.success(request, "Problem profile made. Write its narrative sections.")
            return redirect("intelligence:profile_write", pk=made.pk)
    return render_page(request, "intelligence/profile_form.html", {"form": form}, forms=[form])


def _edition(user, record) -> dict:
    """What the user's edition of a profile shows: its narrative, tables and ranking."""
    edition = services.profile_edition(user, record)
    return {
        "edition": edition,
        "sections": services.profile_sections(record, edition),
        "tables": presenters.profile_tables(record.figures[edition], partner=edition == "partner"),
        "ranked": presenters.ranked_rows(services.profile_ranked(actor=user, profile=record)),
    }


def profile(request, pk: int):
    user = request.user
    record = services.profile_open(actor=user, pk=pk)
    shown = _edition(user, record)
    police = shown["edition"] == "police"
    agencies = services.partner_agencies(police=record.owning_agency)
    which = request.POST.get("form") if request.method == "POST" and police else None
    recompute = ProfileRecomputeForm(request.POST if which == "recompute" else None)
    release = ProfileReleaseForm(request.POST if which == "release" else None, agencies=agencies)
    if which == "recompute":
        save = partial(services.profile_recompute, actor=user, profile=record)
        if saved(request, recompute, save, "Figures computed again from the records."):
            return redirect("intelligence:profile", pk=record.pk)
    elif which == "release" and _shared(
        request, release, agencies, partial(services.profile_release, actor=user, profile=record),
        "Partner edition released.",
    ):  # fmt: skip
        return redirect("intelligence:profile", pk=record.pk)
    context = {
        "profile": record,
        "police": police,
        "summary": presenters.profile_summary(record, services.profile_released_to(record)),
        "tables": [presenters.profile_table_params(t) for t in shown["tables"]],
        "sections": shown["sections"],
        "ranked": [[{"text": cell} for cell in row] for row in shown["ranked"]],
        "definition": DEFINITION,
        "recompute_form": recompute,
        "release_form": release,
    }
    return render_page(request, "intelligence/profile.html", context, forms=[recompute, release])


def _narrative(record) -> dict:
    fields = {"version": record.version}
    for name, _label in services.PROFILE_SECTIONS:
        fields[name] = getattr(record, name)
        fields[f"partner_{name}"] = getattr(record, f"partner_{name}")
    return fields


def profile_write(request, pk: int):
    user = request.user
    access.require(user, "intelligence.pursue", record=("intelligence.problemprofile", pk))
    record = services.profile_open(actor=user, pk=pk)
    access.require_changeable(user, record, purpose="write a problem profile")
    form = ProfileWriteForm(request.POST or None, initial=_narrative(record))
    save = partial(services.profile_write, actor=user, profile=record)
    if saved(request, form, save, "Narrative saved."):
        return redirect("intelligence:profile", pk=record.pk)
    stale = STALE_MESSAGE in form.non_field_errors()
    if stale:
        # Someone saved in between: the form, read afresh, shows what they saved.
        record.refresh_from_db()
        form = ProfileWriteForm(initial=_narrative(record))
    context = {"profile": record, "form": form, "sections": services.PROFILE_SECTIONS}
    return render_page(
        request, "intelligence/profile_write.html", context, forms=[form], stale=stale
    )


def profile_pdf(request, pk: int, edition: str):
    from .pdf import profile_pdf as build

    user = request.user
    record = services.profile_download(actor=user, pk=pk, edition=edition)
    content = build(
        record,
        edition=edition,
        sections=services.profile_sections(record, edition),
        tables=presenters.profile_tables(record.figures[edition], partner=edition == "partner"),
        ranked=presenters.ranked_rows(services.profile_ranked(actor=user, profile=record))
        if edition == "police"
        else [],
        definition=DEFINITION,
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="problem-profile-{record.pk}-{edition}.pdf"'
    )
    return response
