from django.urls import path

from . import views

app_name = "missing"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("people/<int:person_pk>/episodes/new", views.episode_new, name="episode_new"),
    path("people/<int:person_pk>/profile", views.profile_edit, name="profile_edit"),
    path("episodes/<int:pk>", views.episode_detail, name="episode"),
    path("episodes/<int:episode_pk>/philomena.pdf", views.profile_release, name="profile_release"),
    path("interviews/<int:pk>", views.interview_edit, name="interview"),
    path("police-findings/<int:pk>", views.police_task, name="police_task"),
    path("profiles/<int:pk>/photo", views.profile_photo, name="profile_photo"),
]
