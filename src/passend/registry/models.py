"""The chain's registry: where children live, which regions exist, who takes part."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from passend.vocabulary import CARE_FORMS


class ChildProtectionRegion(models.Model):
    """One of the 11 jeugdbeschermingsregio's: the area of a regional certified institution."""

    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("child-protection region")
        verbose_name_plural = _("child-protection regions")

    def __str__(self) -> str:
        return self.name


class YouthCareRegion(models.Model):
    """One of the 42 jeugdzorgregio's: municipalities that buy specialist care together."""

    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("youth-care region")
        verbose_name_plural = _("youth-care regions")

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    cbs_code = models.CharField(
        _("CBS code"),
        max_length=4,
        unique=True,
        validators=[RegexValidator(r"^\d{4}$", _("A CBS code has four digits."))],
    )
    name = models.CharField(_("name"), max_length=100)
    province = models.CharField(_("province"), max_length=50)
    youth_care_region = models.ForeignKey(
        YouthCareRegion, models.PROTECT, related_name="municipalities"
    )
    child_protection_region = models.ForeignKey(
        ChildProtectionRegion, models.PROTECT, related_name="municipalities"
    )
    year = models.PositiveSmallIntegerField(_("classification year"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name


class ReferenceDataFile(models.Model):
    """Which data file was loaded, from which source, with which content (by hash)."""

    year = models.PositiveSmallIntegerField(_("year"))
    filename = models.CharField(_("file"), max_length=200)
    what = models.TextField(_("what"))
    source = models.TextField(_("source"))
    source_url = models.URLField(_("source address"), max_length=500)
    reference_date = models.DateField(_("reference date"))
    sha256 = models.CharField("SHA-256", max_length=64)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now=True)

    class Meta:
        ordering = ["-year", "filename"]
        verbose_name = _("reference data file")
        verbose_name_plural = _("reference data files")
        constraints = [
            models.UniqueConstraint(fields=["year", "filename"], name="unique_reference_file")
        ]

    def __str__(self) -> str:
        return f"{self.filename} ({self.reference_date})"


class Organisation(models.Model):
    class Kind(models.TextChoices):
        GI = "gi", _("Certified institution (GI)")
        PROVIDER = "provider", _("Care provider")
        MUNICIPALITY = "municipality", _("Municipality")
        REGION = "region", _("Region / expert team")
        INSPECTORATE = "inspectorate", _("Inspectorate")
        LOCAL_TEAM = "local_team", _("Local team")

    reference = models.SlugField(
        _("reference"),
        max_length=60,
        unique=True,
        help_text=_("Stable short reference, used in interchange files (e.g. gi-noord)."),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    municipality = models.ForeignKey(
        Municipality,
        models.PROTECT,
        related_name="organisations",
        verbose_name=_("seat"),
        null=True,
        blank=True,
        help_text=_("For a municipality or local team: the municipality it serves."),
    )
    child_protection_region = models.ForeignKey(
        ChildProtectionRegion,
        models.PROTECT,
        related_name="organisations",
        null=True,
        blank=True,
        help_text=_("For a GI or an expert team: the child-protection region it works in."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.kind == self.Kind.REGION and self.child_protection_region_id is None:
            raise ValidationError(
                {"child_protection_region": _("A region or expert team needs its region.")}
            )
        if self.kind in {self.Kind.MUNICIPALITY, self.Kind.LOCAL_TEAM} and not self.municipality_id:
            raise ValidationError({"municipality": _("Name the municipality it serves.")})


def validate_care_forms(value: list) -> None:
    if not isinstance(value, list) or not value:
        raise ValidationError(_("Name at least one care form."))
    unknown = sorted(set(value) - set(CARE_FORMS))
    if unknown:
        raise ValidationError(
            _("Unknown care form(s): %(codes)s."), params={"codes": ", ".join(unknown)}
        )


class Location(models.Model):
    """A place where a provider gives help; offers and legal settings hang off it."""

    organisation = models.ForeignKey(
        Organisation,
        models.CASCADE,
        related_name="locations",
        limit_choices_to={"kind": Organisation.Kind.PROVIDER},
    )
    name = models.CharField(_("name"), max_length=200)
    municipality = models.ForeignKey(Municipality, models.PROTECT, related_name="locations")
    care_forms = models.JSONField(_("care forms"), validators=[validate_care_forms])
    group_size = models.PositiveSmallIntegerField(
        _("group size"), null=True, blank=True, validators=[MinValueValidator(1)]
    )

    class Meta:
        ordering = ["organisation__name", "name"]
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="unique_location_name")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.name}"

    def clean(self) -> None:
        if self.organisation_id and self.organisation.kind != Organisation.Kind.PROVIDER:
            raise ValidationError({"organisation": _("Only care providers have locations.")})

    @property
    def care_form_labels(self) -> list[str]:
        return [str(_(CARE_FORMS[code])) for code in self.care_forms if code in CARE_FORMS]


class Professional(models.Model):
    """A professional working for an organisation, with an optional SKJ or BIG registration."""

    class Register(models.TextChoices):
        NONE = "", _("not registered")
        SKJ = "skj", _("SKJ (Stichting Kwaliteitsregister Jeugd)")
        BIG = "big", _("BIG register")

    organisation = models.ForeignKey(Organisation, models.CASCADE, related_name="professionals")
    name = models.CharField(_("name"), max_length=200)
    register = models.CharField(
        _("register"), max_length=3, choices=Register.choices, blank=True, default=""
    )
    registration_number = models.CharField(
        _("registration number"),
        max_length=11,
        blank=True,
        default="",
        validators=[RegexValidator(r"^\d{6,11}$", _("A registration number has 6–11 digits."))],
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("professional")
        verbose_name_plural = _("professionals")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if bool(self.register) != bool(self.registration_number):
            raise ValidationError(
                {"registration_number": _("Give both the register and the number, or neither.")}
            )
