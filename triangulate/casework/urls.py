from django.urls import path

from . import views

app_name = "casework"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("open/<int:contact_pk>", views.open_case, name="open"),
    path("<int:pk>", views.case_detail, name="case"),
    path("<int:pk>/allocate", views.allocate, name="allocate"),
    path("<int:pk>/tasks", views.add_task, name="add_task"),
    path("<int:pk>/tasks/<int:task_pk>/done", views.complete_task, name="complete_task"),
    path("<int:pk>/status", views.close_or_reopen, name="status"),
    path("<int:pk>/notes/new", views.note_new, name="note_new"),
    path("notes/<int:pk>", views.note_detail, name="note"),
    path("notes/<int:pk>/correct", views.note_correct, name="note_correct"),
    path("notes/<int:pk>/share", views.note_share, name="note_share"),
]
