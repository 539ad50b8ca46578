from django.urls import path

from . import views

app_name = "jobs"

urlpatterns = [
    path("<int:pk>/", views.job_detail, name="detail"),
    path("<int:pk>/stato/", views.job_status, name="status"),
    path("<int:pk>/file/", views.job_file, name="file"),
    path("<int:pk>/riavvia/", views.job_restart, name="restart"),
]
