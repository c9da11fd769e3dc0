from django.urls import path

from . import views

app_name = "linkage"

urlpatterns = [
    path("", views.index, name="index"),
    path("extracts/new", views.extract_upload, name="extract_upload"),
    path("extracts/<int:pk>", views.extract_detail, name="extract"),
    path("extracts/<int:pk>/columns", views.extract_mapping, name="extract_mapping"),
    path("extracts/<int:pk>/delete", views.extract_delete, name="extract_delete"),
    path("runs/new", views.run_start, name="run_start"),
    path("runs/<int:pk>", views.run_detail, name="run"),
    path("review", views.review_queue, name="review"),
    path("review/group", views.review_group, name="review_group"),
    path("review/<int:pk>", views.pair_detail, name="pair"),
    path("review/<int:pk>/reopen", views.pair_reopen, name="pair_reopen"),
    path("people/<int:pk>/merge", views.person_merge, name="person_merge"),
    path(
        "people/<int:pk>/merge/<int:other>",
        views.person_merge_confirm,
        name="person_merge_confirm",
    ),
    path("merges/<int:pk>/undo", views.merge_undo, name="merge_undo"),
]
