from django.urls import path

from . import views

app_name = "performance"

urlpatterns = [
    path("", views.index, name="index"),
    path("measures/<slug:slug>", views.measure, name="measure"),
    path("measures/<slug:slug>/<int:year>/<int:month>", views.records, name="records"),
]
