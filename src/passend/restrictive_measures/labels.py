"""Translatable labels of the codes of :mod:`.rules` (the pure package keeps English only).

The English texts are the msgids: they equal the labels in :mod:`.rules.kinds`, so a test keeps
the two lists the same.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .rules.alternatives import ALTERNATIVES, SITUATIONS
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
