"""The regional overview from the database: plain data in, :mod:`.rules.overview` computes.

Also the export rows, with figures on fewer than 10 youth suppressed (DOMAIN §3): an overview
is always about youth outside the reader's own organisation.
"""

from __future__ import annotations

import csv
import io
from datetime import date

from django.conf import settings

from passend.registry.models import YouthCareRegion
from passend.statistics import suppressed
from passend.supply import queries
from passend.supply.models import Offer, Placement, WaitingListEntry
from passend.supply.rules import overview as rules
from passend.supply.rules.placements import Placement as PlacementFacts
from passend.supply.rules.waiting import Stage, WaitFigures, WaitingEntry, WaitNorms


def wait_norms() -> WaitNorms:
    return WaitNorms(
        per_care_form={form: tuple(pair) for form, pair in settings.WAIT_NORMS.items()}
    )


def region_overview(region: YouthCareRegion, as_of: date) -> rules.Overview:
    """Four queries: offers in the region (with cooperations and inspection measures), their
    waiting lists, and the placements of the region's youth wherever they are placed."""
    offers_qs = Offer.objects.filter(active=True, location__municipality__youth_care_region=region)
    offers, _updated = queries.offers_as_matching(offers_qs, as_of)
    places = {str(pk): n for pk, n in offers_qs.values_list("pk", "places")}
    entries = [
        WaitingEntry(
            id=str(row["pk"]),
            youth=str(row["youth_id"]),
            offer=str(row["offer_id"]),
            care_form=row["offer__care_form"],
            registered_on=row["registered_on"],
            intake_on=row["intake_on"],
            started_on=row["started_on"],
            removed_on=row["removed_on"],
            removal_reason=row["removal_reason"] or None,
            needs=frozenset(row["needs"] or row["offer__needs"]),
            region=region.name,
        )
        for row in WaitingListEntry.objects.filter(offer__in=offers_qs).values(
            "pk",
            "youth_id",
            "offer_id",
            "offer__care_form",
            "offer__needs",
            "needs",
            "registered_on",
            "intake_on",
            "started_on",
            "removed_on",
            "removal_reason",
        )
    ]
    placements = [
        PlacementFacts(
            id=str(row["pk"]),
            youth=str(row["youth_id"]),
            offer=str(row["offer_id"]),
            care_form=row["offer__care_form"],
            youth_municipality=row["youth_municipality__cbs_code"],
            offer_municipality=row["offer__location__municipality__cbs_code"],
            start=row["start"],
            end=row["end"],
            crisis=row["crisis"],
            out_of_region_reason=row["out_of_region_reason"] or None,
            education_started_on=row["education_started_on"],
            ready_to_leave_on=row["ready_to_leave_on"],
            follow_up_started_on=row["follow_up_started_on"],
        )
        for row in Placement.objects.filter(
            youth_municipality__youth_care_region=region, start__lte=as_of
        ).values(
            "pk",
            "youth_id",
            "offer_id",
            "offer__care_form",
            "youth_municipality__cbs_code",
            "offer__location__municipality__cbs_code",
            "start",
            "end",
            "crisis",
            "out_of_region_reason",
            "education_started_on",
            "ready_to_leave_on",
            "follow_up_started_on",
        )
    ]
    return rules.overview(
        region=region.name,
        as_of=as_of,
        offers=offers,
        places=places,
        entries=entries,
        placements=placements,
        norms=wait_norms(),
        crisis_stay_max_days=settings.CRISIS_STAY_MAX_DAYS,
    )


def pct(share: float | None) -> str:
    return "" if share is None else f"{100 * share:.1f}"


def _wait_cells(figures: WaitFigures) -> list[str]:
    """A stage's figures, suppressed as a whole when they are about fewer than 10 youth."""
    if 0 < figures.youth < 10:
        hidden = suppressed(figures.youth)
        return [hidden] * 5
    return [
        str(figures.completed),
        "" if figures.median_days is None else str(figures.median_days),
        "" if figures.p90_days is None else str(figures.p90_days),
        str(figures.ongoing),
        pct(figures.share_over_norm),
    ]


EXPORT_COLUMNS = ["section", "key", "figure", "value"]


def export_rows(view: rules.Overview) -> list[list[str]]:
    """The overview as long rows (section, key, figure, value); youth counts below 10 as "< 10"."""
    rows: list[list[str]] = []
    for section, items in (("care_form", view.by_care_form), ("need", view.by_need)):
        for item in items:
            rows += [
                [section, item.key, "offers", str(item.offers)],
                [section, item.key, "places", str(item.places)],
                [section, item.key, "free_places", str(item.free_places)],
                [section, item.key, "youth_waiting", suppressed(item.waiting)],
                [section, item.key, "waiting_over_norm", suppressed(item.waiting_over_norm)],
            ]
    names = ["completed", "median_days", "p90_days", "ongoing", "pct_over_norm"]
    for prefix, groups in (("wait", view.waits), ("wait_need", view.waits_by_need)):
        for key, stages in groups.items():
            for stage, figures in stages.items():
                for name, value in zip(names, _wait_cells(figures), strict=True):
                    rows.append([f"{prefix}_{stage}", key, name, value])
    p = view.placements
    placed_shown = suppressed(p.total)
    rows += [
        ["placements", "region", "running", placed_shown],
        ["placements", "region", "out_of_region", suppressed(p.out_of_region)],
        ["placements", "region", "out_of_region_with_reason", suppressed(p.with_reason)],
        ["placements", "region", "out_of_region_without_reason", suppressed(p.without_reason)],
        ["placements", "region", "crisis_stays_over_limit", suppressed(len(view.crisis_stays))],
        ["placements", "region", "waiting_for_follow_up", suppressed(len(view.follow_up))],
        ["placements", "region", "awaiting_school", suppressed(view.awaiting_school)],
        [
            "placements",
            "closed_care",
            "crisis_share_pct",
            pct(view.crisis_share_closed_care.share)
            if view.crisis_share_closed_care.youth >= 10
            else suppressed(view.crisis_share_closed_care.youth),
        ],
    ]
    for shortage in view.shortages:
        rows.append(
            [
                "shortage",
                "+".join(sorted(shortage.needs)),
                "youth_waiting" if shortage.covered_in_region else "youth_waiting_no_offer",
                suppressed(shortage.waiting),
            ]
        )
    return rows


def render_csv(view: rules.Overview) -> str:
    output = io.StringIO()
    writer = csv.writer(output, lineterminator="\n")
    writer.writerow(EXPORT_COLUMNS)
    writer.writerows(export_rows(view))
    return output.getvalue()


def render_xlsx(view: rules.Overview) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "overview"
    sheet.append(EXPORT_COLUMNS)
    for row in export_rows(view):
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


STAGES = (Stage.INTAKE, Stage.START)
