from django.urls import path

from passend.referrals import views

app_name = "referrals"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("new/", views.new_request, name="new"),
    path("what-if/", views.what_if, name="what-if"),
    path("<int:pk>/", views.request_detail, name="request"),
    path("<int:pk>/propose/", views.propose, name="propose"),
    path("<int:pk>/close/", views.close, name="close"),
]
