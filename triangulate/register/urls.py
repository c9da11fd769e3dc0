from django.urls import path

from . import views

app_name = "register"

urlpatterns = [
    path("", views.search, name="search"),
    path("people/new", views.person_create, name="person_create"),
    path("people/<int:pk>", views.person_detail, name="person"),
    path("people/<int:pk>/access-log", views.person_access_log, name="access_log"),
]
