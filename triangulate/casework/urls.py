from django.urls import path

from . import views

app_name = "casework"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("open/<int:contact_pk>", views.open_case, name="open"),
    path("<int:pk>", views.case_detail, name="case"),
    path("<int:pk>/allocate", views.allocate, name="allocate"),
    path("<int:pk>/transfer", views.transfer, name="transfer"),
    path("<int:pk>/tasks", views.add_task, name="add_task"),
    path("<int:pk>/tasks/<int:task_pk>/done", views.complete_task, name="complete_task"),
    path("<int:pk>/status", views.close_or_reopen, name="status"),
    path(
        "<int:pk>/closure/<int:request_pk>/sign-off",
        views.closure_sign_off,
        name="closure_sign_off",
    ),
    path("<int:pk>/closure/<int:request_pk>/return", views.closure_return, name="closure_return"),
    path("<int:pk>/notes/new", views.note_new, name="note_new"),
    path("notes/<int:pk>", views.note_detail, name="note"),
    path("notes/<int:pk>/correct", views.note_correct, name="note_correct"),
    path("notes/<int:pk>/share", views.note_share, name="note_share"),
    path("notes/<int:pk>/label", views.note_label, name="note_label"),
    path("child/<int:person_pk>/notes/new", views.note_child_new, name="note_child_new"),
    path("<int:pk>/supervision", views.supervision_new, name="supervision_new"),
    path("oversight", views.team_oversight, name="oversight"),
    path("teams", views.team_list, name="teams"),
    path("teams/new", views.team_new, name="team_new"),
    path("teams/<int:pk>", views.team_detail, name="team"),
    path("child/<int:person_pk>/chronology", views.chronology_page, name="chronology"),
    path(
        "child/<int:person_pk>/chronology.pdf",
        views.chronology_export,
        {"export_format": "pdf"},
        name="chronology_pdf",
    ),
    path(
        "child/<int:person_pk>/chronology.xlsx",
        views.chronology_export,
        {"export_format": "xlsx"},
        name="chronology_xlsx",
    ),
    path("child/<int:person_pk>/documents", views.documents, name="documents"),
    path("documents/<int:pk>", views.document, name="document"),
    path("documents/<int:pk>/file", views.document_file, name="document_file"),
    path("documents/<int:pk>/withdraw", views.document_withdraw, name="document_withdraw"),
    path("documents/<int:pk>/share", views.document_share, name="document_share"),
    path("<int:pk>/strategy/new", views.strategy_new, name="strategy_new"),
    path(
        "strategy/from-contact/<int:contact_pk>",
        views.strategy_from_contact,
        name="strategy_from_contact",
    ),
    path("strategy/<int:pk>", views.strategy_detail, name="strategy"),
    path("strategy/<int:pk>/actions", views.strategy_action_add, name="strategy_action_add"),
    path("strategy/actions/<int:pk>/done", views.strategy_action_done, name="strategy_action_done"),
    path("strategy/<int:pk>/investigation", views.investigation_save, name="investigation"),
]
