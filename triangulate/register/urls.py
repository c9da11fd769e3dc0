from django.urls import path

from . import views

app_name = "register"

urlpatterns = [
    path("", views.search, name="search"),
    path("people/new", views.person_create, name="person_create"),
    path("people/<int:pk>", views.person_detail, name="person"),
    path("people/<int:pk>/access-log", views.person_access_log, name="access_log"),
    path("people/<int:pk>/flags", views.flags, name="flags"),
    path("people/<int:pk>/flags/<int:flag_pk>/remove", views.flag_remove, name="flag_remove"),
    path(
        "people/<int:pk>/addresses/<int:address_pk>/label",
        views.address_label,
        name="address_label",
    ),
    path("people/<int:pk>/census-factors", views.cin_add, name="cin_add"),
    path("people/<int:pk>/relationships", views.relationship_add, name="relationship_add"),
]
