from django.urls import path

from .views import public

app_name = "public_plans"

urlpatterns = [
    path("", public.plan_list, name="list"),
    path("<int:pk>", public.plan_page, name="plan"),
    path("<int:pk>.pdf", public.plan_pdf, name="pdf"),
]
