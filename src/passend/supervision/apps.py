from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    """The inspectorates' work: registered inspections (and, later, reports and verdicts)."""

    name = "passend.supervision"
    label = "supervision"
