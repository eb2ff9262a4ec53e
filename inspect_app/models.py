"""Imports every model so that metadata (and Alembic) sees the whole schema."""

from inspect_app.appeals.models import Appeal, AppealScoreChange
from inspect_app.assessment.models import AreaScore, AssessmentPeriod, CompanyScore, SpecialAssessment
from inspect_app.auth.models import User
from inspect_app.checklists.models import ChecklistCategory, ChecklistItem, ChecklistTemplate, DeductionPreset
from inspect_app.committees.models import (
                                           CommitteeInput,
                                           CommitteeItem,
                                           CommitteePeriodItem,
                                           CommitteePoints,
                                           CommitteeShare,
)
from inspect_app.core.roles import Role
from inspect_app.disclosure.models import CommitteeDocument, ServiceDisclosure
from inspect_app.escalations.models import Escalation, EscalationNumberCounter, EscalationSetting
from inspect_app.findings.models import Finding, FindingRepeat, StateChange
from inspect_app.inspections.models import CategoryScore, FollowUpResult, Inspection, ItemResult
from inspect_app.integrations.models import Integration, WebhookAttempt, WebhookDelivery, WebhookSubscription
from inspect_app.notifications.models import Delivery, Notification, NotificationSetting
from inspect_app.offline.models import AnnouncedPhoto
from inspect_app.orders.models import OrderLine, OrderNumberCounter, RectificationOrder, RectificationReport
from inspect_app.photos.models import Photo
from inspect_app.places.models import Community, District, Neighborhood, PropertyCompany, ServicePeriod, Subdistrict
from inspect_app.planning.models import PatrolPlan, PlanLine
from inspect_app.resident_reports.models import ResidentReport, ResidentVerdict
from inspect_app.survey.models import SurveyAnswer, SurveyQuestion, SurveyResponse, SurveySmsCode
from inspect_app.transfers.models import Department, Transfer
from inspect_app.workdays.models import CalendarDay, CalendarYear

__all__ = [
    "Appeal", "AppealScoreChange", "CommitteeDocument", "ServiceDisclosure",
    "Appeal", "AppealScoreChange", "AreaScore",
    "AnnouncedPhoto", "AssessmentPeriod", "CalendarDay", "CalendarYear", "CategoryScore", "ChecklistCategory",
    "ChecklistItem", "ChecklistTemplate", "CommitteeInput", "CommitteeItem", "CommitteePeriodItem", "CommitteePoints",
    "CommitteeShare", "Community", "CompanyScore", "DeductionPreset", "Delivery", "District",
    "Escalation", "EscalationNumberCounter", "EscalationSetting",
    "Finding", "FindingRepeat", "FollowUpResult", "Inspection", "Integration", "ItemResult", "Neighborhood",
    "Notification",
    "NotificationSetting", "OrderLine", "OrderNumberCounter", "PatrolPlan", "Photo", "PlanLine", "PropertyCompany",
    "RectificationOrder", "RectificationReport", "ResidentReport", "Role", "ServicePeriod", "SpecialAssessment",
    "StateChange", "Subdistrict", "User",
    "ResidentVerdict", "SurveyAnswer", "SurveyQuestion", "SurveyResponse", "SurveySmsCode",
    "WebhookAttempt", "WebhookDelivery", "WebhookSubscription", "Department", "Transfer",
]
