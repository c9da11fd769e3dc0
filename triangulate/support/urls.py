from django.urls import path

from .views import directory, public, referrals

app_name = "support"

# Included at the site root: staff pages live under support/, public ones under public/.
urlpatterns = [
    path("support/", directory.service_list, name="directory"),
    path("support/services/new", directory.service_new, name="service_new"),
    path("support/services/<int:pk>", directory.service_detail, name="service"),
    path("support/services/<int:pk>/edit", directory.service_edit, name="service_edit"),
    path("support/people/<int:person_pk>/refer", referrals.refer, name="refer"),
    path("support/referrals/<int:pk>", referrals.referral, name="referral"),
    path("public/support", public.support_services, name="public_services"),
]
