from django.urls import path

from passend.supply import views

app_name = "supply"
urlpatterns = [
    path("room/", views.where_is_room, name="room"),
    path("overview/", views.regional_overview, name="overview"),
    path("queues/", views.stuck_queues, name="queues"),
    path("offers/", views.my_offers, name="offers"),
    path("offers/<int:pk>/", views.offer_page, name="offer"),
    path("offers/<int:pk>/capacity/", views.update_capacity, name="capacity"),
    path("offers/<int:pk>/waiting-list/", views.add_entry, name="add-entry"),
    path("offers/<int:pk>/waiting-list/<int:entry>/", views.change_entry, name="change-entry"),
    path("offers/<int:pk>/placements/", views.add_placement, name="add-placement"),
    path(
        "offers/<int:pk>/placements/<int:placement>/",
        views.change_placement,
        name="change-placement",
    ),
]
