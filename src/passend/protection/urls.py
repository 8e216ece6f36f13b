from django.urls import path

from passend.protection import report_views, views

app_name = "cases"
urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("escalations/", views.escalation_queue, name="escalations"),
    path("reports/", report_views.norms_report, name="reports"),
    path("<str:reference>/", views.case_detail, name="detail"),
    path("<str:reference>/escalate/", views.escalate, name="escalate"),
]
