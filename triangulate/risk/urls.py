from django.urls import path

from . import views

app_name = "risk"

urlpatterns = [
    path("", views.index, name="index"),
    path("people/<int:person_pk>/assess", views.assessment_new, name="assessment_new"),
    path("people/<int:person_pk>/history", views.history, name="history"),
    path("people/<int:person_pk>/contribute", views.contribute, name="contribute"),
    path("people/<int:person_pk>/plan", views.plan_new, name="plan_new"),
    path("assessments/<int:pk>", views.assessment_detail, name="assessment"),
    path("assessments/<int:pk>/edit", views.assessment_edit, name="assessment_edit"),
    path("plans/<int:pk>", views.plan_detail, name="plan"),
    path("actions/<int:pk>", views.plan_action_detail, name="action"),
    path("tools", views.tools, name="tools"),
    path("tools/edit", views.tool_structure, name="tool_structure"),
    path("tools/edit-definition", views.tool_edit, name="tool_edit"),
]
