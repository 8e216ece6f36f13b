"""Translatable labels of the codes of :mod:`.rules` (the pure package keeps English only).

The English texts are the msgids: they equal the labels in :mod:`.rules.kinds`, so a test keeps
the two lists the same. Screens show a code through :func:`passend.core.labels.label_of` (the code
itself when a list does not know it), or :func:`kind_label` for a kind.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from passend.core.labels import label_of

from .rules.alternatives import ALTERNATIVES, SITUATIONS
from .rules.deliveries import Recipient, ReportBasis, WithheldReason
from .rules.registration import Authorisation, Setting
from .rules.safe_room import CHECKLIST

KIND_LABELS = {
    "toezicht": _("Supervision during the stay (cameras, door alarms, electronic)"),
    "vastpakken": _("Holding, or holding and restraining"),
    "plaatsverbod": _("Ban on being in places named in the help plan"),
    "beperking_activiteiten": _("Limited participation in group activities"),
    "overplaatsing": _("Temporary transfer within or to another closed accommodation"),
    "kamerverblijf": _("Obligation to stay in own room or a separate room, not locked"),
    "insluiting": _("Lock-in in a separate and safe room"),
    "verplicht_programma": _("Obligation to take part in youth-care programmes"),
    "verplichte_behandeling": _("Obligation to undergo medical treatment or medication"),
    "beperking_communicatie": _("Limited letters, phone and other means of communication"),
    "beperking_bezoek": _("Limited visits"),
    "toezicht_communicatie": _("Supervision of phone calls, communication and visits"),
    "onderzoek_lichaam": _("Body search"),
    "onderzoek_kleding": _("Clothing search"),
    "onderzoek_urine": _("Urine test"),
    "onderzoek_kamer": _("Room search"),
    "onderzoek_post": _("Post search"),
    "insluiting_eigen_kamer": _(
        "Lock-in in the youth's own bedroom (prohibited; 6.3.1.1 lid 3 with 6.3.2.2 lid 1 e–f)"
    ),
}
"""Kind code → label, in the order of DOMAIN §8."""

UNLISTED_KIND_LABEL = _("Measure not listed in the law (%(code)s): prohibited")


def kind_label(code: str) -> str:
    """The translated label of a kind; a code outside DOMAIN §8 is named as such, with its code
    (stored so it can be flagged, Youth Act 6.3.1.1 lid 3)."""
    if code in KIND_LABELS:
        return label_of(KIND_LABELS, code)
    return str(UNLISTED_KIND_LABEL) % {"code": code}


SETTING_LABELS = {
    Setting.OPEN: _("Open youth care"),
    Setting.GESLOTEN: _("Registered closed accommodation (JeugdzorgPlus)"),
    Setting.WZD: _("Wzd location"),
    Setting.WVGGZ: _("Wvggz location"),
}

AUTHORISATION_LABELS = {
    Authorisation.MACHTIGING: _("Closed-care authorisation (machtiging)"),
    Authorisation.SPOEDMACHTIGING: _("Emergency authorisation (spoedmachtiging)"),
    Authorisation.VOORWAARDELIJKE_MACHTIGING: _(
        "Conditional authorisation (voorwaardelijke machtiging)"
    ),
    Authorisation.GEEN: _("No closed-care authorisation"),
}

# The pure modules mark these with their own ``_``; gettext translates them at run time.
SITUATION_LABELS = {code: _(label) for code, label in SITUATIONS.items()}
ALTERNATIVE_LABELS = {code: _(label) for code, label in ALTERNATIVES.items()}
CHECKLIST_LABELS = {code: _(label) for code, label in CHECKLIST.items()}

RECIPIENT_LABELS = {
    Recipient.GI: _("the GI"),
    Recipient.PARENTS: _("the parents"),
    Recipient.FOSTER_PARENTS: _("the foster parents"),
}
"""Who receives the six-monthly report (Youth Act 6.7.1 lid 3)."""

REPORT_BASIS_LABELS = {
    ReportBasis.UNDER_SIXTEEN: _("the youth is under 16, so no consent is needed"),
    ReportBasis.CONSENT: _("the youth (16 or older) consented"),
    ReportBasis.NEEDED_FOR_SUPERVISION_ORDER: _(
        "the GI needs the information to carry out the supervision order, so no consent is needed"
    ),
}
"""Why the six-monthly report may be given (Youth Act 6.7.2 lid 3)."""

WITHHELD_LABELS = {
    WithheldReason.CONSENT_REFUSED: _(
        "The youth is %(age)s and did not consent to informing %(recipient)s; from age 16 their "
        "consent comes first (Youth Act 6.7.2 lid 3)."
    ),
    WithheldReason.CONSENT_NOT_RECORDED: _(
        "The youth is %(age)s and their consent to informing %(recipient)s is not recorded; from "
        "age 16 ask the youth first (Youth Act 6.7.2 lid 3)."
    ),
}
"""Why the report is withheld, as :data:`.rules.deliveries.WITHHELD_MESSAGES` says in English."""

AGE_UNKNOWN_LABEL = _("16 or older (birth date unknown)")
