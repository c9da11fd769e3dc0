from django.urls import path

from . import views

app_name = "governance"

urlpatterns = [
    path("account/second-step", views.verify, name="verify"),
    path("account/set-up-authenticator", views.enrol, name="enrol"),
    path("governance/users", views.users, name="users"),
    path(
        "governance/users/<int:pk>/reset-two-factor",
        views.two_factor_reset,
        name="two_factor_reset",
    ),
    path("governance/agreements", views.agreements, name="agreements"),
    path("governance/agreements/new", views.agreement_new, name="agreement_new"),
    path("governance/agreements/<int:pk>", views.agreement, name="agreement"),
    path("governance/shares-to-approve", views.approvals, name="approvals"),
    path("governance/shares-to-approve/<int:pk>", views.approve, name="approve"),
]
