"""Public pages: no sign-in, no personal data."""

from __future__ import annotations

from django.shortcuts import redirect, render

from triangulate.core.forms import refusal_shown
from triangulate.core.middleware import public
from triangulate.core.views.rendering import public_post_refused, render_page

from .. import presenters
from ..forms import PublicFeedbackForm, PublicRaiseForm, ReferenceForm
from ..services import complaints, directory, voice


@public
def support_services(request):
    services = directory.published_services()
    return render(
        request, "support/public_services.html", {"cards": presenters.public_cards(services)}
    )


REFUSED = "support/public_refused.html"
TOO_BIG = "Your feedback is too long to send. Shorten it and try again."
TOO_MANY = (
    "You have sent a lot of feedback from this connection. Wait an hour and try again. "
    "If a child is in immediate danger, call 999."
)


@public
def feedback(request):
    if refused := public_post_refused(request, "public_feedback", REFUSED, TOO_BIG, TOO_MANY):
        return refused
    form = PublicFeedbackForm(request.POST or None, services=voice.published_services())
    if request.method == "POST" and form.is_valid():
        if form.is_bot():
            # A bot filled the hidden box: thank it and store nothing.
            return redirect("support:public_feedback_thanks")
        with refusal_shown(form):
            voice.feedback_public(**form.values())
            return redirect("support:public_feedback_thanks")
    return render_page(request, "support/public_feedback.html", {"form": form}, forms=[form])


@public
def feedback_thanks(request):
    return render(request, "support/public_feedback_thanks.html")


@public
def you_said_we_did(request):
    items = voice.published_responses()
    context = {
        "rows": presenters.public_responses(items),
        "actions": voice.actions_from_feedback(items),
    }
    return render(request, "support/public_you_said.html", context)


RAISE_TOO_MANY = (
    "You have sent a lot from this connection. Wait an hour and try again. "
    "If a child is in immediate danger, call 999."
)


@public
def raise_concern(request):
    """Complaints and whistleblowing from anyone, staff included: nobody is signed in here,
    so nothing but what the person chooses to tell us says who they are."""
    if refused := public_post_refused(
        request, "public_complaint", REFUSED, TOO_BIG, RAISE_TOO_MANY
    ):
        return refused
    form = PublicRaiseForm(request.POST or None, agencies=complaints.agencies())
    if request.method == "POST" and form.is_valid():
        if form.is_bot():
            request.session["support_reference"] = complaints.new_reference()
            return redirect("support:public_raised")
        with refusal_shown(form):
            raised = complaints.complaint_raise(**form.values())
            request.session["support_reference"] = raised.reference
            return redirect("support:public_raised")
    return render_page(request, "support/public_raise.html", {"form": form}, forms=[form])


@public
def raised(request):
    reference = request.session.pop("support_reference", None)
    if reference is None:
        return redirect("support:public_raise")
    return render(request, "support/public_raised.html", {"reference": reference})


@public
def raised_status(request):
    found = None
    if refused := public_post_refused(request, "public_status", REFUSED, TOO_BIG, RAISE_TOO_MANY):
        return refused
    form = ReferenceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        found = complaints.complaint_status(form.cleaned_data["reference"])
        if found is None:
            form.add_error("reference", "We cannot find that reference. Check it and try again")
    context = {"form": form, "found": found, "rows": presenters.public_status(found)}
    return render_page(request, "support/public_raise_status.html", context, forms=[form])
