from django.urls import path

from . import views

app_name = "intelligence"

urlpatterns = [
    path("", views.log, name="log"),
    path("submit", views.submit, name="submit"),
    path("items/<int:pk>", views.item, name="item"),
    path("shared/<int:pk>", views.shared, name="shared"),
    path("tasks/<int:pk>", views.task, name="task"),
    path("people/", views.concerns, name="concerns"),
    path("people/new", views.concern_new, name="concern_new"),
    path("people/<int:pk>", views.concern, name="concern"),
    path("places/", views.places, name="places"),
    path("places/new", views.place_new, name="place_new"),
    path("places/<int:pk>", views.place, name="place"),
    path("licensing/<int:pk>", views.licensing, name="licensing"),
    path("groups/", views.groups, name="groups"),
    path("groups/new", views.group_new, name="group_new"),
    path("groups/<int:pk>", views.group, name="group"),
    path("people/<int:pk>/tactics/new", views.tactic_new, name="tactic_new"),
    path("tactics/<int:pk>", views.tactic, name="tactic"),
    path("disruption/", views.disruption, name="disruption"),
    path("children/<int:person_pk>/nrm", views.nrm_new, name="nrm_new"),
    path("nrm/<int:pk>", views.nrm, name="nrm"),
    path("hotspots/", views.hotspots, name="hotspots"),
    path("profiles/", views.profiles, name="profiles"),
    path("profiles/new", views.profile_new, name="profile_new"),
    path("profiles/<int:pk>", views.profile, name="profile"),
    path("profiles/<int:pk>/narrative", views.profile_write, name="profile_write"),
    path(
        "profiles/<int:pk>/police.pdf",
        views.profile_pdf,
        {"edition": "police"},
        name="profile_police_pdf",
    ),
    path(
        "profiles/<int:pk>/partner.pdf",
        views.profile_pdf,
        {"edition": "partner"},
        name="profile_partner_pdf",
    ),
    path("network/", views.network_page, name="network"),
    path("network/nodes.csv", views.network_export, {"part": "nodes"}, name="network_nodes"),
    path("network/edges.csv", views.network_export, {"part": "edges"}, name="network_edges"),
    path(
        "network/network.graphml",
        views.network_export,
        {"part": "graphml"},
        name="network_graphml",
    ),
]
