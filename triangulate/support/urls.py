from django.urls import path

from .views import complaints, directory, public, referrals, voice, wards

app_name = "support"

# Included at the site root: staff pages live under support/, public ones under public/.
urlpatterns = [
    path("support/", directory.service_list, name="directory"),
    path("support/services/new", directory.service_new, name="service_new"),
    path("support/services/<int:pk>", directory.service_detail, name="service"),
    path("support/services/<int:pk>/edit", directory.service_edit, name="service_edit"),
    path("support/people/<int:person_pk>/refer", referrals.refer, name="refer"),
    path("support/referrals/<int:pk>", referrals.referral, name="referral"),
    path("support/feedback/", voice.feedback_list, name="feedback_list"),
    path("support/feedback/new", voice.feedback_new, name="feedback_new"),
    path("support/feedback/<int:pk>", voice.feedback_detail, name="feedback"),
    path("support/you-said-we-did/new", voice.response_new, name="response_new"),
    path("support/complaints/", complaints.complaint_list, name="complaints"),
    path("support/complaints/new", complaints.complaint_new, name="complaint_new"),
    path("support/complaints/<int:pk>", complaints.complaint_detail, name="complaint"),
    path(
        "support/complaints/<int:pk>/identity",
        complaints.complaint_identity,
        name="complaint_identity",
    ),
    path("support/wards", wards.ward_figures, name="wards"),
    path("public/support/raise", public.raise_concern, name="public_raise"),
    path("public/support/raise/received", public.raised, name="public_raised"),
    path("public/support/raise/status", public.raised_status, name="public_raise_status"),
    path("public/support/feedback", public.feedback, name="public_feedback"),
    path("public/support/feedback/thanks", public.feedback_thanks, name="public_feedback_thanks"),
    path("public/support/you-said-we-did", public.you_said_we_did, name="public_you_said"),
    path("public/support", public.support_services, name="public_services"),
]
