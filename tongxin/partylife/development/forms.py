from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from tongxin.partylife.development.files import ACCEPT, check_upload
from tongxin.partylife.development.models import Candidate, Stage, Step
from tongxin.partylife.development.rules import MAX_EXTENSION_MONTHS, MIN_EXTENSION_MONTHS
from tongxin.partylife.development.services import STEP_DATE, Action
from tongxin.partylife.meetings.forms import MultipleFileField
from tongxin.partylife.meetings.models import Meeting, MeetingKind
from tongxin.partylife.meetings.queries import local_date, roster
from tongxin.platform.core.forms_people import IdNumberField, PhoneField, keep_hint
from tongxin.platform.core.forms_util import MultipleFileInput, date_input
from tongxin.registry.party.models import Organization, PartyMember

FILES_HELP = _("PDF, photos (JPEG, PNG, WebP) or Word documents, up to 10 MB each.")


class DocumentsField(MultipleFileField):
    check = staticmethod(check_upload)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        kwargs.setdefault("label", _("Documents"))
        kwargs.setdefault("help_text", FILES_HELP)
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)


def _date(label: Any, *, required: bool = True, help_text: Any = "") -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=date_input(), help_text=help_text)


class CandidateForm(forms.Form):
    """The person and the application: used to add a candidate and to correct the record."""

    name = forms.CharField(label=_("Name"), max_length=50)
    id_number = IdNumberField(help_text=_("18 characters. Birth date and gender are read from it."))
    gender = forms.ChoiceField(label=_("Gender"), choices=[("", "—"), *Candidate.Gender.choices], required=False)
    birth_date = _date(_("Birth date"), required=False, help_text=_("Needed when there is no ID number."))
    phone = PhoneField()
    applied_on = _date(_("Application letter dated (入党申请书)"))
    talked_on = _date(
        _("Talk with the applicant held on (谈话)"),
        required=False,
        help_text=_("The branch talks with an applicant within a month of the application."),
    )
    note = forms.CharField(label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3}))
    files = DocumentsField(label=_("Application letter and other documents"))

    def __init__(self, *args: Any, instance: Candidate | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance = instance
        if instance is not None:
            del self.fields["files"]
            if instance.id_number_masked:
                self.fields["id_number"].help_text = keep_hint(instance.id_number_masked)
            if instance.phone_masked:
                self.fields["phone"].help_text = keep_hint(instance.phone_masked)
            if instance.stage != Stage.APPLICANT:
                # The talk of an activist or later stays as recorded.
                self.fields["talked_on"].disabled = True

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("files", None)
        for key in ("id_number", "phone"):
            if not data.get(key):
                data.pop(key, None)
        if self.instance is not None and self.fields["talked_on"].disabled:
            data.pop("talked_on", None)
        return data


def full_members(org: Organization) -> QuerySet[PartyMember]:
    """Who may be a contact person or an introducer: the branch's full members."""
    return roster(org).filter(status=PartyMember.Status.FULL)


class MeetingChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Meeting) -> str:
        label = f"{local_date(obj):%Y-%m-%d} {obj.get_kind_display()}"
        return f"{label} · {obj.title or obj.topics[:30]}" if (obj.title or obj.topics) else label


def general_meetings(org: Organization, today: datetime.date) -> QuerySet[Meeting]:
    # The last few years are enough to pick from; older votes are corrected by the admin.
    since = today - datetime.timedelta(days=3 * 366)
    return Meeting.objects.filter(org=org, kind=MeetingKind.GENERAL, starts_at__date__gte=since).order_by(
        "-starts_at", "-id"
    )


class StepForm(forms.Form):
    """One step of the development; subclasses add the step's own fields."""

    action = ""
    title: Any = ""
    files = DocumentsField()

    def __init__(self, *args: Any, org: Organization, today: datetime.date, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", self.action)
        super().__init__(*args, **kwargs)
        self.org = org
        self.today = today
        self.order_fields([f for f in self.fields if f != "files"] + ["files"])

    def values(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "files"}


class TalkForm(StepForm):
    action = Action.TALK
    title = _("Record the talk with the applicant")
    talked_on = _date(_("Talk held on"))


class ActivistForm(StepForm):
    action = Action.ACTIVIST
    title = _("Name as an activist (入党积极分子)")
    activist_on = _date(_("Named an activist on"))
    contact1 = forms.ModelChoiceField(label=_("Contact person (培养联系人)"), queryset=PartyMember.objects.none())
    contact2 = forms.ModelChoiceField(label=_("Second contact person"), queryset=PartyMember.objects.none())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = full_members(self.org)
        self.fields["contact1"].queryset = members
        self.fields["contact2"].queryset = members


class TargetForm(StepForm):
    action = Action.TARGET
    title = _("Name as a development target (发展对象)")
    target_on = _date(_("Named a development target on"), help_text=_("At least a year after being named an activist."))


class AdmitForm(StepForm):
    action = Action.ADMIT
    title = _("Admit as a probationary member (接收预备党员)")
    admitted_on = _date(_("Admitted on"), help_text=_("The day of the vote; probation runs a year from it."))
    introducer1 = forms.ModelChoiceField(label=_("Introducer (入党介绍人)"), queryset=PartyMember.objects.none())
    introducer2 = forms.ModelChoiceField(label=_("Second introducer"), queryset=PartyMember.objects.none())
    admission_meeting = MeetingChoice(
        label=_("Branch general meeting that voted (支部党员大会)"), queryset=Meeting.objects.none()
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = full_members(self.org)
        self.fields["introducer1"].queryset = members
        self.fields["introducer2"].queryset = members
        self.fields["admission_meeting"].queryset = general_meetings(self.org, self.today)


class ExtendForm(StepForm):
    action = Action.EXTEND
    title = _("Extend the probation (延长预备期)")
    extended_on = _date(_("Extension decided on"))
    extension_months = forms.IntegerField(
        label=_("Extended by (months)"),
        min_value=MIN_EXTENSION_MONTHS,
        max_value=MAX_EXTENSION_MONTHS,
        help_text=_("Once only, by six months to a year."),
    )
    extension_reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class ConfirmForm(StepForm):
    action = Action.CONFIRM
    title = _("Confirm as a full member (转正)")
    confirmed_on = _date(_("Confirmed on"))
    confirmation_meeting = MeetingChoice(
        label=_("Branch general meeting that voted (支部党员大会)"), queryset=Meeting.objects.none()
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["confirmation_meeting"].queryset = general_meetings(self.org, self.today)


class DropForm(StepForm):
    action = Action.DROP
    title = _("Drop the candidate (取消资格)")
    dropped_on = _date(_("Dropped on"))
    drop_reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class FilesForm(StepForm):
    action = Action.FILES
    title = _("Add documents")
    step = forms.ChoiceField(label=_("Step"), choices=())
    files = DocumentsField(required=True)

    def __init__(self, *args: Any, candidate: Candidate, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["step"].choices = [
            (value, label) for value, label in Step.choices if getattr(candidate, STEP_DATE[value]) is not None
        ]


STEP_FORMS: dict[str, type[StepForm]] = {
    form.action: form for form in (TalkForm, ActivistForm, TargetForm, AdmitForm, ExtendForm, ConfirmForm, DropForm)
}


def forms_for(candidate: Candidate) -> list[str]:
    """The steps that may be taken next, in the order the page offers them."""
    stage = candidate.stage
    if stage == Stage.APPLICANT:
        first = [Action.TALK] if candidate.talked_on is None else []
        return [*first, Action.ACTIVIST, Action.DROP]
    if stage == Stage.ACTIVIST:
        return [Action.TARGET, Action.DROP]
    if stage == Stage.TARGET:
        return [Action.ADMIT, Action.DROP]
    if stage == Stage.PROBATIONARY:
        extend = [Action.EXTEND] if candidate.extended_on is None else []
        return [Action.CONFIRM, *extend, Action.DROP]
    return []


class PipelineFilterForm(forms.Form):
    node = forms.TypedChoiceField(label=_("Organization"), required=False, coerce=int, empty_value=None)
    stage = forms.ChoiceField(
        label=_("Stage"), required=False, choices=[("", _("Still in development")), *Stage.choices]
    )
    q = forms.CharField(label=_("Name"), required=False, max_length=50)
    due = forms.BooleanField(label=_("Next step due or overdue only"), required=False)

    def __init__(self, *args: Any, nodes: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["node"].choices = [("", _("Everything I look after")), *nodes]
