from django.urls import path

from . import views

app_name = "performance"

urlpatterns = [
    path("", views.index, name="index"),
    path("measures/<slug:slug>", views.measure, name="measure"),
    path("measures/<slug:slug>/<int:year>/<int:month>", views.records, name="records"),
    path("packs/", views.packs, name="packs"),
    path("packs/<int:pk>", views.pack, name="pack"),
    path("packs/<int:pk>.pdf", views.pack_pdf, name="pack_pdf"),
    path("inspection", views.inspection, name="inspection"),
]
