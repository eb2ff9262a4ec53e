"""What the API takes and answers (marshmallow): the OpenAPI document is generated from these."""

from marshmallow import Schema, fields, validate

from inspect_app.core.time import local_today
from inspect_app.findings.ledger import STATE_VALUES

Id = fields.Integer(validate=validate.Range(min=1, max=2**31 - 1))


class PageArgs(Schema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000))
    per_page = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))


class PageSchema(Schema):
    total = fields.Integer(required=True)
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    pages = fields.Integer(required=True)


class FindingArgs(PageArgs):
    """The ledger's filters (findings.ledger.parse_filters reads them, as on the page)."""

    subdistrict = fields.Integer(validate=validate.Range(min=1, max=2**31 - 1))
    community = fields.Integer(validate=validate.Range(min=1, max=2**31 - 1))
    neighborhood = fields.Integer(validate=validate.Range(min=1, max=2**31 - 1))
    company = fields.Integer(validate=validate.Range(min=1, max=2**31 - 1))
    category = fields.String(validate=validate.Length(max=10), metadata={"description": "checklist category code"})
    state = fields.String(validate=validate.OneOf(STATE_VALUES))
    overdue = fields.Boolean()
    escalated = fields.Boolean()
    since = fields.Date(metadata={"description": "found on or after"})
    until = fields.Date(metadata={"description": "found on or before"})
    closed_since = fields.Date()
    q = fields.String(validate=validate.Length(max=100),
                      metadata={"description": "words of the title or description, or the exact external_ref"})


class CompanySchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)


class NeighborhoodSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    address = fields.String(allow_none=True)
    community_id = fields.Integer(required=True)
    community = fields.String(required=True, attribute="community.name")
    subdistrict_id = fields.Integer(required=True, attribute="community.subdistrict_id")
    subdistrict = fields.String(required=True, attribute="community.subdistrict.name")
    company_id = fields.Integer(allow_none=True)
    company = fields.String(allow_none=True, attribute="company.name")
    lat = fields.Float(allow_none=True)
    lng = fields.Float(allow_none=True)


class NeighborhoodPage(PageSchema):
    items = fields.List(fields.Nested(NeighborhoodSchema), required=True)


class CompanyPage(PageSchema):
    items = fields.List(fields.Nested(CompanySchema), required=True)


class FindingSchema(Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    description = fields.String(required=True)
    state = fields.String(required=True)
    source = fields.String(required=True)
    category_code = fields.String(required=True)
    neighborhood_id = fields.Integer(required=True)
    neighborhood = fields.String(required=True, attribute="neighborhood.name")
    company_id = fields.Integer(allow_none=True)
    deduction = fields.Float(required=True)
    is_red_line = fields.Boolean(required=True)
    deadline = fields.Date(allow_none=True)
    is_overdue = fields.Function(lambda finding: finding.is_overdue(local_today()), required=True,
                                 metadata={"type": "boolean", "description": "逾期: past its deadline, not closed"})
    escalation_level = fields.String(allow_none=True)
    external_ref = fields.String(allow_none=True)
    inspection_id = fields.Integer(allow_none=True)
    created_at = fields.DateTime(required=True)
    closed_at = fields.DateTime(allow_none=True)


class FindingPage(PageSchema):
    items = fields.List(fields.Nested(FindingSchema), required=True)


class StateChangeSchema(Schema):
    at = fields.DateTime(required=True, attribute="created_at")
    from_state = fields.String(allow_none=True)
    to_state = fields.String(required=True)
    by = fields.String(allow_none=True, attribute="actor.display_name")
    note = fields.String(required=True)


class OrderRef(Schema):
    id = fields.Integer(required=True)
    number = fields.String(allow_none=True)
    state = fields.String(required=True)
    deadline = fields.Date(allow_none=True)
    pdf_url = fields.String(required=True)


class FindingDetail(FindingSchema):
    """A finding and its progress: where it is now, its order, every move."""

    order = fields.Nested(OrderRef, allow_none=True)
    history = fields.List(fields.Nested(StateChangeSchema), required=True)


class NewFindingSchema(Schema):
    neighborhood_id = fields.Integer(required=True, validate=validate.Range(min=1, max=2**31 - 1))
    category_code = fields.String(required=True, validate=validate.Length(min=1, max=10))
    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    description = fields.String(load_default="", validate=validate.Length(max=5000))
    external_ref = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=100),
                                 metadata={"description": "the other system's ticket number, e.g. a 12345 工单号"})


class OrderLineSchema(Schema):
    finding_id = fields.Integer(required=True)
    requirement = fields.String(required=True)
    deadline = fields.Date(required=True)


class OrderSchema(Schema):
    id = fields.Integer(required=True)
    number = fields.String(allow_none=True)
    state = fields.String(required=True)
    neighborhood_id = fields.Integer(required=True)
    company_id = fields.Integer(required=True)
    deadline = fields.Date(allow_none=True)
    issued_at = fields.DateTime(allow_none=True)
    acknowledged_at = fields.DateTime(allow_none=True)
    pdf_url = fields.String(required=True)


class OrderDetail(OrderSchema):
    lines = fields.List(fields.Nested(OrderLineSchema), required=True)


class OrderPage(PageSchema):
    items = fields.List(fields.Nested(OrderSchema), required=True)


class InspectionSchema(Schema):
    id = fields.Integer(required=True)
    kind = fields.String(required=True)
    neighborhood_id = fields.Integer(required=True)
    company_id = fields.Integer(allow_none=True)
    order_id = fields.Integer(allow_none=True)
    started_at = fields.DateTime(required=True)
    submitted_at = fields.DateTime(allow_none=True)
    score = fields.Float(allow_none=True)
    grade = fields.String(allow_none=True)
    has_red_line = fields.Boolean(required=True)


class InspectionPage(PageSchema):
    items = fields.List(fields.Nested(InspectionSchema), required=True)


class PeriodSchema(Schema):
    code = fields.String(required=True)
    starts_on = fields.Date(required=True)
    ends_on = fields.Date(required=True)
    published_at = fields.DateTime(allow_none=True)


class RankingRowSchema(Schema):
    company_id = fields.Integer(required=True)
    company = fields.String(required=True, attribute="company_name")
    rank = fields.Integer(allow_none=True)
    total = fields.Float(allow_none=True, attribute="result.total")
    patrol_count = fields.Integer(required=True, attribute="result.patrol_count")
    movement = fields.Function(lambda row: str(row.movement.trend) if row.movement else None, allow_none=True,
                               metadata={"type": "string", "nullable": True,
                                         "description": "up, down, same or new against the quarter before"})
    movement_places = fields.Function(lambda row: row.movement.places if row.movement else None,
                                      allow_none=True, metadata={"type": "integer", "nullable": True})


class RankingSchema(PeriodSchema):
    rows = fields.List(fields.Nested(RankingRowSchema), required=True)
