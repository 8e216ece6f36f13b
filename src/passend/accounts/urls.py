from django.urls import path

from passend.accounts import views

app_name = "accounts"
urlpatterns = [path("two-factor/", views.two_factor, name="two-factor")]
