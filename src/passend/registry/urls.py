from django.urls import path

from passend.registry import views

app_name = "registry"
urlpatterns = [
    path("organisations/", views.organisation_list, name="organisations"),
    path("organisations/<slug:reference>/", views.organisation_detail, name="organisation"),
    path("municipalities/", views.municipality_list, name="municipalities"),
    path("regions/", views.region_list, name="regions"),
]
