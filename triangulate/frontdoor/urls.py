from django.urls import path

from . import views

app_name = "frontdoor"

# Included at the site root: staff pages live under front-door/, public ones under public/.
urlpatterns = [
    path("front-door/", views.home, name="home"),
    path("front-door/raise", views.raise_concern, name="raise"),
    path("front-door/record", views.record_contact, name="record"),
    path("front-door/contacts/<int:pk>", views.contact_detail, name="contact"),
    path("front-door/contacts/<int:pk>/match", views.match, name="match"),
    path("front-door/contacts/<int:pk>/link", views.link, name="link"),
    path("front-door/contacts/<int:pk>/new-child", views.create_person, name="create_person"),
    path("front-door/contacts/<int:pk>/ask", views.request_contributions, name="ask"),
    path("front-door/contacts/<int:pk>/contribute", views.contribute, name="contribute"),
    path("front-door/contacts/<int:pk>/decide", views.decide, name="decide"),
    path("front-door/contacts/<int:pk>/agree", views.agree, name="agree"),
    path("front-door/contacts/<int:pk>/amend", views.amend, name="amend"),
    path("front-door/need-levels", views.need_levels, name="need_levels"),
    path("front-door/need-levels/new", views.need_level_new, name="need_level_new"),
    path("front-door/need-levels/<int:pk>", views.need_level, name="need_level"),
    path("public/concern", views.public_concern, name="public_concern"),
    path("public/concern/received", views.public_received, name="public_received"),
    path("public/concern/status", views.public_status, name="public_status"),
]
