"""The fictional demo data set, as plain data. Names of organisations and people are invented;
region and municipality names are real."""

from __future__ import annotations

DEMO_PASSWORD = "Passend-demo-2026!"
"""Every demo account has this password (printed by ``make run``; never in production)."""

# Child-protection region → (GI reference, GI name, seat CBS code of the municipality office)
GIS = {
    "Friesland": ("gi-friesland", "Stichting Vuurtoren Jeugdbescherming", "0080"),
    "Groningen/Drenthe": ("gi-groningen-drenthe", "Jeugdbescherming Hunzedal", "0014"),
    "Overijssel": ("gi-overijssel", "Stichting Vechtstroom Jeugdbescherming", "0193"),
    "Gelderland": ("gi-gelderland", "Jeugdbescherming Veluwezoom", "0202"),
    "Utrecht/Flevoland": ("gi-utrecht-flevoland", "Stichting Domtoren Jeugdbescherming", "0344"),
    "Noord-Holland/Amsterdam": ("gi-noord-holland", "Jeugdbescherming IJmond-Amstel", "0363"),
    "Zuid-West": ("gi-zuid-west", "Stichting Duinrand Jeugdbescherming", "0518"),
    "Rijnmond": ("gi-rijnmond", "Jeugdbescherming Maasmond", "0599"),
    "Zeeland": ("gi-zeeland", "Stichting Schelde Jeugdbescherming", "0687"),
    "Brabant": ("gi-brabant", "Jeugdbescherming Kempenland", "0855"),
    "Limburg": ("gi-limburg", "Stichting Maasdal Jeugdbescherming", "0935"),
}

# Care providers: reference, name, child-protection region, locations
# (name, CBS code, care forms, group size)
PROVIDERS = [
    (
        "zorg-de-linde",
        "Zorggroep De Linde",
        "Friesland",
        [
            ("Huize De Linde", "0080", ["residentieel"], 6),
            ("Ambulant team Sneek", "1900", ["ambulant", "dagbehandeling"], None),
        ],
    ),
    (
        "zorg-wadden",
        "Wadden Jeugdhulp",
        "Friesland",
        [
            ("Gezinshuis Terp", "0059", ["gezinshuis"], 4),
        ],
    ),
    (
        "zorg-eikenhof",
        "Eikenhof Jeugdzorg",
        "Utrecht/Flevoland",
        [
            ("Eikenhof Zeist", "0355", ["residentieel", "crisis"], 8),
            ("Eikenhof Gesloten", "0307", ["gesloten"], 7),
        ],
    ),
    (
        "zorg-maasoever",
        "Maasoever Jeugd-GGZ",
        "Rijnmond",
        [
            ("Maasoever Dagbehandeling", "0599", ["dagbehandeling", "ambulant"], None),
        ],
    ),
    (
        "zorg-kempenhuis",
        "Kempenhuis Jeugdhulp",
        "Brabant",
        [
            ("Kleinschalig Wonen Kempen", "0772", ["residentieel"], 4),
        ],
    ),
]

EXPERT_TEAMS = {region: f"Expertteam Jeugd {region}" for region in GIS}

INSPECTORATE = ("toezicht-jeugd", "Toezichthouder Jeugd (fictief)")
MUNICIPALITIES = [("gemeente-leeuwarden", "Gemeente Leeuwarden", "0080")]

# username, first name, last name, role, organisation reference, team name
USERS = [
    ("jb.friesland", "Sanne", "Hoekstra", "protector", "gi-friesland", "Team Noord"),
    ("jb2.friesland", "Ruben", "Dijkstra", "protector", "gi-friesland", "Team Zuid"),
    ("tl.friesland", "Marieke", "Visser", "team_lead", "gi-friesland", "Team Noord"),
    ("jb.utrecht", "Daan", "Bakker", "protector", "gi-utrecht-flevoland", "Team Eemland"),
    ("makelaar.friesland", "Yvonne", "de Boer", "care_broker", "expertteam-friesland", None),
    ("zorg.delinde", "Kees", "Postma", "provider_staff", "zorg-de-linde", None),
    ("zorg.eikenhof", "Fatima", "El Amrani", "provider_staff", "zorg-eikenhof", None),
    ("gemeente.leeuwarden", "Joost", "Wiersma", "municipal_officer", "gemeente-leeuwarden", None),
    ("inspecteur", "Anouk", "Smit", "inspector", "toezicht-jeugd", None),
    ("beheer.friesland", "Peter", "Mulder", "administrator", "gi-friesland", None),
    ("beheer.toezicht", "Ingrid", "Kok", "administrator", "toezicht-jeugd", None),
]

GIVEN_NAMES = [
    "Noah",
    "Emma",
    "Liam",
    "Julia",
    "Lucas",
    "Mila",
    "Sem",
    "Tess",
    "Finn",
    "Sara",
    "Levi",
    "Nora",
    "Daan",
    "Zoë",
    "Milan",
    "Yara",
    "Luuk",
    "Evi",
    "Bram",
    "Lotte",
    "Mees",
    "Fenna",
]
FAMILY_NAMES = [
    "de Vries",
    "Jansen",
    "van Dijk",
    "Bos",
    "Meijer",
    "de Groot",
    "Mulder",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "de Wit",
    "Dijkman",
    "Kramer",
    "Vos",
    "Verhoeven",
]
