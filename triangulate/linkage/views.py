"""Linkage pages: extracts and column mapping, runs, the review queue, merges."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from triangulate.core import access
from triangulate.core.concurrency import STALE_MESSAGE, StaleEdit
from triangulate.core.views.rendering import render_page
from triangulate.register import services as register_services

from . import presenters, services
from .forms import (
    AgencyViewForm,
    DecisionForm,
    MappingForm,
    MergeConfirmForm,
    MergeForm,
    ReasonForm,
    UploadForm,
)
from .models import ExtractStatus, PairStatus


def index(request):
    user = request.user
    context = {
        "may_import": access.may(user, "linkage.import"),
        "may_run": access.may(user, "linkage.run"),
        "extracts": services.extracts_for(actor=user) if access.may(user, "linkage.import") else [],
        "runs": services.runs_list(actor=user) if access.may(user, "linkage.run") else [],
    }
    if not (context["may_import"] or context["may_run"]):
        access.require(user, "linkage.import")
    return render(request, "linkage/index.html", context)


def extract_upload(request):
    access.require(request.user, "linkage.import")
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["extract"]
        try:
            extract = services.extract_upload(
                actor=request.user,
                source_name=form.cleaned_data["source_name"],
                file_name=upload.name,
                content=upload.read(),
            )
        except services.ExtractRejected as rejected:
            for error in rejected.errors:
                form.add_error("extract", error)
        else:
            return redirect("linkage:extract_mapping", pk=extract.pk)
    return render_page(request, "linkage/upload.html", {"form": form}, forms=[form])


def extract_mapping(request, pk: int):
    extract = services.extract_open(actor=request.user, pk=pk)
    if extract.status != ExtractStatus.UPLOADED:
        return redirect("linkage:extract", pk=extract.pk)
    initial = services.saved_mapping(
        agency=extract.owning_agency, source_name=extract.source_name, header=extract.headers
    )
    form = MappingForm(request.POST or None, headers=extract.headers, initial_mapping=initial)
    if request.method == "POST" and form.is_valid():
        extract = services.extract_map_columns(
            actor=request.user, extract=extract, mapping=form.mapping()
        )
        return redirect("linkage:extract", pk=extract.pk)
    return render_page(
        request, "linkage/mapping.html", {"form": form, "extract": extract}, forms=[form]
    )


def extract_detail(request, pk: int):
    extract = services.extract_open(actor=request.user, pk=pk)
    context = {
        "extract": extract,
        "issues": extract.quality_issues[:200],
        "progress": presenters.extract_progress(extract),
    }
    return render(request, "linkage/extract.html", context)


def extract_delete(request, pk: int):
    """Ask before deleting an extract nothing has been imported from; then delete it."""
    if request.method == "POST":
        try:
            name = services.extract_delete(actor=request.user, pk=pk)
        except services.ExtractRejected as refused:
            messages.error(request, str(refused))
            return redirect("linkage:extract", pk=pk)
        messages.success(request, f"{name} has been deleted.")
        return redirect("linkage:index")
    extract = services.extract_open(actor=request.user, pk=pk)
    if not extract.may_be_deleted:
        return redirect("linkage:extract", pk=extract.pk)
    return render(request, "linkage/extract_delete.html", {"extract": extract})


@require_POST
def run_start(request):
    try:
        run = services.linkage_run(actor=request.user, background=True)
    except services.RunRefused as refused:
        messages.error(request, str(refused))
        run = refused.running
    return redirect("linkage:run", pk=run.pk)


def run_detail(request, pk: int):
    run = services.run_open(actor=request.user, pk=pk)
    context = {
        "run": run,
        "summary": presenters.run_summary(run),
        "progress": presenters.run_progress(run),
        "model_tables": presenters.model_tables(run.model),
        "prior_weight": presenters.prior_weight(run.model),
    }
    return render(request, "linkage/run.html", context)


def review_queue(request):
    status = request.GET.get("status", PairStatus.PENDING)
    if status not in PairStatus.values:
        raise Http404
    queue = services.review_queue(actor=request.user, status=status)
    context = {
        "rows": presenters.queue_rows(queue.pairs),
        "view_rows": presenters.needs_view_rows(request.user, queue.needs_view),
        "withheld": queue.withheld,
        "load": presenters.review_load(queue.latest_run),
        "groups": presenters.group_tables(services.obvious_groups(queue.pairs)),
        "group_head": presenters.GROUP_HEAD,
        "status": status,
        "status_label": PairStatus(status).label,
        "statuses": PairStatus.choices,
    }
    return render(request, "linkage/queue.html", context)


def pair_detail(request, pk: int):
    try:
        opened = services.pair_open(actor=request.user, pk=pk)
    except services.PairReplaced as replaced:
        return render(request, "linkage/pair_replaced.html", {"run": replaced.run}, status=404)
    pair = opened.pair
    if request.method == "POST" and "view" in request.POST:
        # Only the agencies holding the pair's two records give views.
        services.require_view_right(actor=request.user, pair=pair)
    if opened.may_give_view and "decision" not in request.POST:
        return _pair_view_page(request, opened)
    accept_label, accepted_message = presenters.accept_wording(pair, services.accept_outcome(pair))
    form = DecisionForm(request.POST or None, accept_label=accept_label)
    if request.method == "POST" and form.is_valid():
        try:
            services.pair_decide(
                actor=request.user,
                pair=pair,
                decision=form.cleaned_data["decision"],
                note=form.cleaned_data["note"],
            )
        except services.MergeRefused as refused:
            form.add_error(None, str(refused))
        else:
            accepted = form.cleaned_data["decision"] == PairStatus.ACCEPTED
            messages.success(request, accepted_message if accepted else "Decision saved.")
            return redirect("linkage:review")
    context = {
        "pair": pair,
        "opened": opened,
        "form": form,
        "reopen_form": ReasonForm(),
        **presenters.pair_page(opened),
        "decisions": list(
            pair.decisions.select_related("decided_by").order_by("-decided_at", "-id")
        ),
    }
    return render_page(request, "linkage/pair.html", context, forms=[form])


def _pair_view_page(request, opened):
    """A pair spanning agencies, for a reviewer of the agency holding the record they see:
    that record, the match weight, and their agency's view; the owners decide together."""
    pair = opened.pair
    form = AgencyViewForm(request.POST or None, initial={"version": pair.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            pair = services.pair_give_view(
                actor=request.user,
                pair=pair,
                view=data["view"],
                note=data["note"],
                expected_version=data["version"],
            )
        except StaleEdit:
            # Show what is true now; the next save is checked against this version.
            pair.refresh_from_db()
            data = request.POST.copy()
            data["version"] = pair.version
            form = AgencyViewForm(data)
            form.is_valid()
            form.add_error(None, STALE_MESSAGE)
        except services.MergeRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, presenters.view_saved_message(pair))
            return redirect("linkage:pair", pk=pair.pk)
    views = services.pair_views(actor=request.user, pair=pair)
    context = {
        "pair": pair,
        "opened": opened,
        "form": form,
        "views": views,
        "other_view_text": presenters.other_view_text(views),
        **presenters.pair_page(opened),
    }
    return render_page(request, "linkage/pair_view.html", context, forms=[form])


@require_POST
def review_group(request):
    """One decision for an obvious group: every record is the same person."""
    pks = [int(v) for v in request.POST.getlist("pair") if v.isdigit()]
    try:
        decided = services.group_decide(actor=request.user, pair_pks=pks)
    except services.MergeRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"{len(decided)} pairs decided: the records are one person.")
    return redirect("linkage:review")


@require_POST
def pair_reopen(request, pk: int):
    pair = services.pair_open(actor=request.user, pk=pk).pair
    try:
        services.pair_reopen(actor=request.user, pair=pair, note=request.POST.get("reason", ""))
    except services.MergeRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, "The pair is back in the review queue.")
    return redirect("linkage:pair", pk=pk)


def person_merge(request, pk: int):
    """Step one of a manual merge: choose the duplicate entry."""
    access.require(request.user, "linkage.merge")
    person = register_services.person_open(
        actor=request.user, pk=pk, purpose="merge register entries"
    )
    form = MergeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        other_pk = form.cleaned_data["other"]
        if other_pk == person.pk:
            form.add_error("other", "Enter the number of a different register entry")
        else:
            return redirect("linkage:person_merge_confirm", pk=person.pk, other=other_pk)
    return render_page(
        request, "linkage/merge.html", {"person": person, "form": form}, forms=[form]
    )


def person_merge_confirm(request, pk: int, other: int):
    """Step two: both entries side by side with the family guard's warnings, then merge."""
    access.require(request.user, "linkage.merge")
    person = register_services.person_open(
        actor=request.user, pk=pk, purpose="merge register entries"
    )
    duplicate = register_services.person_open(
        actor=request.user, pk=other, purpose="merge register entries"
    )
    comparison = services.merge_compare(surviving=person, merged=duplicate)
    form = MergeConfirmForm(request.POST or None, conflicts=comparison.conflicts)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_merge(
                actor=request.user,
                surviving=person,
                merged=duplicate,
                reason=form.cleaned_data["reason"],
            )
        except services.MergeRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, f"Entry {duplicate.pk} has been merged into this one.")
            return redirect("register:person", pk=person.pk)
    context = {
        "person": person,
        "duplicate": duplicate,
        "comparison": comparison,
        "rows": presenters.merge_rows(comparison),
        "form": form,
    }
    return render_page(request, "linkage/merge_confirm.html", context, forms=[form])


def merge_undo(request, pk: int):
    access.require(request.user, "linkage.merge")
    event = services.merge_event_open(actor=request.user, pk=pk)
    person = register_services.person_open(
        actor=request.user, pk=event.surviving_id, purpose="undo a merge"
    )
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_unmerge(
                actor=request.user, event=event, reason=form.cleaned_data["reason"]
            )
        except services.MergeRefused as refused:
            form.add_error("reason", str(refused))
        else:
            messages.success(
                request, f"The merge has been undone: entry {event.merged_id} is separate again."
            )
            return redirect("register:person", pk=person.pk)
    return render_page(
        request,
        "linkage/unmerge.html",
        {"event": event, "person": person, "form": form},
        forms=[form],
    )
