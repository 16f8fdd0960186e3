from django.urls import include, path

inservice_patterns: tuple[list, str] = ([], "inservice")

urlpatterns = [path("inservice/", include(inservice_patterns))]
