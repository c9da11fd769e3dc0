from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("new", views.meeting_new, name="new"),
    path("<int:pk>", views.meeting_detail, name="meeting"),
    path("<int:pk>/close", views.minutes_close, name="close"),
    path("<int:pk>/minutes.pdf", views.minutes_pdf, name="minutes"),
    path("items/<int:pk>", views.item_detail, name="item"),
    path("items/<int:pk>/remove", views.item_remove, name="item_remove"),
    path("items/<int:pk>/move", views.item_move, name="item_move"),
    path("actions/<int:pk>", views.action_detail, name="action"),
    path("actions/<int:pk>/done", views.action_done, name="action_done"),
]
