from django.urls import path

from passend.restrictive_measures import views

app_name = "measures"
urlpatterns = [
    path("", views.registration_list, name="registrations"),
    path("register/", views.register, name="register"),
    path("import/", views.import_file, name="import"),
    path("<int:pk>/", views.registration_detail, name="registration"),
    path("<int:pk>/edit/", views.registration_edit, name="edit"),
    path("<int:pk>/alternatives/", views.add_alternative, name="add-alternative"),
    path("alternatives/", views.alternatives, name="alternatives"),
    path("what-works/", views.what_works, name="what-works"),
    path("locations/", views.locations, name="locations"),
    path("locations/<int:pk>/", views.location, name="location"),
    path("locations/<int:pk>/safe-rooms/", views.add_safe_room, name="add-safe-room"),
    path("locations/<int:pk>/house-rules/", views.add_house_rule, name="add-house-rule"),
    path("safe-rooms/<int:pk>/", views.safe_room, name="safe-room"),
    path("house-rules/<int:pk>/end/", views.end_house_rule, name="end-house-rule"),
    path("deliveries/", views.deliveries_page, name="deliveries"),
    path("deliveries/overview/", views.overview_download, name="overview"),
    path("deliveries/overview/schema.json", views.overview_schema, name="overview-schema"),
    path("deliveries/record/", views.deliver, name="deliver"),
    path("youth/<str:pseudonym>/report/", views.youth_report, name="youth-report"),
    path("youth/<str:pseudonym>/consent/", views.record_consent, name="record-consent"),
    path("analysis/", views.analysis_page, name="analysis"),
    path("supervision/", views.supervision, name="supervision"),
    path("supervision/<slug:reference>/", views.supervision_provider, name="supervision-provider"),
]
