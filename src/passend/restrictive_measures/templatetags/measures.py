"""Template filters of the restrictive-measure screens: labels of codes, delivery reminders."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from passend.core.labels import label_of

from .. import labels
from ..labels import (
    AGE_UNKNOWN_LABEL,
    ALTERNATIVE_LABELS,
    AUTHORISATION_LABELS,
    RECIPIENT_LABELS,
    REPORT_BASIS_LABELS,
    SETTING_LABELS,
    SITUATION_LABELS,
    WITHHELD_LABELS,
)
from ..rules.deliveries import DeliveryState, ReportWithheld

register = template.Library()

STATE_LABELS = {
    DeliveryState.OPEN: gettext_lazy("half year running"),
    DeliveryState.NOT_DUE: gettext_lazy("not due yet"),
    DeliveryState.DUE_SOON: gettext_lazy("due soon"),
    DeliveryState.OVERDUE: gettext_lazy("overdue"),
    DeliveryState.DELIVERED: gettext_lazy("delivered"),
    DeliveryState.DELIVERED_LATE: gettext_lazy("delivered late"),
}


@register.filter
def kind_label(code: str) -> str:
    return labels.kind_label(code)


@register.filter
def setting_label(code: str) -> str:
    return SETTING_LABELS.get(code, code)


@register.filter
def authorisation_label(code: str) -> str:
    return AUTHORISATION_LABELS.get(code, code) if code else "–"


@register.filter
def situation_label(code: str) -> str:
    return SITUATION_LABELS.get(code, code)


@register.filter
def alternative_label(code: str) -> str:
    return ALTERNATIVE_LABELS.get(code, code)


@register.filter
def report_basis_label(basis: str) -> str:
    """Why the six-monthly report may be given, in words (Youth Act 6.7.2 lid 3)."""
    return label_of(REPORT_BASIS_LABELS, basis)


@register.filter
def withheld_reason(report: ReportWithheld) -> str:
    """Why the six-monthly report is withheld, translated: the pure report says it in English."""
    age = str(AGE_UNKNOWN_LABEL) if report.age is None else str(report.age)
    recipient = label_of(RECIPIENT_LABELS, report.recipient)
    return label_of(WITHHELD_LABELS, report.reason) % {"age": age, "recipient": recipient}


@register.filter
def state_label(state: str) -> str:
    return STATE_LABELS.get(state, state)


@register.filter
def state_badge(state: str) -> str:
    """The badge class: overdue and late deliveries stand out."""
    if state in (DeliveryState.OVERDUE, DeliveryState.DELIVERED_LATE):
        return "badge badge-overdue"
    return "badge"


@register.filter
def reminder(status) -> str:
    """A delivery's state in words: "due in 10 days", "overdue by 3 days", "delivered on …"."""
    if status.delivered_on is not None:
        when = status.delivered_on.isoformat()
        if status.state == DeliveryState.DELIVERED_LATE:
            return _("delivered late, on %(date)s") % {"date": when}
        return _("delivered on %(date)s") % {"date": when}
    days = status.days_until_due
    if status.state == DeliveryState.OPEN:
        return _("half year running; due on %(date)s") % {"date": status.due_date.isoformat()}
    if days < 0:
        return ngettext("overdue by %(days)d day", "overdue by %(days)d days", -days) % {
            "days": -days
        }
    if days == 0:
        return _("due today")
    return ngettext("due in %(days)d day", "due in %(days)d days", days) % {"days": days}


@register.filter
def yes_no(value) -> str:
    if value is None:
        return _("not recorded")
    return _("yes") if value else _("no")


@register.filter
def percent(value) -> str:
    return "–" if value is None else f"{round(100 * value)}%"
