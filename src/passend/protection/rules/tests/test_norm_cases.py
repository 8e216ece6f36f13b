"""Hand-decided cases: events, as-of date, the verdicts a person decided, and why.

Unless a case says otherwise the measure is pronounced on Mon 2 Mar 2026 and the GI is informed on
Tue 3 Mar 2026, so the deadlines are:
- protector: working day 5 after 3 Mar = Tue 10 Mar 2026;
- course: 2 Mar + 42 days = Mon 13 Apr 2026;
- help: 2 Mar + 3 months = Tue 2 Jun 2026.

Each case lists only the indicators it is about; ``deadlines`` and ``reasons`` (a fragment the
reason must contain) are checked where given.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from passend.protection.rules.norms import evaluate_case
from passend.protection.rules.tests.builders import (
    advanced,
    assigned,
    course,
    d,
    decided,
    ended,
    explained,
    informed,
    intake,
    pronounced,
    started,
    supported_course,
    waitlisted,
)

START = [pronounced("2026-03-02"), informed("2026-03-03")]


@dataclass
class NormCase:
    events: list
    as_of: str
    verdicts: dict[str, str]
    deadlines: dict[str, str] = field(default_factory=dict)
    reasons: dict[str, str] = field(default_factory=dict)


def case(name: str, *args, **kwargs):
    return pytest.param(NormCase(*args, **kwargs), id=name)


PROTECTOR_TIMELY = [
    # Linked on working day 5 itself: on time.
    case(
        "linked-on-deadline-day",
        [*START, assigned("2026-03-10", "P1")],
        "2026-04-01",
        {"protector_timely": "met", "protector_fixed": "met"},
        deadlines={"protector_timely": "2026-03-10"},
    ),
    # Working day 6: late; the protector norm has no comply-or-explain.
    case(
        "linked-a-day-late",
        [*START, assigned("2026-03-11", "P1"), explained("2026-03-12", "course")],
        "2026-04-01",
        {"protector_timely": "not_met", "protector_fixed": "met"},
        reasons={"protector_timely": "after the deadline 2026-03-10"},
    ),
    # The as-of date is the deadline: it has not passed yet.
    case(
        "deadline-equals-as-of-is-pending",
        START,
        "2026-03-10",
        {"protector_timely": "pending", "protector_fixed": "pending"},
    ),
    case(
        "no-protector-day-after-deadline",
        START,
        "2026-03-11",
        {"protector_timely": "not_met", "protector_fixed": "not_met"},
        reasons={"protector_timely": "no protector by the deadline 2026-03-10"},
    ),
    # Informed on a Friday: the weekend does not count, day 5 is the next Friday.
    case(
        "weekend",
        [pronounced("2026-03-05"), informed("2026-03-06"), assigned("2026-03-13", "P1")],
        "2026-04-01",
        {"protector_timely": "met"},
        deadlines={"protector_timely": "2026-03-13"},
    ),
    # Thu 2 Apr 2026: Good Friday 3 Apr counts (not an Atw holiday), Easter Monday 6 Apr does not.
    case(
        "easter-monday",
        [pronounced("2026-04-01"), informed("2026-04-02"), assigned("2026-04-13", "P1")],
        "2026-05-01",
        {"protector_timely": "not_met"},
        deadlines={"protector_timely": "2026-04-10"},
    ),
    # Fri 24 Apr 2026: King's Day Mon 27 Apr skipped; day 5 is Mon 4 May; 5 May is too late.
    case(
        "kings-day",
        [pronounced("2026-04-23"), informed("2026-04-24"), assigned("2026-05-05", "P1")],
        "2026-06-01",
        {"protector_timely": "not_met"},
        deadlines={"protector_timely": "2026-05-04"},
    ),
    # 2025: 27 April is a Sunday, King's Day is Saturday 26 April and costs no working day.
    case(
        "kings-day-on-saturday-2025",
        [pronounced("2025-04-23"), informed("2025-04-24"), assigned("2025-05-01", "P1")],
        "2025-06-01",
        {"protector_timely": "met"},
        deadlines={"protector_timely": "2025-05-01"},
    ),
    # Thu 30 Apr 2026: 5 May (a Tuesday, not a lustrum year) is a holiday every year.
    case(
        "fifth-of-may",
        [pronounced("2026-04-29"), informed("2026-04-30"), assigned("2026-05-08", "P1")],
        "2026-06-01",
        {"protector_timely": "met"},
        deadlines={"protector_timely": "2026-05-08"},
    ),
    # Tue 12 May 2026: Ascension Day Thu 14 May skipped.
    case(
        "ascension-day",
        [pronounced("2026-05-11"), informed("2026-05-12"), assigned("2026-05-20", "P1")],
        "2026-06-01",
        {"protector_timely": "met"},
        deadlines={"protector_timely": "2026-05-20"},
    ),
    # Fri 22 May 2026: Whit Monday 25 May skipped; day 5 is Mon 1 Jun.
    case(
        "whit-monday",
        [pronounced("2026-05-21"), informed("2026-05-22"), assigned("2026-06-01", "P1")],
        "2026-07-01",
        {"protector_timely": "met"},
        deadlines={"protector_timely": "2026-06-01"},
    ),
    # Fri 22 Dec 2028: Christmas (Mon), Boxing Day (Tue) and New Year's Day 2029 (Mon) skipped.
    case(
        "christmas-and-new-year",
        [pronounced("2028-12-21"), informed("2028-12-22"), assigned("2029-01-04", "P1")],
        "2029-02-01",
        {"protector_timely": "not_met"},
        deadlines={"protector_timely": "2029-01-03"},
    ),
    # No GI-informed date: count from the pronounced date (Mon 2 Mar → Mon 9 Mar) and say so.
    case(
        "gi-informed-missing",
        [pronounced("2026-03-02"), assigned("2026-03-10", "P1")],
        "2026-04-01",
        {"protector_timely": "not_met"},
        deadlines={"protector_timely": "2026-03-09"},
        reasons={"protector_timely": "GI-informed date is missing"},
    ),
    # A protector linked before the GI-informed date was recorded is in time.
    case(
        "linked-before-gi-informed",
        [pronounced("2026-03-02"), assigned("2026-03-02", "P1"), informed("2026-03-04")],
        "2026-04-01",
        {"protector_timely": "met"},
    ),
    # The duty desk within the deadline is no protector; the real one came late.
    case(
        "duty-desk-first-then-late-protector",
        [*START, assigned("2026-03-04", "desk", "bureaudienst"), assigned("2026-03-16", "P1")],
        "2026-04-01",
        {"protector_timely": "not_met", "protector_fixed": "met"},
        reasons={"protector_timely": "duty desk (bureaudienst) on 2026-03-04 is not a protector"},
    ),
    case(
        "duty-desk-first-then-protector-in-time",
        [*START, assigned("2026-03-04", "desk", "bureaudienst"), assigned("2026-03-09", "P1")],
        "2026-04-01",
        {"protector_timely": "met", "protector_fixed": "met"},
    ),
    # An intake-team protector counts (the source records one only when working with the family).
    case(
        "intake-team-counts",
        [*START, assigned("2026-03-05", "T1", "instroomteam")],
        "2026-04-01",
        {"protector_timely": "met", "protector_fixed": "met"},
    ),
    # Events delivered out of order give the same verdicts.
    case(
        "events-out-of-order",
        [assigned("2026-03-10", "P1"), informed("2026-03-03"), pronounced("2026-03-02")],
        "2026-04-01",
        {"protector_timely": "met", "protector_fixed": "met"},
    ),
    # An assignment dated after the as-of date is not yet delivered.
    case(
        "assignment-after-as-of-ignored",
        [*START, assigned("2026-03-09", "P1")],
        "2026-03-06",
        {"protector_timely": "pending", "protector_fixed": "pending"},
    ),
    # Ended on the deadline day without a protector: not applicable.
    case(
        "ended-on-deadline-without-protector",
        [*START, ended("2026-03-10")],
        "2026-04-01",
        {"protector_timely": "not_applicable", "protector_fixed": "not_applicable"},
    ),
    # Ended after the deadline passed unmet: not met.
    case(
        "ended-after-deadline-without-protector",
        [*START, ended("2026-03-11")],
        "2026-04-01",
        {"protector_timely": "not_met", "protector_fixed": "not_met"},
        reasons={"protector_timely": "the measure ended on 2026-03-11"},
    ),
    # Met before the measure ended stays met.
    case(
        "ended-after-protector-linked",
        [*START, assigned("2026-03-05", "P1"), ended("2026-03-06")],
        "2026-04-01",
        {"protector_timely": "met", "protector_fixed": "met"},
    ),
]

PROTECTOR_FIXED = [
    # One unplanned change (turnover) is allowed.
    case(
        "one-unplanned-change",
        [*START, assigned("2026-03-05", "P1"), assigned("2026-05-01", "P2", reason="turnover")],
        "2026-06-01",
        {"protector_fixed": "met"},
        reasons={"protector_fixed": "unplanned changes: 1 (turnover on 2026-05-01)"},
    ),
    # A second unplanned change breaks the norm.
    case(
        "two-unplanned-changes",
        [
            *START,
            assigned("2026-03-05", "P1"),
            assigned("2026-04-01", "P2", reason="turnover"),
            assigned("2026-05-01", "P3", reason="sickness"),
        ],
        "2026-06-01",
        {"protector_fixed": "not_met", "protector_timely": "met"},
        reasons={"protector_fixed": "2 unplanned protector changes"},
    ),
    # ... but not before the second one is delivered.
    case(
        "second-unplanned-change-after-as-of",
        [
            *START,
            assigned("2026-03-05", "P1"),
            assigned("2026-04-01", "P2", reason="turnover"),
            assigned("2026-05-01", "P3", reason="other"),
        ],
        "2026-04-30",
        {"protector_fixed": "met"},
    ),
    # Planned changes at fixed moments are fine, however many, plus one unplanned one.
    case(
        "planned-changes",
        [
            *START,
            assigned("2026-03-05", "T1", "instroomteam"),
            assigned("2026-04-15", "P1", reason="planned"),
            assigned("2026-06-15", "P2", reason="planned"),
            assigned("2026-07-15", "P3", reason="sickness"),
        ],
        "2026-08-01",
        {"protector_fixed": "met"},
        reasons={"protector_fixed": "planned changes: 2, unplanned changes: 1"},
    ),
    # The same person re-recorded (intake team → permanent) is not a change.
    case(
        "same-person-re-recorded",
        [
            *START,
            assigned("2026-03-05", "T1", "instroomteam"),
            assigned("2026-04-01", "T1", reason="other"),
            assigned("2026-05-01", "P2", reason="turnover"),
        ],
        "2026-06-01",
        {"protector_fixed": "met"},
    ),
    # After the first real protector, the family lands at the duty desk: not fixed.
    case(
        "duty-desk-after-real-protector",
        [*START, assigned("2026-03-05", "P1"), assigned("2026-04-01", "desk", "bureaudienst")],
        "2026-06-01",
        {"protector_fixed": "not_met", "protector_timely": "met"},
        reasons={"protector_fixed": "duty desk (bureaudienst) on 2026-04-01"},
    ),
    # Duty desk and protector on one day: the desk came first, as a new case goes.
    case(
        "duty-desk-same-day-as-protector",
        [*START, assigned("2026-03-05", "P1"), assigned("2026-03-05", "desk", "bureaudienst")],
        "2026-06-01",
        {"protector_fixed": "met"},
    ),
]

COURSE = [
    case(
        "course-on-deadline-day",
        [*START, supported_course("2026-04-13")],
        "2026-05-01",
        {"course_set": "met", "course_timely": "met", "course_supported": "met"},
        deadlines={"course_timely": "2026-04-13"},
    ),
    # A day late: set, but not timely.
    case(
        "course-a-day-late",
        [*START, supported_course("2026-04-14")],
        "2026-05-01",
        {"course_set": "met", "course_timely": "not_met", "course_supported": "met"},
    ),
    # Late with an explanation for the course norm: comply or explain.
    case(
        "course-late-explained",
        [*START, supported_course("2026-04-20"), explained("2026-04-20", "course", "parents ill")],
        "2026-05-01",
        {"course_set": "met", "course_timely": "late_explained"},
        reasons={"course_timely": "explained on 2026-04-20: parents ill"},
    ),
    # An explanation for the help norm does not explain the course.
    case(
        "help-explanation-does-not-explain-course",
        [*START, supported_course("2026-04-20"), explained("2026-04-01", "help")],
        "2026-05-01",
        {"course_timely": "not_met"},
    ),
    case(
        "no-course-on-deadline-day-is-pending",
        START,
        "2026-04-13",
        {"course_set": "pending", "course_timely": "pending", "course_supported": "pending"},
    ),
    case(
        "no-course-past-deadline",
        START,
        "2026-04-14",
        {"course_set": "not_met", "course_timely": "not_met", "course_supported": "not_met"},
    ),
    # Still missing past the deadline, with an explanation.
    case(
        "no-course-past-deadline-explained",
        [*START, explained("2026-04-10", "course")],
        "2026-04-14",
        {
            "course_set": "late_explained",
            "course_timely": "late_explained",
            "course_supported": "late_explained",
        },
    ),
    # An earlier deadline judged necessary replaces the six weeks.
    case(
        "advanced-earlier",
        [*START, advanced("2026-03-05", "course", "2026-03-20"), supported_course("2026-03-25")],
        "2026-05-01",
        {"course_set": "met", "course_timely": "not_met"},
        deadlines={"course_timely": "2026-03-20"},
        reasons={"course_timely": "advanced on 2026-03-05 from the normal deadline 2026-04-13"},
    ),
    # A later "advanced" deadline does not replace the normal one.
    case(
        "advanced-later-does-not-replace",
        [*START, advanced("2026-03-05", "course", "2026-04-30"), supported_course("2026-04-15")],
        "2026-05-01",
        {"course_timely": "not_met"},
        deadlines={"course_timely": "2026-04-13"},
        reasons={"course_timely": "is later and does not replace it"},
    ),
    # Of two advanced deadlines the earliest counts; a help deadline does not touch the course.
    case(
        "two-advanced-earliest-counts",
        [
            *START,
            advanced("2026-03-05", "course", "2026-03-27"),
            advanced("2026-03-06", "course", "2026-03-20"),
            advanced("2026-03-06", "help", "2026-03-10"),
        ],
        "2026-03-25",
        {"course_timely": "not_met"},
        deadlines={"course_timely": "2026-03-20", "help_timely": "2026-03-10"},
    ),
    # An advanced deadline delivered after the as-of date is not known yet.
    case(
        "advanced-after-as-of-ignored",
        [*START, advanced("2026-03-25", "course", "2026-03-20")],
        "2026-03-24",
        {"course_timely": "pending"},
        deadlines={"course_timely": "2026-04-13"},
    ),
    # Calendar deadlines are not moved off holidays: 23 Feb + 42 days = Easter Monday 6 Apr 2026.
    case(
        "calendar-deadline-on-easter-monday-not-moved",
        [pronounced("2026-02-23"), informed("2026-02-24"), supported_course("2026-04-07")],
        "2026-05-01",
        {"course_timely": "not_met"},
        deadlines={"course_timely": "2026-04-06"},
    ),
    case(
        "supported-with-child-heard-not-present",
        [*START, course("2026-04-01", "parents", "professionals", heard=True)],
        "2026-05-01",
        {"course_supported": "met"},
        reasons={"course_supported": "no network involved"},
    ),
    case(
        "supported-with-network",
        [*START, course("2026-04-01", "parents", "professionals", "youth", "network")],
        "2026-05-01",
        {"course_supported": "met"},
        reasons={"course_supported": "network involved"},
    ),
    case(
        "not-supported-parents-missing",
        [*START, course("2026-04-01", "youth", "professionals")],
        "2026-05-01",
        {"course_supported": "not_met", "course_timely": "met"},
        reasons={"course_supported": "missing: parents"},
    ),
    # The child not heard: not supported, and the recorded reason is shown.
    case(
        "not-supported-child-not-heard-with-reason",
        [*START, course("2026-04-01", "parents", "professionals", not_heard_reason="aged 2")],
        "2026-05-01",
        {"course_supported": "not_met"},
        reasons={"course_supported": "child not heard because: aged 2"},
    ),
    case(
        "not-supported-child-not-heard-no-reason",
        [*START, course("2026-04-01", "parents")],
        "2026-05-01",
        {"course_supported": "not_met"},
        reasons={"course_supported": "missing: professionals, the child's voice; no reason"},
    ),
    # Unsupported before the deadline is already not met: there is nothing to wait for.
    case(
        "not-supported-before-deadline",
        [*START, course("2026-03-20", "professionals", heard=True)],
        "2026-03-25",
        {"course_supported": "not_met", "course_timely": "met"},
    ),
    # The current (latest) course decides whether it is supported.
    case(
        "latest-course-is-supported",
        [*START, course("2026-03-20", "professionals"), supported_course("2026-04-20")],
        "2026-05-01",
        {"course_supported": "met", "course_timely": "met"},
    ),
    case(
        "ended-before-course-deadline",
        [*START, ended("2026-04-01")],
        "2026-05-01",
        {
            "course_set": "not_applicable",
            "course_timely": "not_applicable",
            "course_supported": "not_applicable",
        },
    ),
    case(
        "ended-after-course-deadline",
        [*START, ended("2026-04-14")],
        "2026-05-01",
        {"course_set": "not_met", "course_timely": "not_met"},
    ),
    # Comply or explain still applies when the measure ended after the deadline.
    case(
        "ended-after-course-deadline-explained",
        [*START, ended("2026-04-20"), explained("2026-04-15", "course")],
        "2026-05-01",
        {"course_set": "late_explained", "course_timely": "late_explained"},
    ),
]

HELP = [
    case(
        "help-on-deadline-day",
        [*START, decided("2026-04-01"), started("2026-06-02")],
        "2026-07-01",
        {"help_deployed": "met", "help_timely": "met"},
        deadlines={"help_timely": "2026-06-02"},
    ),
    case(
        "help-a-day-late",
        [*START, started("2026-06-03")],
        "2026-07-01",
        {"help_deployed": "met", "help_timely": "not_met"},
    ),
    # Through escalation (breakthrough approach, expert team) after a wait: met though late.
    case(
        "help-late-via-escalation",
        [*START, waitlisted("2026-04-01"), started("2026-06-20", escalation=True)],
        "2026-07-01",
        {"help_deployed": "met", "help_timely": "met"},
        reasons={"help_timely": "via escalation counts as met"},
    ),
    case(
        "help-late-explained",
        [*START, started("2026-06-20"), explained("2026-06-01", "help", "no place anywhere")],
        "2026-07-01",
        {"help_deployed": "met", "help_timely": "late_explained"},
    ),
    case(
        "course-explanation-does-not-explain-help",
        [*START, started("2026-06-20"), explained("2026-06-01", "course")],
        "2026-07-01",
        {"help_timely": "not_met"},
    ),
    # Help that is not appropriate does not count, even via escalation.
    case(
        "help-not-appropriate",
        [*START, started("2026-04-01", appropriate=False, escalation=True)],
        "2026-07-01",
        {"help_deployed": "not_met", "help_timely": "not_met"},
        reasons={"help_timely": "help started on 2026-04-01 was not appropriate"},
    ),
    # An intake followed by a waiting list is not a start.
    case(
        "intake-and-waiting-list-are-not-a-start",
        [*START, intake("2026-04-01"), waitlisted("2026-04-15")],
        "2026-06-03",
        {"help_deployed": "not_met", "help_timely": "not_met"},
        reasons={"help_timely": "intake on 2026-04-01 is not a start; waiting list on 2026-04-15"},
    ),
    case(
        "no-help-on-deadline-day-is-pending",
        [*START, intake("2026-04-01")],
        "2026-06-02",
        {"help_deployed": "pending", "help_timely": "pending"},
    ),
    case(
        "no-help-past-deadline-explained",
        [*START, explained("2026-05-01", "help")],
        "2026-06-03",
        {"help_deployed": "late_explained", "help_timely": "late_explained"},
    ),
    case(
        "help-advanced-earlier",
        [*START, advanced("2026-03-10", "help", "2026-04-01"), started("2026-04-15")],
        "2026-07-01",
        {"help_deployed": "met", "help_timely": "not_met"},
        deadlines={"help_timely": "2026-04-01"},
    ),
    case(
        "help-advanced-later-does-not-replace",
        [*START, advanced("2026-03-10", "help", "2026-07-01"), started("2026-06-10")],
        "2026-07-01",
        {"help_timely": "not_met"},
        deadlines={"help_timely": "2026-06-02"},
    ),
    # Month ends: 29 Nov 2025 + 3 months = 28 Feb 2026 (a Saturday; not moved).
    case(
        "month-end-29-november",
        [pronounced("2025-11-29"), informed("2025-12-01"), started("2026-03-01")],
        "2026-04-01",
        {"help_timely": "not_met"},
        deadlines={"help_timely": "2026-02-28"},
    ),
    case(
        "month-end-30-november",
        [pronounced("2025-11-30"), started("2026-02-28")],
        "2026-04-01",
        {"help_timely": "met"},
        deadlines={"help_timely": "2026-02-28"},
    ),
    # Leap year: 29 and 30 Nov 2027 both give 29 Feb 2028.
    case(
        "month-end-leap-year",
        [pronounced("2027-11-30"), started("2028-02-29")],
        "2028-04-01",
        {"help_timely": "met"},
        deadlines={"help_timely": "2028-02-29"},
    ),
    case(
        "month-end-31-january",
        [pronounced("2026-01-31"), started("2026-05-01")],
        "2026-06-01",
        {"help_timely": "not_met"},
        deadlines={"help_timely": "2026-04-30"},
    ),
    # 27 Jan 2026 + 3 months = King's Day 27 Apr 2026: a calendar deadline is not moved.
    case(
        "calendar-deadline-on-kings-day-not-moved",
        [pronounced("2026-01-27"), started("2026-04-28")],
        "2026-06-01",
        {"help_timely": "not_met"},
        deadlines={"help_timely": "2026-04-27"},
    ),
    case(
        "ended-before-help-deadline",
        [*START, supported_course("2026-04-01"), ended("2026-05-15")],
        "2026-07-01",
        {"help_deployed": "not_applicable", "help_timely": "not_applicable", "course_set": "met"},
        reasons={"help_timely": "measure ended on 2026-05-15, on or before the deadline"},
    ),
    case(
        "ended-after-help-deadline",
        [*START, ended("2026-06-15")],
        "2026-07-01",
        {"help_deployed": "not_met", "help_timely": "not_met"},
    ),
]


@pytest.mark.parametrize("norm_case", PROTECTOR_TIMELY + PROTECTOR_FIXED + COURSE + HELP)
def test_hand_decided_case(norm_case: NormCase):
    evaluation = evaluate_case(norm_case.events, d(norm_case.as_of))
    results = {str(key): value for key, value in evaluation.indicators.items()}
    assert {key: results[key].verdict for key in norm_case.verdicts} == norm_case.verdicts
    assert {
        key: results[key].deadline.isoformat() for key in norm_case.deadlines
    } == norm_case.deadlines
    for key, fragment in norm_case.reasons.items():
        assert fragment in results[key].reason
