"""Freedom-restricting measures in the database (DOMAIN §4, §8, §9).

- :class:`LocationSetting` — a provider location's legal setting: open youth care, a registered
  closed accommodation (with the authorisation types it takes) or a Wzd / Wvggz location (with its
  entry in the public location register). A location without one counts as open youth care.
- :class:`SafeRoom` — a separate and safe room with the Besluit Jeugdwet checklist.
- :class:`HouseRule` — the location's house rules, so a generic restriction in them is visible.
- :class:`MeasureRegistration` — one application of a measure, with the legality verdict of the
  pure check (:mod:`.rules.legality`) stored beside it and recomputed on every change
  (:func:`passend.restrictive_measures.services.save_registration`). Its kind is any well-formed
  code: one outside DOMAIN §8 is stored, so it can be flagged unlawful (6.3.1.1 lid 3).
- :class:`AlternativeTried` — a pedagogical alternative tried, and whether it worked.
- :class:`ReportConsent` — a youth of 16+ consenting (or not) to informing the GI or parents.
- :class:`OverviewDelivery` — a half-year overview delivered to the inspectorate.

Facts about the location (its setting, its register entry) come from the location's record,
never from the registration: an open-care location cannot register a measure as if it were
closed, so such a measure is always flagged unlawful.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from passend.core.labels import translated_choices
from passend.registry.models import Location, Organisation
from passend.youth.models import Youth

from .labels import (
    ALTERNATIVE_LABELS,
    AUTHORISATION_LABELS,
    CHECKLIST_LABELS,
    KIND_LABELS,
    SETTING_LABELS,
    SITUATION_LABELS,
    kind_label,
)
from .rules import alternatives as alternative_rules
from .rules import safe_room as safe_room_rules
from .rules.kinds import KIND_CODE, KIND_CODE_MAX_LENGTH, kind_of
from .rules.legality import Finding, Verdict, check
from .rules.registration import Authorisation, Registration, Setting

CLOSED_CARE_AUTHORISATIONS = (
    Authorisation.MACHTIGING,
    Authorisation.SPOEDMACHTIGING,
    Authorisation.VOORWAARDELIJKE_MACHTIGING,
)

reference_validator = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9._-]*$",
    _("Use letters, digits, dots, hyphens and underscores only."),
)


kind_code_validator = RegexValidator(
    rf"^{KIND_CODE.pattern}\Z",
    _("A kind is a code of lower-case letters, digits and underscores, starting with a letter."),
)


def validate_authorisation_types(value) -> None:
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        raise ValidationError(_("Authorisation types are a list of codes."))
    unknown = sorted(set(value) - set(CLOSED_CARE_AUTHORISATIONS))
    if unknown:
        raise ValidationError(
            _("Unknown authorisation type(s): %(codes)s."), params={"codes": ", ".join(unknown)}
        )


def validate_alternatives(value) -> None:
    if not isinstance(value, list) or not all(isinstance(text, str) for text in value):
        raise ValidationError(_("Alternatives are a list of texts."))


class LocationSetting(models.Model):
    """The legal setting of a provider location, and its reference in interchange files."""

    location = models.OneToOneField(
        Location, models.CASCADE, related_name="legal_setting", verbose_name=_("location")
    )
    reference = models.CharField(
        _("reference"),
        max_length=60,
        validators=[reference_validator],
        help_text=_("How registration files name this location (the 'location' field)."),
    )
    setting = models.CharField(
        _("legal setting"),
        max_length=10,
        choices=translated_choices(SETTING_LABELS),
        default=Setting.OPEN,
    )
    authorisation_types = models.JSONField(
        _("authorisation types taken"),
        default=list,
        blank=True,
        validators=[validate_authorisation_types],
        help_text=_("For a closed accommodation: the closed-care authorisations it admits on."),
    )
    register_entry = models.CharField(
        _("register entry"),
        max_length=200,
        blank=True,
        help_text=_(
            "A closed accommodation: its registration under Youth Act 6.2.1. A Wzd or Wvggz "
            "location: its entry in the public location register. Empty: not registered."
        ),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["location__organisation__name", "location__name"]
        verbose_name = _("legal setting of a location")
        verbose_name_plural = _("legal settings of locations")

    def __str__(self) -> str:
        return f"{self.location} ({self.setting})"

    def clean(self) -> None:
        errors: dict[str, list] = {}
        if self.setting != Setting.GESLOTEN and self.authorisation_types:
            errors.setdefault("authorisation_types", []).append(
                _("Only a closed accommodation takes closed-care authorisations.")
            )
        if self.setting == Setting.GESLOTEN and not self.register_entry.strip():
            errors.setdefault("register_entry", []).append(
                _("A closed accommodation is registered under Youth Act 6.2.1: give the entry.")
            )
        if self.location_id and self.reference:
            taken = LocationSetting.objects.filter(
                location__organisation_id=self.location.organisation_id, reference=self.reference
            ).exclude(pk=self.pk)
            if taken.exists():
                errors.setdefault("reference", []).append(
                    _("Another location of this provider has this reference.")
                )
        if errors:
            raise ValidationError(errors)

    @property
    def in_location_register(self) -> bool | None:
        """For a Wzd or Wvggz location: whether it is in the public location register."""
        if self.setting in (Setting.WZD, Setting.WVGGZ):
            return bool(self.register_entry.strip())
        return None


def setting_of(location: Location) -> LocationSetting:
    """The location's legal setting; an unrecorded one is open youth care (no measures at all)."""
    try:
        return location.legal_setting
    except LocationSetting.DoesNotExist:
        return LocationSetting(location=location, reference=f"L{location.pk}", setting=Setting.OPEN)


class SafeRoom(models.Model):
    """A separate and safe room for a lock-in (Youth Act 6.3.2.2 lid 1 f, Besluit Jeugdwet 6.2.5).

    Compliant if, and only if, it is in use as such a room and every checklist item is met
    (:func:`.rules.safe_room.compliant`). The checklist fields are named as the rule's codes.
    """

    location = models.ForeignKey(
        Location, models.CASCADE, related_name="safe_rooms", verbose_name=_("location")
    )
    name = models.CharField(_("name"), max_length=100)
    in_use = models.BooleanField(
        _("in use as a safe room"),
        default=True,
        help_text=_("A room turned into an open chill room is not a safe room."),
    )
    daylight = models.BooleanField(CHECKLIST_LABELS["daylight"], default=False)
    lighting_regulable = models.BooleanField(CHECKLIST_LABELS["lighting_regulable"], default=False)
    temperature_regulable = models.BooleanField(
        CHECKLIST_LABELS["temperature_regulable"], default=False
    )
    ventilation_regulable = models.BooleanField(
        CHECKLIST_LABELS["ventilation_regulable"], default=False
    )
    clock = models.BooleanField(CHECKLIST_LABELS["clock"], default=False)
    door_injury_preventing = models.BooleanField(
        CHECKLIST_LABELS["door_injury_preventing"], default=False
    )
    walls_injury_preventing = models.BooleanField(
        CHECKLIST_LABELS["walls_injury_preventing"], default=False
    )
    floor_injury_preventing = models.BooleanField(
        CHECKLIST_LABELS["floor_injury_preventing"], default=False
    )
    furniture_injury_preventing = models.BooleanField(
        CHECKLIST_LABELS["furniture_injury_preventing"], default=False
    )
    media_and_belongings = models.BooleanField(
        CHECKLIST_LABELS["media_and_belongings"], default=False
    )
    regular_checks = models.BooleanField(CHECKLIST_LABELS["regular_checks"], default=False)
    contact_on_request = models.BooleanField(CHECKLIST_LABELS["contact_on_request"], default=False)
    checked_on = models.DateField(_("checklist checked on"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["location__name", "name"]
        verbose_name = _("safe room")
        verbose_name_plural = _("safe rooms")
        constraints = [
            models.UniqueConstraint(fields=["location", "name"], name="unique_safe_room_name")
        ]

    def __str__(self) -> str:
        return f"{self.location.name} – {self.name}"

    @property
    def checklist(self) -> dict[str, bool]:
        return {code: getattr(self, code) for code in safe_room_rules.CHECKLIST}

    @property
    def compliant(self) -> bool:
        return safe_room_rules.compliant(self.checklist, in_use=self.in_use)

    @property
    def missing_items(self) -> list[str]:
        return [str(CHECKLIST_LABELS[code]) for code in safe_room_rules.missing(self.checklist)]


class HouseRule(models.Model):
    """A house rule of a location. One that restricts freedom is a generic measure: unlawful in
    open care, and in closed care too (measures are individual, never house rules, 6.3.1.2).
    House rules on order, visiting times and control of visitors and objects are not measures
    (6.2.4, 6.3.2.4 lid 6)."""

    location = models.ForeignKey(
        Location, models.CASCADE, related_name="house_rules", verbose_name=_("location")
    )
    text = models.TextField(_("house rule"))
    restricts = models.BooleanField(
        _("restricts freedom"),
        default=False,
        help_text=_("The rule imposes a freedom-restricting measure on the whole group."),
    )
    kind = models.CharField(
        _("kind of measure"), max_length=30, choices=translated_choices(KIND_LABELS), blank=True
    )
    recorded_on = models.DateField(_("recorded on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)

    class Meta:
        ordering = ["location__name", "-recorded_on", "pk"]
        verbose_name = _("house rule")
        verbose_name_plural = _("house rules")

    def __str__(self) -> str:
        return self.text[:60]

    def clean(self) -> None:
        if self.kind and not self.restricts:
            raise ValidationError({"kind": _("Only a restricting rule has a kind of measure.")})
        if self.ended_on and self.ended_on < self.recorded_on:
            raise ValidationError({"ended_on": _("A rule cannot end before it was recorded.")})

    @property
    def problem(self) -> bool:
        """A current house rule that restricts freedom: a generic measure, always a problem."""
        return self.restricts and self.ended_on is None


def _yes_no(label, help_text=""):
    """A fact that may be unknown: ``None`` is "not recorded", which the check reads as such."""
    return models.BooleanField(label, null=True, blank=True, help_text=help_text)


class MeasureRegistration(models.Model):
    """One application of a freedom-restricting measure, registered by the provider.

    The fields are those of DOMAIN §9. The setting and the location-register entry are copied
    from the location's record when the registration is saved (:func:`setting_of`), the birth
    date is the youth's. ``lawful``, ``violations`` and ``warnings`` hold the verdict of
    :func:`.rules.legality.check` as of ``checked_at``; the service recomputes them on every
    change, and a running measure is judged again whenever it is shown.
    """

    class Channel(models.TextChoices):
        SCREEN = "screen", _("screen")
        IMPORT = "import", _("import")

    provider = models.ForeignKey(
        Organisation,
        models.PROTECT,
        related_name="measure_registrations",
        limit_choices_to={"kind": Organisation.Kind.PROVIDER},
        verbose_name=_("provider"),
    )
    source_id = models.CharField(
        _("registration reference"),
        max_length=100,
        help_text=_("The provider's own reference of the registration (the 'id' field)."),
    )
    youth = models.ForeignKey(
        Youth, models.PROTECT, related_name="measure_registrations", verbose_name=_("youth")
    )
    location = models.ForeignKey(
        Location, models.PROTECT, related_name="measure_registrations", verbose_name=_("location")
    )
    setting = models.CharField(
        _("legal setting"),
        max_length=10,
        choices=translated_choices(SETTING_LABELS),
        editable=False,
    )
    authorisation = models.CharField(
        _("closed-care authorisation"),
        max_length=30,
        choices=translated_choices(AUTHORISATION_LABELS),
        blank=True,
    )
    kind = models.CharField(
        _("kind of measure"),
        max_length=KIND_CODE_MAX_LENGTH,
        validators=[kind_code_validator],
        help_text=_(
            "A code of the law's list (DOMAIN §8); a measure under any other code is stored and "
            "flagged as one the law does not allow."
        ),
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"), null=True, blank=True)
    emergency = _yes_no(_("applied to avert an emergency"))
    in_help_plan = _yes_no(_("in the youth's help plan"))
    phase_out_by = models.DateTimeField(
        _("to be phased out by"),
        null=True,
        blank=True,
        help_text=_(
            "The term in the help plan by which the measure is to be phased out (Youth Act "
            "6.2.10 lid 1 d)."
        ),
    )
    independent_advice = _yes_no(
        _("independent advice on phasing out asked"),
        _(
            "Advice on phasing out asked from an independent expert not involved in the help "
            "(Youth Act 6.3.1.5)."
        ),
    )
    generic = _yes_no(_("generic"), _("Applies to a whole group or is part of the house rules."))
    alternatives_considered = models.JSONField(
        _("less burdensome alternatives considered"),
        null=True,
        blank=True,
        validators=[validate_alternatives],
    )
    proportionality = models.TextField(_("why it is proportionate"), blank=True)
    expected_effective = models.TextField(_("why it is expected to be effective"), blank=True)
    motivation = models.TextField(_("written motivation of the decision"), blank=True)
    decided_by = models.CharField(
        _("decided by (responsible professional)"), max_length=100, blank=True
    )
    youth_informed_duration = _yes_no(_("youth told the duration beforehand"))
    copy_to_youth = _yes_no(_("copy of the decision handed to the youth"))
    complaint_rights_informed = _yes_no(
        _("youth told of the right to complain and the confidential adviser")
    )
    behavioural_scientist_consent = _yes_no(_("behavioural scientist consented"))
    behavioural_scientist_extension = _yes_no(_("lock-in extended by a behavioural scientist"))
    safe_room = models.ForeignKey(
        SafeRoom,
        models.PROTECT,
        related_name="registrations",
        null=True,
        blank=True,
        verbose_name=_("safe room used"),
    )
    safe_room_compliant = _yes_no(_("safe room meets every requirement"))
    grounded_suspicion = _yes_no(_("grounded suspicion"))
    youth_present = _yes_no(_("youth present"))
    gi_or_parents_informed = _yes_no(_("GI or parents informed"))
    location_registered = _yes_no(_("location in the public location register"))
    legal_basis = models.CharField(_("legal basis (Wzd / Wvggz)"), max_length=100, blank=True)

    lawful = models.BooleanField(_("lawful"), editable=False)
    violations = models.JSONField(_("violations"), default=list, editable=False)
    warnings = models.JSONField(_("warnings"), default=list, editable=False)
    checked_at = models.DateTimeField(_("checked at"), editable=False)

    channel = models.CharField(max_length=10, choices=Channel.choices, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-start", "-pk"]
        verbose_name = _("registration of a measure")
        verbose_name_plural = _("registrations of measures")
        indexes = [
            models.Index(fields=["provider", "start"]),
            models.Index(fields=["provider", "lawful"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "source_id"], name="unique_measure_registration_source_id"
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                name="measure_registration_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source_id} ({self.kind})"

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind)

    @property
    def article(self) -> str:
        return str(kind_of(self.kind).citation)

    @property
    def running(self) -> bool:
        return self.end is None

    def as_rule(self) -> Registration:
        """The registration as the pure check reads it (DOMAIN §9)."""
        return Registration(
            id=self.source_id,
            kind=self.kind,
            setting=Setting(self.setting),
            start=self.start,
            end=self.end,
            youth=self.youth.pseudonym,
            birth_date=self.youth.birth_date,
            location=setting_of(self.location).reference,
            authorisation=Authorisation(self.authorisation) if self.authorisation else None,
            emergency=self.emergency,
            in_help_plan=self.in_help_plan,
            generic=self.generic,
            alternatives_considered=(
                None
                if self.alternatives_considered is None
                else tuple(self.alternatives_considered)
            ),
            proportionality=self.proportionality or None,
            expected_effective=self.expected_effective or None,
            motivation=self.motivation or None,
            decided_by=self.decided_by or None,
            youth_informed_duration=self.youth_informed_duration,
            copy_to_youth=self.copy_to_youth,
            complaint_rights_informed=self.complaint_rights_informed,
            behavioural_scientist_consent=self.behavioural_scientist_consent,
            behavioural_scientist_extension=self.behavioural_scientist_extension,
            safe_room_compliant=self.safe_room_compliant,
            grounded_suspicion=self.grounded_suspicion,
            youth_present=self.youth_present,
            gi_or_parents_informed=self.gi_or_parents_informed,
            location_registered=self.location_registered,
            legal_basis=self.legal_basis or None,
            phase_out_by=self.phase_out_by,
            independent_advice=self.independent_advice,
        )

    def judged(self, as_of: datetime | None) -> Verdict:
        """The verdict of the pure check, with the fact the registration does not carry: the
        authorisation types the location's record says it takes."""
        return check(
            self.as_rule(),
            as_of,
            location_takes=setting_of(self.location).authorisation_types,
        )

    @property
    def verdict(self) -> Verdict:
        """The stored verdict (as of :attr:`checked_at`)."""
        return Verdict(
            violations=tuple(Finding(**finding) for finding in self.violations),
            warnings=tuple(Finding(**finding) for finding in self.warnings),
        )


class AlternativeTried(models.Model):
    """A pedagogical alternative tried instead of (or before) a measure, and whether it worked.

    Linked to the registration that followed when there was one; without it the alternative was
    tried when a measure was considered. No youth is named: these records are pooled across
    providers (:func:`.rules.alternatives.what_worked`).
    """

    provider = models.ForeignKey(
        Organisation, models.CASCADE, related_name="alternatives_tried", verbose_name=_("provider")
    )
    location = models.ForeignKey(
        Location, models.CASCADE, related_name="alternatives_tried", verbose_name=_("location")
    )
    registration = models.ForeignKey(
        MeasureRegistration,
        models.CASCADE,
        related_name="alternatives_tried",
        null=True,
        blank=True,
        verbose_name=_("measure that followed"),
    )
    situation = models.CharField(
        _("situation"), max_length=40, choices=translated_choices(SITUATION_LABELS)
    )
    alternative = models.CharField(
        _("alternative tried"), max_length=40, choices=translated_choices(ALTERNATIVE_LABELS)
    )
    worked = _yes_no(_("it worked"))
    recorded_on = models.DateField(_("recorded on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-recorded_on", "-pk"]
        verbose_name = _("alternative tried")
        verbose_name_plural = _("alternatives tried")

    def __str__(self) -> str:
        return f"{self.alternative} in {self.situation}"

    def as_rule(self) -> alternative_rules.AlternativeTried:
        return alternative_rules.AlternativeTried(
            registration_id=self.registration.source_id if self.registration_id else None,
            location=str(self.location_id),
            situation=self.situation,
            alternative=self.alternative,
            worked=self.worked,
        )


class ReportConsent(models.Model):
    """A youth's answer, as recorded by the provider, to informing the GI or parents of the
    measures applied (Youth Act 6.7.2 lid 3: needed from age 16). The latest answer counts."""

    provider = models.ForeignKey(Organisation, models.CASCADE, related_name="+")
    youth = models.ForeignKey(Youth, models.CASCADE, related_name="report_consents")
    given = models.BooleanField(_("consent given"))
    recorded_at = models.DateTimeField(_("recorded at"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        verbose_name = _("consent to informing")
        verbose_name_plural = _("consents to informing")

    def __str__(self) -> str:
        return f"{self.youth} {self.given} {self.recorded_at:%Y-%m-%d}"


class OverviewDelivery(models.Model):
    """A half-year overview (Youth Act 6.7.3 lid 2) as delivered: the document is kept as sent.

    A half year may be delivered again (a correction); whether it was on time is decided by the
    first delivery.
    """

    provider = models.ForeignKey(Organisation, models.CASCADE, related_name="overview_deliveries")
    half_year = models.CharField(_("half year"), max_length=7)
    delivered_on = models.DateField(_("delivered on"))
    generated_at = models.DateTimeField(_("generated at"))
    document = models.TextField(_("overview (JSON)"))
    sha256 = models.CharField("SHA-256", max_length=64)
    registrations = models.PositiveIntegerField(_("registrations"))
    delivered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-half_year", "delivered_on", "pk"]
        verbose_name = _("overview delivery")
        verbose_name_plural = _("overview deliveries")
        indexes = [models.Index(fields=["provider", "half_year"])]

    def __str__(self) -> str:
        return f"{self.provider} {self.half_year} ({self.delivered_on})"
