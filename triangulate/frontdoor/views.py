"""Front-door pages: raise a concern, the triage queue, a contact, matching and deciding."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from triangulate.core import access
from triangulate.core.audit import audit_shown
from triangulate.core.concurrency import StaleEdit
from triangulate.core.extensions import record_links
from triangulate.core.forms import refusal_shown
from triangulate.core.middleware import public
from triangulate.core.views.rendering import public_post_refused, render_page
from triangulate.register.forms import SearchForm

from . import presenters, services
from .forms import (
    AmendDecisionForm,
    ContributionForm,
    DecisionForm,
    NeedLevelForm,
    PublicConcernForm,
    RaiseConcernForm,
    RecordContactForm,
    RequestContributionsForm,
    StatusCheckForm,
)


def home(request):
    user = request.user
    if not access.may(user, "frontdoor.raise"):
        raise PermissionDenied("The front door is for professionals working with children.")
    context = {
        "is_hub": access.may(user, "frontdoor.triage"),
        "requested": services.contributions_requested(actor=user),
        "raised": list(services.contacts_raised_by(actor=user)[:50]),
    }
    if context["is_hub"]:
        queue = context["queue"] = services.triage_queue(actor=user)
        context["queue_rows"] = presenters.queue_rows(queue)
        context["overdue"] = sum(presenters.contact_clock(c).is_overdue for c in queue)
        context["decided"] = services.recently_decided(actor=user)
    audit_shown(
        user,
        [
            *context["requested"],
            *context["raised"],
            *context.get("queue", []),
            *context.get("decided", []),
        ],
        "view the front door's lists",
    )
    context["referrer_status"] = presenters.referrer_status
    return render(request, "frontdoor/home.html", context)


def _child_and_concern(data):
    return services.ChildDetails.from_form(data), services.ConcernDetails.from_form(data)


def raise_concern(request):
    access.require(request.user, "frontdoor.raise")
    form = RaiseConcernForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        child, concern = _child_and_concern(form.cleaned_data)
        contact = services.contact_raise(actor=request.user, child=child, concern=concern)
        return render(request, "frontdoor/raised.html", {"contact": contact})
    return render_page(
        request,
        "frontdoor/raise.html",
        {"form": form, "title": "Raise a concern about a child", "action": "frontdoor:raise"},
        forms=[form],
    )


def record_contact(request):
    access.require(request.user, "frontdoor.triage")
    form = RecordContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        child, concern = _child_and_concern(data)
        contact = services.contact_raise(
            actor=request.user,
            child=child,
            concern=concern,
            source=data["source"],
            reporter={
                "name": data["reporter_name"],
                "contact": data["reporter_contact"],
                "relationship": data["reporter_relationship"],
            },
            received_at=data["received_at"],
        )
        messages.success(request, f"Contact {contact.reference} recorded.")
        return redirect("frontdoor:contact", pk=contact.pk)
    return render_page(
        request,
        "frontdoor/raise.html",
        {
            "form": form,
            "title": "Record a contact received another way",
            "action": "frontdoor:record",
            "recording": True,
        },
        forms=[form],
    )


def _contact_page(
    request,
    view,
    *,
    decision_form=None,
    contribution_form=None,
    amend_form=None,
    status=None,
    stale=False,
):
    contact = view.contact
    decision = services.decision_for(contact)
    context = {
        "view": view,
        "contact": contact,
        "decision": decision,
        "clock": presenters.contact_clock(contact),
        "child_rows": presenters.child_rows(contact),
        "concern_rows": presenters.concern_rows(contact),
        "decision_rows": presenters.decision_rows(decision) if decision else None,
        "started_from": record_links(request.user, contact),
    }
    forms = []
    if view.as_hub:
        context["contributions"] = services.contributions_for(actor=request.user, contact=contact)
        asked = services.agencies_asked(contact=contact)
        to_ask = [a for a in services.agencies_to_ask(contact=contact) if a.pk not in asked]
        context["asked"] = [a for a in services.agencies_to_ask(contact=contact) if a.pk in asked]
        context["request_form"] = RequestContributionsForm(agencies=to_ask) if to_ask else None
        levels = services.need_levels()
        context["level_rows"] = presenters.level_rows(levels)
        if decision is None:
            decision_form = decision_form or DecisionForm(
                levels=levels, initial={"version": contact.version}
            )
            context["decision_form"] = decision_form
            forms.append(decision_form)
        else:
            context["may_agree"] = services.may_agree(actor=request.user, decision=decision)
            context["strategy_invited"] = services.strategy_invited(decision=decision)
            context["amendments"] = presenters.amendment_rows(services.amendments_for(decision))
            amend_form = amend_form or AmendDecisionForm(
                levels=levels,
                initial={
                    "version": contact.version,
                    "outcome": decision.outcome,
                    "need_level": str(decision.need_level_id),
                },
            )
            context["amend_form"] = amend_form
            forms.append(amend_form)
    elif view.as_contributor or view.as_past_contributor:
        context["contributions"] = services.contributions_for(actor=request.user, contact=contact)
    if view.as_contributor:
        own = services.own_matches(actor=request.user, contact=contact)
        contribution_form = contribution_form or ContributionForm(
            records=own, consent=contact.consent
        )
        context["contribution_form"] = contribution_form
        forms.append(contribution_form)
    return render_page(
        request, "frontdoor/contact.html", context, forms=forms, status=status, stale=stale
    )


def _stale(request, pk: int):
    """Someone else saved the contact first: the contact page as it now is, saying so."""
    return _contact_page(request, services.contact_open(actor=request.user, pk=pk), stale=True)


def contact_detail(request, pk: int):
    view = services.contact_open(actor=request.user, pk=pk)
    return _contact_page(request, view)


def _hub_contact(request, pk):
    access.require(request.user, "frontdoor.triage")
    view = services.contact_open(actor=request.user, pk=pk)
    if not view.as_hub:
        raise PermissionDenied("Only the front door can do this.")
    return view


def _version(request) -> int:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        raise Http404 from None


def match(request, pk: int):
    view = _hub_contact(request, pk)
    result = services.contact_matches(actor=request.user, contact=view.contact)
    search_form = SearchForm(request.GET or None)
    search_results = search_form.search(actor=request.user)
    return render_page(
        request,
        "frontdoor/match.html",
        {
            "contact": view.contact,
            "result": result,
            "holders": presenters.holder_rows(
                result.holders, asked=services.agencies_asked(contact=view.contact)
            ),
            "child_rows": presenters.child_rows(view.contact),
            "search_form": search_form,
            "search_results": search_results,
        },
        forms=[search_form],
        status=400 if search_form.errors else 200,
    )


@require_POST
def link(request, pk: int):
    view = _hub_contact(request, pk)
    try:
        person_pk = int(request.POST.get("person", ""))
    except ValueError:
        raise Http404 from None
    try:
        person = services.contact_link_person(
            actor=request.user,
            contact=view.contact,
            person_pk=person_pk,
            expected_version=_version(request),
        )
    except StaleEdit:
        return _stale(request, pk)
    messages.success(request, f"Contact linked to {person.full_name}.")
    return redirect("frontdoor:contact", pk=pk)


@require_POST
def create_person(request, pk: int):
    view = _hub_contact(request, pk)
    try:
        person = services.contact_create_person(
            actor=request.user,
            contact=view.contact,
            expected_version=_version(request),
            confirmed=request.POST.get("confirm") == "yes",
        )
    except services.LikelyHeldElsewhere as held:
        return render(
            request,
            "frontdoor/confirm_new_child.html",
            {
                "contact": view.contact,
                "holders": presenters.holder_rows(
                    held.holders, asked=services.agencies_asked(contact=view.contact)
                ),
            },
        )
    except StaleEdit:
        return _stale(request, pk)
    except ValueError as error:
        messages.error(request, str(error))
        return redirect("frontdoor:match", pk=pk)
    messages.success(request, f"{person.full_name} added to the register and linked.")
    return redirect("frontdoor:contact", pk=pk)


@require_POST
def request_contributions(request, pk: int):
    view = _hub_contact(request, pk)
    asked = services.agencies_asked(contact=view.contact)
    candidates = [a for a in services.agencies_to_ask(contact=view.contact) if a.pk not in asked]
    form = RequestContributionsForm(request.POST, agencies=candidates)
    if form.is_valid():
        chosen = [a for a in candidates if str(a.pk) in form.cleaned_data["agencies"]]
        count = services.contributions_request(
            actor=request.user, contact=view.contact, agencies=chosen
        )
        messages.success(
            request, f"Asked {count} {'agency' if count == 1 else 'agencies'} what they know."
        )
    else:
        messages.error(request, "Select at least one agency to ask.")
    if request.POST.get("return_to") == "match":
        return redirect("frontdoor:match", pk=pk)
    return redirect("frontdoor:contact", pk=pk)


@require_POST
def contribute(request, pk: int):
    view = services.contact_open(actor=request.user, pk=pk)
    if not view.as_contributor:
        raise PermissionDenied("Only agencies asked by the front door can contribute.")
    own = services.own_matches(actor=request.user, contact=view.contact)
    form = ContributionForm(request.POST, records=own, consent=view.contact.consent)
    if not form.is_valid():
        return _contact_page(request, view, contribution_form=form)
    record = form.cleaned_data.get("record")
    services.contribution_add(
        actor=request.user,
        contact=view.contact,
        summary=form.cleaned_data["summary"],
        lawful_basis=form.cleaned_data["lawful_basis"],
        share_person_pk=int(record) if record else None,
    )
    messages.success(request, "Your agency's contribution has been shared with the front door.")
    return redirect("frontdoor:contact", pk=pk)


@require_POST
def decide(request, pk: int):
    view = _hub_contact(request, pk)
    levels = services.need_levels()
    form = DecisionForm(request.POST, levels=levels)
    if not form.is_valid():
        return _contact_page(request, view, decision_form=form)
    data = form.cleaned_data
    level = next(level for level in levels if str(level.pk) == data["need_level"])
    try:
        services.decision_record(
            actor=request.user,
            contact=view.contact,
            expected_version=data["version"],
            outcome=data["outcome"],
            need_level=level,
            reasons=data["reasons"],
            referrer_feedback=data["referrer_feedback"],
            strategy_at=data["strategy_at"],
        )
    except (StaleEdit, services.AlreadyDecided):
        return _stale(request, pk)
    except services.InconsistentDecision as error:
        form.add_error("need_level", str(error))
        return _contact_page(request, view, decision_form=form)
    except services.DecisionNeedsChild:
        form.add_error(
            "outcome",
            "Link the contact to a child in the register, or ask the agency that holds a "
            "likely match what it knows, before choosing this decision",
        )
        return _contact_page(request, view, decision_form=form)
    messages.success(request, f"Decision recorded for contact {view.contact.reference}.")
    return redirect("frontdoor:contact", pk=pk)


@require_POST
def agree(request, pk: int):
    view = _hub_contact(request, pk)
    decision = services.decision_for(view.contact)
    if decision is None:
        raise Http404
    try:
        services.decision_agree(actor=request.user, decision=decision)
    except services.CannotAgree:
        raise PermissionDenied(
            "A team manager at the front door other than the decider agrees this decision."
        ) from None
    messages.success(request, f"You agreed the decision on contact {view.contact.reference}.")
    return redirect("frontdoor:contact", pk=pk)


@require_POST
def amend(request, pk: int):
    view = _hub_contact(request, pk)
    decision = services.decision_for(view.contact)
    if decision is None:
        raise Http404
    levels = services.need_levels()
    form = AmendDecisionForm(request.POST, levels=levels)
    if not form.is_valid():
        return _contact_page(request, view, amend_form=form)
    data = form.cleaned_data
    level = next(level for level in levels if str(level.pk) == data["need_level"])
    try:
        services.decision_amend(
            actor=request.user,
            decision=decision,
            expected_version=data["version"],
            outcome=data["outcome"],
            need_level=level,
            why=data["why"],
        )
    except StaleEdit:
        return _stale(request, pk)
    except services.InconsistentDecision as error:
        form.add_error("need_level", str(error))
        return _contact_page(request, view, amend_form=form)
    except services.DecisionNeedsChild:
        form.add_error("outcome", "Link the contact to a child before choosing this decision")
        return _contact_page(request, view, amend_form=form)
    messages.success(request, "The decision was corrected. What it replaced is kept.")
    return redirect("frontdoor:contact", pk=pk)


# Public pages: no sign-in. They never say whether a child is known, or what was done.

REFUSED = "frontdoor/public_refused.html"
TOO_BIG = "Your report is too long to send. Shorten it and try again."
TOO_MANY = (
    "You have sent a lot of reports or checks from this connection. Wait an hour and try "
    "again. If a child is in immediate danger, call 999."
)


@public
def public_concern(request):
    # The size is checked before the body is read.
    if refused := public_post_refused(request, "public_concern", REFUSED, TOO_BIG, TOO_MANY):
        return refused
    form = PublicConcernForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if form.is_bot():
            # A bot filled the hidden box: thank it and store nothing.
            request.session["public_reference"] = services.new_reference()
            return redirect("frontdoor:public_received")
        child, concern = _child_and_concern(data)
        contact = services.contact_report_public(
            source=data["reporter_type"],
            child=child,
            concern=concern,
            reporter={"name": data["reporter_name"], "contact": data["reporter_contact"]},
        )
        request.session["public_reference"] = contact.reference
        return redirect("frontdoor:public_received")
    return render_page(request, "frontdoor/public_concern.html", {"form": form}, forms=[form])


@public
def public_received(request):
    reference = request.session.pop("public_reference", None)
    if reference is None:
        return redirect("frontdoor:public_concern")
    return render(request, "frontdoor/public_received.html", {"reference": reference})


@public
def public_status(request):
    status = None
    if refused := public_post_refused(request, "public_status", REFUSED, TOO_BIG, TOO_MANY):
        return refused
    form = StatusCheckForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        status = services.public_status(reference=form.cleaned_data["reference"])
        if status is None:
            form.add_error(
                "reference",
                "We cannot find a concern with that reference. Check it and try again",
            )
    return render_page(
        request, "frontdoor/public_status.html", {"form": form, "status": status}, forms=[form]
    )


# The continuum of need -------------------------------------------------------------------------


def need_levels(request):
    levels = services.need_levels_kept(actor=request.user)
    return render(
        request, "frontdoor/need_levels.html", {"rows": presenters.need_level_rows(levels)}
    )


def need_level_new(request):
    access.require(request.user, "frontdoor.need_levels")
    form = NeedLevelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with refusal_shown(form):
            level = services.need_level_create(actor=request.user, **form.cleaned_data)
            messages.success(request, f"Level of need added: {level.label}")
            return redirect("frontdoor:need_levels")
    context = {"form": form, "level": None}
    return render_page(request, "frontdoor/need_level.html", context, forms=[form])


def need_level(request, pk: int):
    level = services.need_level_open(actor=request.user, pk=pk)
    form = NeedLevelForm(
        request.POST or None,
        editing=True,
        initial={
            "label": level.label, "description": level.description, "order": level.order,
            "outcomes": level.outcomes, "is_active": level.is_active, "version": level.version,
        },
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        with refusal_shown(form):
            services.need_level_update(
                actor=request.user, level=level, expected_version=data.pop("version") or 0, **data
            )
            messages.success(request, f"Level of need saved: {level.label}")
            return redirect("frontdoor:need_levels")
    context = {"form": form, "level": level}
    return render_page(request, "frontdoor/need_level.html", context, forms=[form])
