"""projects (co-building): the needs list, the projects list, and a completed project's public
rating page (kept here, not in interfaces/public, which may not import co-building)."""

from django.urls import path

from tongxin.cobuilding.projects.views import needs, projects, public

app_name = "projects"

urlpatterns = [
    path("cobuilding/needs/", needs.need_list, name="needs"),
    path("cobuilding/needs/new/", needs.need_new, name="need_new"),
    path("cobuilding/needs/<int:pk>/", needs.need_detail, name="need"),
    path("cobuilding/needs/<int:pk>/claim/", needs.need_claim, name="need_claim"),
    path("cobuilding/needs/<int:pk>/match/", needs.need_match, name="need_match"),
    path("cobuilding/projects/", projects.project_list, name="projects"),
    path("cobuilding/projects/<int:pk>/", projects.project_detail, name="project"),
    path("cobuilding/projects/<int:pk>/start/", projects.project_start, name="project_start"),
    path("cobuilding/projects/<int:pk>/complete/", projects.project_complete, name="project_complete"),
    path("cobuilding/projects/<int:pk>/cancel/", projects.project_cancel, name="project_cancel"),
    path("cobuilding/projects/<int:pk>/milestones/new/", projects.milestone_new, name="milestone_new"),
    path(
        "cobuilding/projects/<int:pk>/milestones/<int:milestone_pk>/report/",
        projects.milestone_report,
        name="milestone_report",
    ),
    path("cobuilding/projects/<int:pk>/ratings/new/", projects.rating_new, name="rating_new"),
    path("cobuilding/projects/<int:pk>/files/<int:evidence_pk>/", projects.evidence_file, name="evidence"),
    path("public/projects/<str:token>/", public.public_rating, name="public_rating"),
    path("public/projects/<str:token>/photos/<int:evidence_pk>/", public.public_photo, name="public_photo"),
]
