"""Survivors' feedback and "you said, we did" for the partnership's officers."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect

from triangulate.core import access
from triangulate.core.concurrency import STALE_MESSAGE
from triangulate.core.forms import add_errors, refusal_shown
from triangulate.core.views.rendering import render_page

from .. import presenters
from ..forms import FeedbackForm, ResponseForm, TagForm
from ..services import Invalid, StaleEdit, voice


def feedback_list(request):
    theme = request.GET.get("theme", "")
    everything = voice.feedback_list(actor=request.user)
    items = voice.feedback_list(actor=request.user, theme=theme) if theme else everything
    context = {
        "rows": presenters.feedback_rows(items),
        "themes": voice.theme_counts(everything),
        "theme": theme,
        "may_manage": access.may(request.user, "support.manage_voice"),
        "responses": presenters.staff_responses(voice.responses(actor=request.user)),
        "actions": voice.actions_from_feedback(voice.responses(actor=request.user)),
    }
    return render_page(request, "support/feedback_list.html", context)


def feedback_new(request):
    access.require(request.user, "support.feedback_enter")
    form = FeedbackForm(request.POST or None, services=voice.published_services())
    if request.method == "POST" and form.is_valid():
        with refusal_shown(form):
            voice.feedback_enter(actor=request.user, **form.values())
            messages.success(request, "Feedback recorded. Thank you for passing it on.")
            return redirect("support:feedback_new")
    return render_page(request, "support/feedback_form.html", {"form": form}, forms=[form])


def feedback_detail(request, pk: int):
    item = voice.feedback_open(actor=request.user, pk=pk)
    may_manage = access.may(request.user, "support.manage_voice")
    form = TagForm(
        request.POST if request.method == "POST" else None,
        initial={"version": item.version, "themes": item.themes},
    )
    if request.method == "POST":
        access.require(request.user, "support.manage_voice", record=("support.feedback", pk))
        if form.is_valid():
            try:
                voice.feedback_tag(
                    actor=request.user,
                    feedback=item,
                    expected_version=form.cleaned_data["version"],
                    themes=form.cleaned_data["themes"],
                )
            except StaleEdit:
                form.add_error(None, STALE_MESSAGE)
                item = voice.feedback_open(actor=request.user, pk=pk)
            except Invalid as invalid:
                add_errors(form, invalid.errors)
            else:
                messages.success(request, "Themes saved.")
                return redirect("support:feedback", pk=item.pk)
    context = {"item": item, "rows": presenters.feedback_summary(item), "form": form,
               "may_manage": may_manage}  # fmt: skip
    return render_page(request, "support/feedback.html", context, forms=[form])


def response_new(request):
    access.require(request.user, "support.manage_voice")
    form = ResponseForm(
        request.POST or None,
        actions=voice.action_choices(),
        feedback=voice.feedback_list(actor=request.user),
        initial={"is_published": True, "feedback": request.GET.getlist("feedback")},
    )
    if request.method == "POST" and form.is_valid():
        with refusal_shown(form):
            voice.response_create(actor=request.user, **form.values())
            messages.success(request, "\u201cYou said, we did\u201d recorded.")
            return redirect("support:feedback_list")
    return render_page(request, "support/response_form.html", {"form": form}, forms=[form])
