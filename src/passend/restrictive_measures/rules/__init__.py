"""The legality check of freedom-restricting measures (*vrijheidsbeperkende maatregelen*), pure.

Plain data in, verdicts out: this package imports only the standard library and
:mod:`passend.law`, so the check runs on a laptop without Django or a database.

- :mod:`.kinds` — the measure kinds of DOMAIN §8 with their article in the Youth Act.
- :mod:`.parameters` — the legal periods and ages, each with its source, in one place.
- :mod:`.registration` — the interchange format of DOMAIN §9: a strict JSON Lines parser.
- :mod:`.legality` — :func:`~.legality.check`: one registration in, a :class:`~.legality.Verdict`
  out, one function per rule of DOMAIN §9.
- :mod:`.safe_room` — the Besluit Jeugdwet checklist of a separate and safe room.
"""
