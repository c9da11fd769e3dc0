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
]
