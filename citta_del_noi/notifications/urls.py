from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.notice_list, name="list"),
    path("<int:pk>/letto/", views.notice_read, name="read"),
    path("tutti-letti/", views.notice_read_all, name="read_all"),
]
