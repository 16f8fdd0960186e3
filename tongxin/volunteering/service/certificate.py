"""The yearly volunteer certificate (志愿服务证明) as an A4 PDF, made with WeasyPrint."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

from tongxin.platform.core.audit import audit_record
from tongxin.volunteering.service.models import ServiceHours, TeamMembership, Volunteer
from tongxin.volunteering.service.views import FIRST_YEAR, volunteer_for


def certificate_context(volunteer: Volunteer, year: int) -> dict[str, Any]:
    """What the certificate states: the year's confirmed hours and services, and the teams (2 queries)."""
    rows = ServiceHours.objects.filter(volunteer=volunteer, served_on__year=year, confirmed_at__isnull=False)
    totals = rows.aggregate(hours=Sum("hours"), services=Count("pk"), people=Sum("people_served"))
    served_teams = rows.exclude(team=None).values("team_id")
    teams = list(
        TeamMembership.objects.filter(volunteer=volunteer)
        .filter(Q(team_id__in=served_teams) | Q(left_on__isnull=True) | Q(left_on__year__gte=year))
        .filter(joined_on__year__lte=year)
        .order_by("team__name")
        .values_list("team__name", flat=True)
        .distinct()
    )
    return {
        "volunteer": volunteer,
        "year": year,
        "hours": totals["hours"] or 0,
        "services": totals["services"],
        "people": totals["people"] or 0,
        "teams": teams,
        "community": volunteer.area,
        "issued_on": timezone.localdate(),
    }


def _weasyprint_html() -> Any:
    """WeasyPrint's HTML class, without its import-time side effect on the whole process.

    Importing weasyprint sets Pillow's `ImageFile.LOAD_TRUNCATED_IMAGES = True` globally,
    which would let the case photo checks (`cases.photos`) accept cut-off uploads in the
    same process; the certificate loads no uploaded image, so the flag is put back.
    """
    from PIL import ImageFile

    before = ImageFile.LOAD_TRUNCATED_IMAGES
    from weasyprint import HTML

    ImageFile.LOAD_TRUNCATED_IMAGES = before
    return HTML


def certificate_pdf(volunteer: Volunteer, year: int) -> bytes:
    html_document = _weasyprint_html()
    html = render_to_string("service/certificate.html", certificate_context(volunteer, year))
    return html_document(string=html).write_pdf()


@login_required
def certificate(request: HttpRequest, pk: str, year: str) -> HttpResponse:
    """The volunteer themself and staff who see the volunteer get it; anyone else a 404."""
    volunteer = volunteer_for(request.user, pk)
    year_no = int(year)
    if not FIRST_YEAR <= year_no <= timezone.localdate().year:
        raise Http404
    pdf = certificate_pdf(volunteer, year_no)
    audit_record(
        actor=request.user, action="export", obj=volunteer, changes={"certificate": year_no, "name": volunteer.name}
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="volunteer-certificate-{volunteer.pk}-{year_no}.pdf"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
