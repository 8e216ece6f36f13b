from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from passend.api import api
from passend.core import views as core_views

admin.site.site_header = "Passend – beheer"

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path(
        "login/",
        auth_views.LoginView.as_view(template_name="accounts/login.html"),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("account/", include("passend.accounts.urls")),
    path("registry/", include("passend.registry.urls")),
    path("youth/", include("passend.youth.urls")),
    path("cases/", include("passend.protection.urls")),
    path("supply/", include("passend.supply.urls")),
    path("referrals/", include("passend.referrals.urls")),
    path("measures/", include("passend.restrictive_measures.urls")),
    path("access-log/", include("passend.audit.urls")),
    path("manage/", admin.site.urls),
    path("api/v1/", api.urls),
]
