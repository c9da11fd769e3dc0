from django.urls import path

from .views import auth, pages

app_name = "core"

urlpatterns = [
    path("", pages.home, name="home"),
    path("sign-in", auth.sign_in, name="sign_in"),
    path("sign-out", auth.sign_out, name="sign_out"),
    path("accessibility", pages.accessibility, name="accessibility"),
    path("privacy", pages.privacy, name="privacy"),
    path("healthz", pages.healthz, name="healthz"),
    path("metrics", pages.metrics, name="metrics"),
    path("audit/check", pages.audit_check, name="audit_check"),
    path("my-work", pages.my_work, name="my_work"),
]
