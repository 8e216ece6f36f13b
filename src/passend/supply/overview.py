"""The regional overview from the database: plain data in, :mod:`.rules.overview` computes.

Also the export rows, with figures on fewer than 10 youth suppressed (DOMAIN §3): an overview
is always about youth outside the reader's own organisation. And the two queues the overview
counts (crisis stays, youth waiting for follow-up help), listed by pseudonym for those who act
on them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from datetime import date

from django.conf import settings
from django.db.models import Q, QuerySet

from passend.core.spreadsheets import xlsx
from passend.registry.models import YouthCareRegion
from passend.statistics import SUPPRESSION_THRESHOLD, suppressed
from passend.supply import queries, services
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
    offers = queries.offers_as_matching(offers_qs, as_of)
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


HIDDEN = "x"
"""An export cell of 10 or more youth hidden so that a count below 10 beside it cannot be worked
out from the total (complementary suppression, :func:`rules.complementary_suppression`)."""


def _small(count: int) -> bool:
    return 0 < count < SUPPRESSION_THRESHOLD


def _hidden(count: int) -> str:
    """The text of a hidden cell: "< 10" for a small count, else the complement's mark."""
    return suppressed(count) if _small(count) else HIDDEN


def _figure_over(youth: int, value: str) -> str:
    """A figure (a median, a share) over this many youth, or "< 10" when they are fewer."""
    return suppressed(youth) if _small(youth) else value


def _counts_together(total: int, parts: Sequence[int]) -> list[str]:
    """A total and the parts it is made of as export cells, total first, suppressed together so
    that no small count can be worked out from the others."""
    hidden = rules.complementary_suppression(total, parts, SUPPRESSION_THRESHOLD)
    return [
        _hidden(count) if off else str(count)
        for count, off in zip((total, *parts), hidden, strict=True)
    ]


def _parts_together(parts: Sequence[int]) -> list[str]:
    """Counts that make up a total the export shows elsewhere (the care forms' waiting youth
    add up to the region's, in the waiting times' "all" row), suppressed together as
    :func:`_counts_together` does, without repeating the total."""
    return _counts_together(sum(parts), parts)[1:]


def _wait_cells(figures: WaitFigures, hidden: bool) -> list[str]:
    """A stage's figures, or all five hidden when the group is suppressed."""
    if hidden:
        return [_hidden(figures.youth)] * 5
    return [
        str(figures.completed),
        "" if figures.median_days is None else str(figures.median_days),
        "" if figures.p90_days is None else str(figures.p90_days),
        str(figures.ongoing),
        pct(figures.share_over_norm),
    ]


def _hidden_groups(
    groups: Mapping[str, Mapping[Stage, WaitFigures]], stage: Stage, total: str | None
) -> dict[str, bool]:
    """Which groups' figures of this stage to hide. The care forms make up the ``total`` group
    ("all": each entry has one care form), so they are suppressed together with it; needs
    overlap (an entry counts for each of its needs) and are suppressed one by one."""
    youth = {key: stages[stage].youth for key, stages in groups.items() if stage in stages}
    if total not in youth:
        return {key: _small(count) for key, count in youth.items()}
    parts = [key for key in youth if key != total]
    flags = rules.complementary_suppression(
        youth[total], [youth[key] for key in parts], SUPPRESSION_THRESHOLD
    )
    return dict(zip([total, *parts], flags, strict=True))


EXPORT_COLUMNS = ["section", "key", "figure", "value"]


def export_rows(view: rules.Overview) -> list[list[str]]:
    """The overview as long rows (section, key, figure, value); youth counts below 10 as "< 10",
    and a count that would give one of those away as "x"."""
    rows: list[list[str]] = []
    for section, items in (("care_form", view.by_care_form), ("need", view.by_need)):
        if section == "care_form":  # each entry has one care form: the parts of a known total
            waiting = _parts_together([item.waiting for item in items])
            over_norm = _parts_together([item.waiting_over_norm for item in items])
        else:  # needs overlap: each suppressed on its own
            waiting = [suppressed(item.waiting) for item in items]
            over_norm = [suppressed(item.waiting_over_norm) for item in items]
        for item, youth, over in zip(items, waiting, over_norm, strict=True):
            rows += [
                [section, item.key, "offers", str(item.offers)],
                [section, item.key, "places", str(item.places)],
                [section, item.key, "free_places", str(item.free_places)],
                [section, item.key, "youth_waiting", youth],
                [section, item.key, "waiting_over_norm", over],
            ]
    names = ["completed", "median_days", "p90_days", "ongoing", "pct_over_norm"]
    for prefix, groups, total in (
        ("wait", view.waits, "all"),
        ("wait_need", view.waits_by_need, None),
    ):
        hidden = {stage: _hidden_groups(groups, stage, total) for stage in Stage}
        for key, stages in groups.items():
            for stage, figures in stages.items():
                cells = _wait_cells(figures, hidden[stage][key])
                for name, value in zip(names, cells, strict=True):
                    rows.append([f"{prefix}_{stage}", key, name, value])
    p = view.placements
    out, with_reason, without_reason = _counts_together(
        p.out_of_region, [p.with_reason, p.without_reason]
    )
    school = view.days_to_school_median
    rows += [
        ["placements", "region", "running", suppressed(p.total)],
        ["placements", "region", "out_of_region", out],
        ["placements", "region", "out_of_region_with_reason", with_reason],
        ["placements", "region", "out_of_region_without_reason", without_reason],
        ["placements", "region", "crisis_stays_over_limit", suppressed(len(view.crisis_stays))],
        ["placements", "region", "waiting_for_follow_up", suppressed(len(view.follow_up))],
        [
            "placements",
            "region",
            "median_days_to_school",
            _figure_over(view.days_to_school_youth, "" if school is None else str(school)),
        ],
        ["placements", "region", "awaiting_school", suppressed(view.awaiting_school)],
        [
            "placements",
            "closed_care",
            "crisis_share_pct",
            _figure_over(
                view.crisis_share_closed_care.youth, pct(view.crisis_share_closed_care.share)
            ),
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
    """The export rows with figures as numbers, so a spreadsheet can sum and chart them;
    suppressed cells ("< 10", "x") and empty ones stay text."""
    rows = ([*row[:-1], _number(row[-1])] for row in export_rows(view))
    return xlsx({"overview": (EXPORT_COLUMNS, rows)})


def _number(value: str) -> int | float | str:
    for kind in (int, float):
        try:
            return kind(value)
        except ValueError:
            pass
    return value


STAGES = (Stage.INTAKE, Stage.START)


def queues(placements: QuerySet[Placement], as_of: date) -> dict:
    """The two queues (:func:`rules.queues`) over these placements, as rows of the stored
    placement (its youth and offer at hand), since when, and the days so far."""
    candidates = (
        placements.filter(start__lte=as_of)
        .exclude(end__lte=as_of)
        .filter(Q(offer__care_form=rules.CRISIS) | Q(ready_to_leave_on__lte=as_of))
        .select_related(
            "youth",
            "youth_municipality",
            "offer__location__municipality",
            "offer__location__organisation",
        )
    )
    stored = {str(p.pk): p for p in candidates}
    found = rules.queues(
        [services.as_placement(p) for p in stored.values()],
        as_of,
        settings.CRISIS_STAY_MAX_DAYS,
    )
    return {
        "crisis_stays": [
            {
                "placement": stored[stay.placement.id],
                "since": stay.placement.start,
                "days": stay.days,
                "over_limit_days": found.over_limit(stay),
            }
            for stay in found.crisis_stays
        ],
        "follow_up": [
            {
                "placement": stored[wait.placement.id],
                "since": wait.placement.ready_to_leave_on,
                "days": wait.days,
            }
            for wait in found.follow_up
        ],
        "crisis_stay_max_days": found.crisis_stay_max_days,
    }
