from django.urls import path

from passend.protection import report_views, views

app_name = "cases"
urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("escalations/", views.escalation_queue, name="escalations"),
    path("escalations/<int:pk>/close/", views.close_escalation, name="close-escalation"),
    path("reports/", report_views.norms_report, name="reports"),
    path("reports/verdicts/", report_views.region_verdicts, name="region-verdicts"),
    path(
        "reports/verdicts/<int:region>/record/",
        report_views.record_region_verdict,
        name="record-region-verdict",
    ),
    path("<str:reference>/", views.case_detail, name="detail"),
    path("<str:reference>/escalate/", views.escalate, name="escalate"),
]
