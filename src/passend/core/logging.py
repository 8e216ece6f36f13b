"""Keep personal data out of the application log."""

from __future__ import annotations

import logging
import re

QUERY_STRING = re.compile(r"\?[^\s\"]*")


class StripQueryStrings(logging.Filter):
    """Remove query strings from logged request lines: they may carry search terms."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            record.msg = record.getMessage()
            record.args = ()
        record.msg = QUERY_STRING.sub("?…", str(record.msg))
        return True
