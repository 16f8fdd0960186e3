from django.urls import include, path

from tongxin.platform.calendar import views

calendar_patterns = (
    [
        path("", views.year_list, name="years"),
        path("enter/", views.year_enter, name="enter"),
        path("<int:year>/", views.year_detail, name="year"),
    ],
    "calendar",
)

urlpatterns = [
    path("calendar/", include(calendar_patterns)),
]
