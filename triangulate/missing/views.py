"""Missing pages: the overview, episodes, return home interviews and Philomena profiles."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from triangulate.core import access
from triangulate.core import presenters as core_presenters
from triangulate.core.audit import audit_shown
from triangulate.core.forms import refusal_shown
from triangulate.core.presenters import first_rows
from triangulate.core.views.rendering import render_page
from triangulate.register.services import person_open

from . import presenters, services
from .forms import (
    EndEpisodeForm,
    EpisodeForm,
    InterviewForm,
    PoliceRiskForm,
    PoliceTaskDoneForm,
    ProfileForm,
)
from .models import InterviewOutcome
from .pdf import profile_pdf


def overview(request):
    access.require(request.user, "missing.record")
    user = request.user
    open_episodes, open_total = first_rows(services.open_episodes(actor=user))
    interviews, interviews_total = first_rows(services.interviews_outstanding(actor=user))
    recent = services.recent_episodes(actor=user)
    repeat_all = services.repeat_missing(actor=user)
    most = sorted(repeat_all, key=lambda person_id: (-repeat_all[person_id], person_id))
    repeat = {person_id: repeat_all[person_id] for person_id in most[: core_presenters.LIST_LIMIT]}
    audit_shown(
        user, [*open_episodes, *interviews, *recent], "view the missing overview",
        repeat_missing=sorted(repeat),
    )  # fmt: skip
    context = {
        "open_episodes": presenters.episode_rows(user, open_episodes),
        "interviews": presenters.interview_rows(user, interviews),
        "repeat": presenters.repeat_rows(user, repeat),
        "totals": {
            "open": open_total,
            "interviews": interviews_total,
            "repeat": len(repeat_all),
        },
        "policy": services.current_policy(),
        "recent": presenters.episode_rows(user, recent),
    }
    return render(request, "missing/overview.html", context)


def episode_new(request, person_pk: int):
    access.require(request.user, "missing.record", record=("register.person", person_pk))
    person = person_open(actor=request.user, pk=person_pk, purpose="record a missing episode")
    access.require(request.user, "missing.record", person)
    form = EpisodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and form.cleaned_data["started_at"]:
        data = form.cleaned_data
        with refusal_shown(form):
            episode = services.episode_record(
                actor=request.user,
                person=person,
                category=data["category"],
                started_at=data["started_at"],
                reported_by=data["reported_by"],
                police_reference=data["police_reference"],
                police_risk=data["police_risk"],
                placed_out_of_area=data["placed_out_of_area"],
                placing_authority=data["placing_authority"],
            )
            note = (
                " The Philomena profile is ready to produce for police below."
                if services.profile_current(actor=request.user, person=person)
                else ""
            )
            messages.success(
                request, "Missing episode recorded. A risk review has been prompted." + note
            )
            return redirect("missing:episode", pk=episode.pk)
    return render_page(
        request, "missing/episode_form.html", {"person": person, "form": form}, forms=[form]
    )


def episode_detail(request, pk: int):
    episode = services.episode_open(actor=request.user, pk=pk)
    end_form = EndEpisodeForm(
        request.POST if request.POST.get("form") == "end" else None,
        initial={"version": episode.version},
    )
    risk_form = PoliceRiskForm(
        request.POST if request.POST.get("form") == "risk" else None,
        initial={"level": episode.police_risk},
    )
    if request.method == "POST":
        if (
            request.POST.get("form") == "end"
            and end_form.is_valid()
            and end_form.cleaned_data["ended_at"]
        ):
            data = end_form.cleaned_data
            with refusal_shown(end_form):
                interview = services.episode_end(
                    actor=request.user,
                    episode=episode,
                    expected_version=data["version"],
                    ended_at=data["ended_at"],
                    where_found=data["where_found"],
                    found_with=data["found_with"],
                )
                messages.success(
                    request,
                    "Episode ended. A return home interview is due by "
                    f"{presenters.uk_datetime(interview.due_at)}.",
                )
                return redirect("missing:episode", pk=episode.pk)
        elif request.POST.get("form") == "risk" and risk_form.is_valid():
            services.police_risk_change(
                actor=request.user,
                episode=episode,
                level=risk_form.cleaned_data["level"],
                note=risk_form.cleaned_data["note"],
            )
            messages.success(request, "Police risk level changed.")
            return redirect("missing:episode", pk=episode.pk)
    interview = services.interview_for(actor=request.user, episode=episode)
    context = {
        "episode": episode,
        "person": episode.person,
        "summary": presenters.episode_summary(episode),
        "changes": services.risk_changes(actor=request.user, episode=episode),
        "interview": interview,
        "interview_tag": presenters.interview_tag(interview) if interview else None,
        "police_tasks": (
            services.police_tasks_for(actor=request.user, interview=interview) if interview else []
        ),
        "profile": services.profile_current(actor=request.user, person=episode.person),
        "end_form": end_form,
        "risk_form": risk_form,
        "may_change": services.episode_may_change(actor=request.user, episode=episode),
    }
    return render_page(request, "missing/episode_detail.html", context, forms=[end_form, risk_form])


def interview_edit(request, pk: int):
    access.require(request.user, "missing.interview", record=("missing.returninterview", pk))
    interview = services.interview_open(actor=request.user, pk=pk)
    access.require(request.user, "missing.interview", interview.person)
    initial = {
        "outcome": interview.outcome if interview.outcome != InterviewOutcome.AWAITING else None,
        "version": interview.version,
        "not_held_reason": interview.not_held_reason,
        "interviewer": interview.interviewer,
        "interviewer_agency": interview.interviewer_agency,
        "push_factors": interview.push_factors,
        "pull_factors": interview.pull_factors,
        "where_went": interview.where_went,
        "with_whom": interview.with_whom,
        "harm": interview.harm,
        "shared_with": interview.shared_with,
    }
    form = InterviewForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid() and not form.errors:
        data = form.cleaned_data
        with refusal_shown(form):
            services.interview_record(
                actor=request.user,
                interview=interview,
                expected_version=data["version"],
                outcome=data["outcome"],
                offered_at=data["offered_at"],
                held_at=data["held_at"],
                not_held_reason=data["not_held_reason"],
                interviewer=data["interviewer"],
                interviewer_agency=data["interviewer_agency"],
                independent=data["independent_bool"],
                push_factors=data["push_factors"],
                pull_factors=data["pull_factors"],
                where_went=data["where_went"],
                with_whom=data["with_whom"],
                harm=data["harm"],
                shared_with=data["shared_with"],
                raise_intelligence=data["raise_intelligence"],
                prompt_review=data["prompt_review"],
            )
            tasks = services.police_tasks_for(actor=request.user, interview=interview)
            forces = " and ".join(task.police_agency.name for task in tasks)
            messages.success(
                request,
                "Return home interview recorded."
                + (
                    f" The findings were sent to {forces} as intelligence to grade, and as a task "
                    "in their My work to record on police systems."
                    if data["raise_intelligence"] and tasks
                    else ""
                ),
            )
            return redirect("missing:episode", pk=interview.episode_id)
    context = {
        "interview": interview,
        "person": interview.person,
        "episode": interview.episode,
        "form": form,
        "tag": presenters.interview_tag(interview),
    }
    return render_page(request, "missing/interview_form.html", context, forms=[form])


def police_task(request, pk: int):
    """Findings passed to the police: what they need, and "recorded on police systems"."""
    task = services.police_task_open(actor=request.user, pk=pk)
    form = PoliceTaskDoneForm(request.POST or None, initial={"version": task.version})
    may_complete = access.may(request.user, "missing.police_task", task)
    if request.method == "POST" and form.is_valid():
        with refusal_shown(form):
            services.police_task_done(
                actor=request.user,
                task=task,
                expected_version=form.cleaned_data["version"],
                intelligence_reference=form.cleaned_data["intelligence_reference"],
            )
            messages.success(request, "Recorded: the findings are held as police intelligence.")
            return redirect("missing:police_task", pk=task.pk)
    context = {
        "task": task,
        "summary": presenters.police_task_summary(task),
        "form": form,
        "may_complete": may_complete and task.done_at is None,
    }
    return render_page(request, "missing/police_task.html", context, forms=[form])


def profile_edit(request, person_pk: int):
    access.require(request.user, "missing.record", record=("register.person", person_pk))
    person = person_open(actor=request.user, pk=person_pk, purpose="keep a Philomena profile")
    access.require(request.user, "missing.record", person)
    current = services.profile_current(actor=request.user, person=person)
    initial = {"version": current.version if current else 0}
    if current:
        initial.update(
            description=current.description,
            associates=current.associates,
            places=current.places,
            phones_and_social_media=current.phones_and_social_media,
            health_needs=current.health_needs,
            carer_contact=current.carer_contact,
            school=current.school,
        )
    form = ProfileForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        photo = data.get("photo")
        with refusal_shown(form):
            services.profile_save(
                actor=request.user,
                person=person,
                expected_version=data["version"],
                description=data["description"],
                associates=data["associates"],
                places=data["places"],
                phones_and_social_media=data["phones_and_social_media"],
                health_needs=data["health_needs"],
                carer_contact=data["carer_contact"],
                school=data["school"],
                photo=photo[0] if photo else None,
                photo_content_type=photo[1] if photo else "",
            )
            messages.success(request, "Philomena profile saved as a new version.")
            return redirect("register:person", pk=person.pk)
    context = {"person": person, "form": form, "current": current}
    return render_page(request, "missing/profile_form.html", context, forms=[form])


def profile_photo(request, pk: int):
    profile = services.profile_photo(actor=request.user, pk=pk)
    if not profile.photo:
        return HttpResponse(status=404)
    response = HttpResponse(bytes(profile.photo), content_type=profile.photo_content_type)
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def profile_release(request, episode_pk: int):
    episode = services.episode_open(actor=request.user, pk=episode_pk)
    try:
        release = services.profile_release(actor=request.user, episode=episode)
    except services.EpisodeInvalid as invalid:
        messages.error(request, invalid.errors["profile"])
        return redirect("missing:episode", pk=episode.pk)
    profile = release.profile
    content = profile_pdf(profile, episode, address=release.address, history=release.history)
    response = HttpResponse(content, content_type="application/pdf")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = (
        f'attachment; filename="philomena-profile-{profile.person_id}-{stamp}.pdf"'
    )
    response["Cache-Control"] = "no-store"
    return response
