from django.urls import path

from passend.audit import views

app_name = "audit"
urlpatterns = [path("", views.access_log, name="access-log")]
