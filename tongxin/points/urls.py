from django.urls import include, path

points_patterns: tuple[list, str] = ([], "points")

urlpatterns = [path("points/", include(points_patterns))]
