from django.urls import path

from .views import (
    learning,
    learning_forms,
    overview,
    plans,
    recommendations,
    reports,
    scrutiny,
    setup,
)

app_name = "partnership"

urlpatterns = [
    path("", overview.index, name="index"),
    path("plans/", plans.plan_list, name="plans"),
    path("plans/new", setup.plan_create, name="plan_create"),
    path("plans/<int:pk>", plans.plan_detail, name="plan"),
    path("plans/<int:pk>/objectives/new", setup.objective_create, name="objective_create"),
    path("updates/<int:pk>/evidence", plans.evidence, name="evidence"),
    path("plans/<int:pk>/actions/new", plans.action_create, name="action_create"),
    path("plans/<int:pk>/reviews/new", reports.review_create, name="review_create"),
    path("plans/<int:pk>/versions", reports.versions, name="versions"),
    path("versions/<int:pk>", reports.version_detail, name="version"),
    path("rag-rules", setup.rules, name="rules"),
    path("rag-rules/new", setup.rules_create, name="rules_create"),
    path("slippage", reports.slippage, name="slippage"),
    path("actions/<int:pk>", plans.action_detail, name="action"),
    path("actions/<int:pk>/edit", plans.action_edit, name="action_edit"),
    path("actions/<int:pk>/update", plans.action_update, name="action_update"),
    path("actions/<int:pk>/target-date", plans.action_date, name="action_date"),
    path("actions/<int:pk>/milestones/new", plans.action_milestone, name="action_milestone"),
    path("milestones/<int:pk>/done", plans.milestone_done, name="milestone_done"),
    path("actions/<int:pk>/completion", plans.action_completion, name="action_completion"),
    path("actions/<int:pk>/sign-off", plans.action_sign_off, name="action_sign_off"),
    path("actions/<int:pk>/override", plans.action_override, name="action_override"),
    path("actions/<int:pk>/move", plans.action_move, name="action_move"),
    path("overrides/<int:pk>/decide", plans.override_decide, name="override_decide"),
    path("date-moves/<int:pk>/decide", plans.date_move_decide, name="date_move_decide"),
    path("recommendations/", recommendations.register, name="recommendations"),
    path("recommendations/overlaps", recommendations.overlaps, name="overlaps"),
    path("recommendations/register.xlsx", recommendations.register_export, name="register_export"),
    path("recommendations/<int:pk>", recommendations.recommendation_detail, name="recommendation"),
    path("sources/new", recommendations.source_create, name="source_create"),
    path("sources/<int:pk>", recommendations.source_detail, name="source"),
    path(
        "sources/<int:pk>/new", recommendations.recommendation_create, name="recommendation_create"
    ),
    path(
        "sources/<int:pk>/import",
        recommendations.recommendations_import,
        name="recommendations_import",
    ),
    path("scrutiny/", scrutiny.scrutiny_home, name="scrutiny"),
    path("scrutiny/meetings/new", scrutiny.meeting_create, name="meeting_create"),
    path("scrutiny/meetings/<int:pk>", scrutiny.meeting_detail, name="meeting"),
    path("scrutiny/meetings/<int:pk>/agenda/new", scrutiny.agenda_item_add, name="agenda_item_add"),
    path(
        "scrutiny/meetings/<int:pk>/questions/new", scrutiny.question_draft, name="question_draft"
    ),
    path(
        "scrutiny/meetings/<int:pk>/questions/send", scrutiny.questions_send, name="questions_send"
    ),
    path(
        "scrutiny/meetings/<int:pk>/resolutions/new", scrutiny.resolution_add, name="resolution_add"
    ),
    path(
        "scrutiny/meetings/<int:pk>/follow-ups/<int:resolution_pk>",
        scrutiny.follow_up_to_agenda,
        name="follow_up_to_agenda",
    ),
    path("scrutiny/meetings/<int:pk>/minutes.pdf", scrutiny.minutes_pdf, name="minutes_pdf"),
    path("scrutiny/questions/<int:pk>/assign", scrutiny.question_assign, name="question_assign"),
    path("scrutiny/questions/<int:pk>/answer", scrutiny.answer_record, name="answer_record"),
    path("scrutiny/questions/<int:pk>/respond", scrutiny.question_respond, name="question_respond"),
    path("scrutiny/witness-officers", scrutiny.witness_officers, name="witness_officers"),
    path("training/", learning.training, name="training"),
    path("training/import", learning.completions_import, name="completions_import"),
    path("training/learners/import", learning.learners_import, name="learners_import"),
    path("training/still-to-train", learning.still_to_train, name="still_to_train"),
    path("training/events/new", learning_forms.event_create, name="event_create"),
    path("audits/", learning.audits, name="audits"),
    path("audits/new", learning_forms.audit_create, name="audit_create"),
    path("audits/section-11/new", learning_forms.section11_create, name="section11_create"),
    path("audits/<int:pk>/cases/new", learning_forms.audit_case_add, name="audit_case_add"),
    path("audits/<int:pk>/findings/new", learning_forms.finding_add, name="finding_add"),
    path("audits/<int:pk>", learning.audit_detail, name="audit"),
    path("audits/findings/<int:pk>/action", learning.finding_to_action, name="finding_to_action"),
]
