"""The pure norm engine of the child-protection chain (DOMAIN §2 and §7).

Plain data in, verdicts out: this package imports only the standard library, ``passend.law`` and
``passend.workdays``, never Django, so the same rules run in the web application, in the database
report and in ``passend norms evaluate`` on a laptop.
"""
