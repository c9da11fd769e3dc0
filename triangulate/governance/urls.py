from django.urls import path

from triangulate.core.middleware import public

from . import views

app_name = "governance"

urlpatterns = [
    path("sign-in/identity-provider", public(views.ProviderSignIn.as_view()), name="oidc_start"),
    path(
        "sign-in/identity-provider/return",
        public(views.ProviderReturn.as_view()),
        name="oidc_callback",
    ),
    path("account/second-step", views.verify, name="verify"),
    path("account/set-up-authenticator", views.enrol, name="enrol"),
    path("governance/users", views.users, name="users"),
    path("governance/users/new", views.account_new, name="account_new"),
    path("governance/users/<int:pk>", views.account, name="account"),
    path("governance/users/elected-members", views.member_wards, name="member_wards"),
    path("governance/users/<int:pk>/ward", views.member_ward, name="member_ward"),
    path("governance/agencies", views.agencies, name="agencies"),
    path("governance/agencies/new", views.agency_new, name="agency_new"),
    path("governance/agencies/<int:pk>", views.agency, name="agency"),
    path(
        "account/choose-password/<str:uidb64>/<str:token>",
        views.set_password,
        name="set_password",
    ),
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
    path("governance/break-glass/children/<int:pk>", views.break_glass, name="break_glass"),
    path("governance/break-glass", views.break_glass_queue, name="break_glass_queue"),
    path(
        "governance/break-glass/<int:pk>/review",
        views.break_glass_review,
        name="break_glass_review",
    ),
    path("governance/decisions-not-to-share", views.decisions, name="decisions"),
    path(
        "governance/decisions-not-to-share/children/<int:pk>",
        views.decision_new,
        name="decision_new",
    ),
    path("governance/subject-access", views.subject_access_list, name="subject_access_list"),
    path("governance/subject-access/new", views.subject_access_new, name="subject_access_new"),
    path("governance/subject-access/<int:pk>", views.subject_access_detail, name="subject_access"),
    path(
        "governance/subject-access/<int:pk>/export.pdf",
        views.subject_access_pdf,
        name="subject_access_pdf",
    ),
    path("governance/retention", views.retention_schedule, name="retention"),
    path("governance/retention/rules/new", views.retention_rule_new, name="retention_rule_new"),
    path("governance/retention/rules/<int:pk>", views.retention_rule, name="retention_rule"),
    path("governance/retention/holds/new", views.legal_hold_new, name="legal_hold_new"),
    path("governance/retention/holds/<int:pk>", views.legal_hold, name="legal_hold"),
    path("governance/retention/due", views.retention_due, name="retention_due"),
]
