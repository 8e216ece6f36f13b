from django.urls import path

from passend.youth import views

app_name = "youth"
urlpatterns = [
    path("", views.youth_list, name="list"),
    path("register/", views.youth_register, name="register"),
    path("<str:pseudonym>/", views.youth_detail, name="detail"),
]
