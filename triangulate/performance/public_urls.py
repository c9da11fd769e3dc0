from django.urls import path

from . import views

app_name = "public_performance"

urlpatterns = [
    path("", views.public_reports, name="list"),
    path("<int:pk>", views.public_report, name="report"),
    path("<int:pk>.csv", views.public_report_csv, name="csv"),
    path("<int:pk>.pdf", views.public_report_pdf, name="pdf"),
]
