from django.urls import include, path

development_patterns: tuple[list, str] = ([], "development")

urlpatterns = [path("development/", include(development_patterns))]
