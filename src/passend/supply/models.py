"""Offers of care, their capacity and waiting lists, and placements (DOMAIN §3).

An offer is a provider location's care form for the needs it handles. Capacity and the expected
wait are kept on the offer as the *current* figures and every update is also kept as history
(:class:`CapacityUpdate`), so "how fresh is this?" and "what did it look like then?" both have an
answer. Derived facts (small-scale, stale, in own region, free places) come from the pure rules in
:mod:`passend.supply.rules`, never from a typed-in field.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, router, transaction
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from passend.core.labels import translated_choices
from passend.registry.models import Location, Municipality, Organisation
from passend.supply.rules import offers as offer_rules
from passend.supply.rules.placements import OUT_OF_REGION_REASONS
from passend.vocabulary import CARE_FORMS, NEEDS
from passend.youth.models import Youth

MAX_AGE = 27
"""The oldest age an offer or a search for room may name: youth care reaches into young adulthood,
and anything above this is a typo rather than a youth."""

MAX_PLACES = 10_000
"""Sanity bound on an offer's places and occupied places. The largest offers (ambulant teams)
count hundreds; a larger number is a typo, and bounding it keeps every figure storable, so the
answer is a validation error rather than a database overflow."""

MAX_WAIT_DAYS = 3_650
"""Sanity bound on an offer's expected wait, in days (ten years): longer than any youth can wait
within youth care, so a larger number is a typo (same reason as :data:`MAX_PLACES`)."""

MAX_SEARCH_WAIT_DAYS = 730
"""The longest acceptable wait a referrer can search room for (two years), on the screen and in
the API alike."""


def validate_needs(value) -> None:
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        raise ValidationError(_("Needs are a list of codes."))
    unknown = sorted(set(value) - set(NEEDS))
    if unknown:
        raise ValidationError(
            _("Unknown need codes: %(codes)s."), params={"codes": ", ".join(unknown)}
        )


REVISION_BITS = 40
"""Random bits of an offer's revision: a write repeats the revision before it once in 10¹², and
the sum over millions of offers (the search's check for any change) still fits 64 bits."""


def new_revision() -> int:
    """A fresh random revision: unique per write for all practical purposes, so no rollback or
    race can make two states of an offer look alike (a counter could count to the same number
    twice)."""
    return secrets.randbits(REVISION_BITS)


def touch_offers_of(providers: set, using: str) -> None:
    """Mark the offers of these providers changed (:meth:`OfferQuerySet.touch`)."""
    Offer.objects.using(using).filter(location__organisation__in=providers - {None}).touch()


class InspectionMeasureQuerySet(models.QuerySet):
    """Bulk writes send no save signals, so they mark the providers' offers changed
    themselves (see :meth:`OfferQuerySet.touch`), in the same transaction as the write."""

    def update(self, **kwargs) -> int:
        moved_to = kwargs.get("provider_id", kwargs.get("provider"))
        with transaction.atomic(using=self.db, savepoint=False):
            providers = {
                *self.values_list("provider_id", flat=True),
                getattr(moved_to, "pk", moved_to),
            }
            changed = super().update(**kwargs)
            touch_offers_of(providers, self.db)
        return changed

    def bulk_create(self, objs, *args, **kwargs):
        with transaction.atomic(using=self.db, savepoint=False):
            created = super().bulk_create(objs, *args, **kwargs)
            touch_offers_of({measure.provider_id for measure in created}, self.db)
        return created


class OfferQuerySet(models.QuerySet):
    """Every write to an offer gives it a new revision, the bulk paths included, so the search
    index kept in memory knows which offers to read again (:mod:`passend.supply.search`)."""

    def update(self, **kwargs) -> int:
        kwargs.setdefault("revision", new_revision())
        return super().update(**kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs) -> int:
        objs = list(objs)
        for offer in objs:
            offer.revision = new_revision()
        return super().bulk_update(objs, {*fields, "revision"}, *args, **kwargs)

    def touch(self) -> int:
        """Mark the offers changed: what the search reads about them (their provider's
        inspection measures, location, cooperations) changed elsewhere."""
        return self.update(revision=new_revision())


class InspectionMeasure(models.Model):
    """A measure of the inspectorate on a provider: formal instruction, intensified supervision
    or a client stop, with its dates. Under a client stop no offer of the provider takes new
    youth."""

    class Kind(models.TextChoices):
        AANWIJZING = "aanwijzing", _("formal instruction (aanwijzing)")
        VERSCHERPT_TOEZICHT = "verscherpt_toezicht", _("intensified supervision")
        CLIENTENSTOP = "clientenstop", _("client stop")

    provider = models.ForeignKey(
        Organisation,
        models.CASCADE,
        related_name="inspection_measures",
        limit_choices_to={"kind": Organisation.Kind.PROVIDER},
    )
    kind = models.CharField(_("measure"), max_length=20, choices=Kind.choices)
    start = models.DateField(_("from"))
    end = models.DateField(_("until"), null=True, blank=True)

    objects = InspectionMeasureQuerySet.as_manager()

    class Meta:
        ordering = ["-start"]
        verbose_name = _("inspection measure")
        verbose_name_plural = _("inspection measures")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                name="inspection_measure_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.provider}: {self.get_kind_display()} {self.start}"

    def save(self, *args, **kwargs) -> None:
        """Saved, the measure marks its provider's offers changed — and the former provider's,
        should the measure have been moved to another provider."""
        using = kwargs.get("using") or router.db_for_write(InspectionMeasure, instance=self)
        with transaction.atomic(using=using, savepoint=False):
            providers = {self.provider_id}
            if self.pk is not None:
                stored = InspectionMeasure.objects.using(using).filter(pk=self.pk)
                providers.update(stored.values_list("provider_id", flat=True))
            super().save(*args, **kwargs)
            touch_offers_of(providers, using)

    def as_rule(self) -> offer_rules.InspectionMeasure:
        return offer_rules.InspectionMeasure(kind=self.kind, start=self.start, end=self.end)


class Offer(models.Model):
    """A provider location offering one care form, for the needs it handles."""

    location = models.ForeignKey(Location, models.CASCADE, related_name="offers")
    name = models.CharField(_("name"), max_length=200)
    care_form = models.CharField(
        _("care form"), max_length=20, choices=translated_choices(CARE_FORMS)
    )
    needs = models.JSONField(_("needs handled"), validators=[validate_needs])
    age_min = models.PositiveSmallIntegerField(
        _("minimum age"), validators=[MaxValueValidator(MAX_AGE)]
    )
    age_max = models.PositiveSmallIntegerField(
        _("maximum age"), validators=[MaxValueValidator(MAX_AGE)]
    )
    group_size = models.PositiveSmallIntegerField(
        _("group size"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Youth living in one group; empty for non-residential offers."),
    )
    staff_ratio = models.FloatField(
        _("staff per youth on the group"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0.01), MaxValueValidator(10)],
        help_text=_("1:4 is 0.25; empty for non-residential offers."),
    )
    education_partner = models.CharField(
        _("education partner"),
        max_length=200,
        blank=True,
        help_text=_("The school or daytime-activity partner the offer works with."),
    )
    cooperates_with = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="cooperating_offers",
        verbose_name=_("formally combines with"),
        help_text=_("Cooperation criteria: the offers this one combines with for a youth."),
    )
    places = models.PositiveIntegerField(_("places"), default=0)
    occupied = models.PositiveIntegerField(_("occupied"), default=0)
    expected_wait_days = models.PositiveIntegerField(_("expected wait (days)"), default=0)
    capacity_updated_at = models.DateTimeField(_("capacity last updated"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)
    revision = models.BigIntegerField(default=new_revision, editable=False)

    objects = OfferQuerySet.as_manager()

    class Meta:
        ordering = ["location__organisation__name", "name"]
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        indexes = [models.Index(fields=["care_form", "active"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(occupied__lte=F("places")), name="offer_occupied_within_places"
            ),
            models.CheckConstraint(
                condition=Q(age_min__lte=F("age_max")), name="offer_age_range_in_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.location} – {self.name}"

    def save(self, *args, **kwargs) -> None:
        """Every save is a new revision, also one that names only some fields."""
        self.revision = new_revision()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "revision"}
        super().save(*args, **kwargs)

    def clean(self) -> None:
        errors = {}
        if self.age_min is not None and self.age_max is not None and self.age_min > self.age_max:
            errors["age_max"] = _("The maximum age is below the minimum age.")
        for message in offer_rules.validate_capacity(self.places, self.occupied):
            errors.setdefault("occupied", []).append(message)
        if errors:
            raise ValidationError(errors)

    @property
    def provider(self) -> Organisation:
        return self.location.organisation

    @property
    def free_places(self) -> int:
        return max(self.places - self.occupied, 0)

    @property
    def small_scale(self) -> bool:
        return offer_rules.small_scale(
            self.care_form, self.group_size, self.age_min, self.age_max, self.staff_ratio
        )


class CapacityUpdate(models.Model):
    """One update of an offer's places, occupation and expected wait, kept as history."""

    class Channel(models.TextChoices):
        SCREEN = "screen", _("screen")
        API = "api", _("API")
        IMPORT = "import", _("import")

    offer = models.ForeignKey(Offer, models.CASCADE, related_name="capacity_updates")
    places = models.PositiveIntegerField(_("places"))
    occupied = models.PositiveIntegerField(_("occupied"))
    expected_wait_days = models.PositiveIntegerField(_("expected wait (days)"))
    updated_at = models.DateTimeField(_("updated at"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    channel = models.CharField(max_length=10, choices=Channel.choices)

    class Meta:
        ordering = ["-updated_at"]
        indexes = [models.Index(fields=["offer", "-updated_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(occupied__lte=F("places")), name="update_occupied_within_places"
            )
        ]

    def __str__(self) -> str:
        return f"{self.offer_id}: {self.occupied}/{self.places} at {self.updated_at}"


class WaitingListEntry(models.Model):
    """A youth on an offer's waiting list: registration, intake, start, or removal (DOMAIN §3)."""

    offer = models.ForeignKey(Offer, models.PROTECT, related_name="waiting_list")
    youth = models.ForeignKey(Youth, models.PROTECT, related_name="waiting_list_entries")
    needs = models.JSONField(
        _("needs of the youth"),
        default=list,
        blank=True,
        validators=[validate_needs],
        help_text=_("The needs the youth was referred for; empty: those the offer handles."),
    )
    registered_on = models.DateField(_("registered on"))
    intake_on = models.DateField(_("intake on"), null=True, blank=True)
    started_on = models.DateField(_("help started on"), null=True, blank=True)
    removed_on = models.DateField(_("removed on"), null=True, blank=True)
    removal_reason = models.CharField(_("reason for removal"), max_length=200, blank=True)
    crisis = models.BooleanField(_("crisis"), default=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["registered_on", "pk"]
        verbose_name = _("waiting-list entry")
        verbose_name_plural = _("waiting-list entries")
        indexes = [
            models.Index(fields=["offer", "started_on", "removed_on"]),
            models.Index(fields=["registered_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.youth} on {self.offer_id} since {self.registered_on}"


class Placement(models.Model):
    """A youth placed with an offer: in or out of the own youth-care region, crisis or regular,
    and when school or daytime activity started (DOMAIN §3)."""

    youth = models.ForeignKey(Youth, models.PROTECT, related_name="placements")
    offer = models.ForeignKey(Offer, models.PROTECT, related_name="placements")
    youth_municipality = models.ForeignKey(
        Municipality,
        models.PROTECT,
        related_name="+",
        verbose_name=_("municipality of the youth"),
        help_text=_("The municipality responsible for the youth (own youth-care region)."),
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)
    crisis = models.BooleanField(_("crisis placement"), default=False)
    out_of_region_reason = models.CharField(
        _("care reason for a placement outside the own region"),
        max_length=40,
        choices=list(OUT_OF_REGION_REASONS.items()),
        blank=True,
    )
    out_of_region_note = models.CharField(_("explanation"), max_length=500, blank=True)
    education_started_on = models.DateField(
        _("school or daytime activity started on"), null=True, blank=True
    )
    ready_to_leave_on = models.DateField(
        _("ready to leave on"),
        null=True,
        blank=True,
        help_text=_("From this date the youth waits for follow-up help."),
    )
    follow_up_started_on = models.DateField(_("follow-up help started on"), null=True, blank=True)

    class Meta:
        ordering = ["-start", "pk"]
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                name="placement_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.youth} at {self.offer_id} from {self.start}"
