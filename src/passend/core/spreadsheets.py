"""XLSX downloads: one sheet per table, its header row first (openpyxl)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping, Sequence


def xlsx(sheets: Mapping[str, tuple[Sequence[str], Iterable[Sequence]]]) -> bytes:
    """A workbook with a sheet per ``title → (header, rows)``, in the mapping's order."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, (header, rows) in sheets.items():
        sheet = workbook.create_sheet(title)
        sheet.append(list(header))
        for row in rows:
            sheet.append(list(row))
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
