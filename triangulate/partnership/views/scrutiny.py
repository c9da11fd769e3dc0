"""Scrutiny pages: meetings, questions, answers, resolutions, a councillor's own view."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from triangulate.core import access
from triangulate.core.audit import audit
from triangulate.core.forms import attempt
from triangulate.core.models import AuditAction
from triangulate.core.presenters import uk_date
from triangulate.core.views.rendering import render_page

from .. import presenters
from ..forms import (
    AgendaItemForm,
    AnswerForm,
    AssignForm,
    MeetingForm,
    QuestionForm,
    ResolutionForm,
    WitnessAnswerForm,
    WitnessOfficerForm,
)
from ..models import Meeting, Question, Resolution, WitnessOfficer
from ..services import pdf
from ..services import scrutiny as services
from .common import today


def scrutiny_home(request):
    access.require(request.user, "partnership.view")
    meetings = Meeting.objects.select_related("committee").order_by("-held_on", "-id")
    context = {
        "meetings": meetings,
        "overdue": services.overdue_answers(today()),
        "my_questions": services.member_questions(request.user),
        "my_follow_ups": services.member_follow_ups(request.user),
        "may_manage": access.may(request.user, "scrutiny.manage"),
        "today": today(),
        "answer_tag": presenters.answer_tag,
    }
    return render(request, "partnership/scrutiny_home.html", context)


def meeting_create(request):
    access.require(request.user, "scrutiny.manage")
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        meeting = services.meeting_create(actor=request.user, **form.cleaned_data)
        messages.success(request, "The meeting has been arranged.")
        return redirect("partnership:meeting", pk=meeting.pk)
    return render_page(request, "partnership/meeting_form.html", {"form": form}, forms=[form])


def meeting_detail(request, pk: int):
    access.require(request.user, "partnership.view")
    meeting = get_object_or_404(Meeting.objects.select_related("committee__chair"), pk=pk)
    user = request.user
    context = {
        "meeting": meeting,
        **services.meeting_detail(meeting),
        "today": today(),
        "answer_tag": presenters.answer_tag,
        "may_manage": access.may(user, "scrutiny.manage"),
        "may_ask": access.may(user, "scrutiny.ask"),
        "may_assign": access.may(user, "scrutiny.manage") or meeting.committee.chair_id == user.pk,
    }
    return render(request, "partnership/meeting_detail.html", context)


def _meeting_form(
    request, pk, form_class, template, run, success, field=None, permission="scrutiny.manage"
):
    meeting = get_object_or_404(Meeting.objects.select_related("committee"), pk=pk)
    access.require(request.user, permission)
    form = form_class(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(form, lambda: run(meeting, form.cleaned_data), field)
    ):
        messages.success(request, success)
        return redirect("partnership:meeting", pk=meeting.pk)
    return render_page(request, template, {"form": form, "meeting": meeting}, forms=[form])


def agenda_item_add(request, pk: int):
    return _meeting_form(
        request,
        pk,
        AgendaItemForm,
        "partnership/agenda_form.html",
        lambda meeting, data: services.agenda_item_add(actor=request.user, meeting=meeting, **data),
        "The agenda item has been added.",
    )


def question_draft(request, pk: int):
    return _meeting_form(
        request,
        pk,
        QuestionForm,
        "partnership/question_form.html",
        lambda meeting, data: services.question_draft(actor=request.user, meeting=meeting, **data),
        "Your question has been drafted. The chair will assign it to a member to ask.",
        permission="scrutiny.ask",
    )


def resolution_add(request, pk: int):
    return _meeting_form(
        request,
        pk,
        ResolutionForm,
        "partnership/resolution_form.html",
        lambda meeting, data: services.resolution_add(actor=request.user, meeting=meeting, **data),
        "The resolution has been recorded.",
    )


def questions_send(request, pk: int):
    meeting = get_object_or_404(Meeting, pk=pk)
    access.require(request.user, "scrutiny.manage")
    if request.method == "POST":
        count = services.questions_send(actor=request.user, meeting=meeting)
        messages.success(
            request, f"{count} question{'s' if count != 1 else ''} sent to the witness agencies."
        )
    return redirect("partnership:meeting", pk=meeting.pk)


def follow_up_to_agenda(request, pk: int, resolution_pk: int):
    meeting = get_object_or_404(Meeting, pk=pk)
    # A follow-up comes from a meeting of the same committee; any other is a 404.
    resolution = get_object_or_404(
        Resolution.objects.select_related("meeting"),
        pk=resolution_pk,
        meeting__committee_id=meeting.committee_id,
    )
    access.require(request.user, "scrutiny.manage")
    if request.method == "POST":
        services.agenda_item_add(
            actor=request.user,
            meeting=meeting,
            title=f"Follow-up: {resolution.text[:200]} (resolved {uk_date(resolution.meeting.held_on)})",
            follow_up_of=resolution,
        )
        messages.success(request, "The follow-up is on this meeting's agenda.")
    return redirect("partnership:meeting", pk=meeting.pk)


def question_assign(request, pk: int):
    question = get_object_or_404(Question.objects.select_related("meeting__committee"), pk=pk)
    committee = question.meeting.committee
    members = services.elected_members_of(committee)
    form = AssignForm(request.POST or None, members=members)
    if not (access.may(request.user, "scrutiny.manage") or committee.chair_id == request.user.pk):
        access.require(request.user, "scrutiny.manage")
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            form,
            lambda: services.question_assign(
                actor=request.user, question=question, member=form.cleaned_data["member"]
            ),
            "member",
        )
    ):
        messages.success(request, f"Question {question.number} has been assigned.")
        return redirect("partnership:meeting", pk=question.meeting_id)
    return render_page(
        request,
        "partnership/assign_form.html",
        {"form": form, "question": question, "meeting": question.meeting},
        forms=[form],
    )


def answer_record(request, pk: int):
    question = get_object_or_404(
        Question.objects.select_related("meeting__committee", "witness_agency"), pk=pk
    )
    access.require(request.user, "scrutiny.manage")
    form = AnswerForm(
        request.POST or None,
        current_due=question.answer_due_on,
        initial={
            "mode": question.answer_mode,
            "answer": question.answer,
            "due_on": question.answer_due_on,
            "version": question.version,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def call():
            services.answer_record(
                actor=request.user,
                question=question,
                expected_version=data.get("version") or 0,
                mode=data["mode"],
                answer=data["answer"],
                due_on=data["due_on"],
            )

        if attempt(form, call, "due_on"):
            messages.success(
                request, f"The answer to question {question.number} has been recorded."
            )
            return redirect("partnership:meeting", pk=question.meeting_id)
        question.refresh_from_db()
    return render_page(
        request,
        "partnership/answer_form.html",
        {"form": form, "question": question, "meeting": question.meeting},
        forms=[form],
    )


def question_respond(request, pk: int):
    """The witness agency's officer answers a question sent to their agency."""
    question = get_object_or_404(
        Question.objects.select_related("meeting__committee", "witness_agency", "answered_by"),
        pk=pk,
    )
    access.require(request.user, "scrutiny.answer", question)
    form = WitnessAnswerForm(request.POST or None, initial={"version": question.version})
    if request.method == "POST" and form.is_valid():

        def call():
            services.answer_submit(
                actor=request.user,
                question=question,
                expected_version=form.cleaned_data.get("version") or 0,
                answer=form.cleaned_data["answer"],
            )

        if attempt(form, call, "answer"):
            messages.success(
                request,
                f"Your answer to question {question.number} has been sent to the committee.",
            )
            return redirect("core:my_work")
        question.refresh_from_db()
    return render_page(
        request,
        "partnership/witness_answer_form.html",
        {"form": form, "question": question, "meeting": question.meeting, "today": today()},
        forms=[form],
    )


def witness_officers(request):
    """Who answers scrutiny questions for each agency; the scrutiny officer names them."""
    access.require(request.user, "scrutiny.manage")
    form = WitnessOfficerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        nominee = services.witness_officer_nominate(
            actor=request.user, officer=form.cleaned_data["officer"]
        )
        messages.success(
            request,
            f"{nominee.officer.display_name} now answers scrutiny questions for "
            f"{nominee.officer.agency.name}.",
        )
        return redirect("partnership:witness_officers")
    nominees = WitnessOfficer.objects.select_related("agency", "officer").order_by(
        "agency__name", "id"
    )
    return render_page(
        request,
        "partnership/witness_officers.html",
        {"form": form, "nominees": nominees},
        forms=[form],
    )


def minutes_pdf(request, pk: int):
    access.require(request.user, "partnership.view")
    meeting = get_object_or_404(Meeting.objects.select_related("committee"), pk=pk)
    detail = services.meeting_detail(meeting)
    agenda = [
        [str(i.number), "Exempt item (not for publication)" if i.is_exempt else i.title, i.pages]
        for i in detail["agenda"]
    ]
    questions = [
        {
            "number": q.number,
            "asked_by": q.asked_by.display_name if q.asked_by else q.drafted_by.display_name,
            "text": q.text,
            "answer": q.answer
            or (
                f"Written answer due {uk_date(q.answer_due_on)}."
                if q.answer_due_on
                else "Not yet answered."
            ),
        }
        for q in detail["questions"]
    ]
    resolutions = [
        [str(r.number), r.text, r.owner.display_name, uk_date(r.follow_up_on) or "None"]
        for r in detail["resolutions"]
    ]
    content = pdf.minutes_pdf(f"Minutes: {meeting}", agenda, questions, resolutions)
    audit(request.user, AuditAction.EXPORT, meeting, "export meeting minutes as PDF")
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="minutes-{meeting.held_on:%Y-%m-%d}.pdf"'
    )
    return response
