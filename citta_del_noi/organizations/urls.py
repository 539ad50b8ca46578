from django.urls import path

from . import views

app_name = "organizations"

urlpatterns = [
    path("<slug:slug>/membri/", views.members, name="members"),
    path("<slug:slug>/membri/<int:pk>/ruolo/", views.member_role, name="member_role"),
    path("<slug:slug>/membri/<int:pk>/rimuovi/", views.member_remove, name="member_remove"),
]
