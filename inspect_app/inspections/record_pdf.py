"""The printable inspection record (巡查记录表) of a submitted patrol, rendered to PDF."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import current_app

from inspect_app.checklists.models import ChecklistItem, ChecklistTemplate
from inspect_app.inspections import queries
from inspect_app.inspections.models import Inspection, ItemOutcome, ItemResult
from inspect_app.maps import queries as maps
from inspect_app.maps.rules import StartPlace
from inspect_app.pdf.documents import render_document
from inspect_app.pdf.photos import PhotoSlot, photo_slot
from inspect_app.photos.models import Photo

# Bounds the PDF's size and render time: 29 items with several photos each could reach hundreds.
MAX_PHOTOS = 40


@dataclass
class Deduction:
    item: ChecklistItem
    result: ItemResult
    slots: list[PhotoSlot] = field(default_factory=list)
    omitted: int = 0


def render_record_pdf(inspection: Inspection) -> bytes:
    """Render the record of a submitted inspection; call inside an app context."""
    context, resources = record_context(inspection)
    return render_document("pdf/inspection.html", resources=resources, **context)


def record_context(inspection: Inspection) -> tuple[dict[str, Any], dict[str, bytes]]:
    """The template context and the photo bytes it references as app-resource:<key>."""
    template = queries.load_template(inspection.template_id)
    results = queries.results_by_item(inspection)
    deductions, resources = _deductions(template, results, queries.photos_by_result(inspection))
    findings = queries.findings_of(inspection)
    context = {
        "inspection": inspection, "template": template, "results": results, "deductions": deductions,
        "findings": findings, "category_scores": {c.category_code: c for c in inspection.category_scores},
        "district_name": current_app.config.get("DISTRICT_NAME", ""), "place": start_place(inspection),
    }
    return context, resources


def start_place(inspection: Inspection) -> StartPlace | None:
    """The patrol's start position against its neighbourhood's, flagged beyond PATROL_FAR_METRES."""
    return maps.start_place(inspection, float(current_app.config.get("PATROL_FAR_METRES", 500)))


def _deductions(template: ChecklistTemplate, results: dict[int, ItemResult],
                photos: dict[int, list[Photo]]) -> tuple[list[Deduction], dict[str, bytes]]:
    """Deducted items in checklist order with at most MAX_PHOTOS photos in all."""
    deductions: list[Deduction] = []
    resources: dict[str, bytes] = {}
    shown = 0
    for category in template.categories:
        for item in category.items:
            result = results.get(item.id)
            if result is None or result.outcome != ItemOutcome.DEDUCT:
                continue
            entry = Deduction(item, result)
            for photo in photos.get(result.id, []):
                if shown >= MAX_PHOTOS:
                    entry.omitted += 1
                    continue
                shown += 1
                entry.slots.append(photo_slot(photo, resources))
            deductions.append(entry)
    return deductions, resources
