from django.urls import include, path

transfers_patterns: tuple[list, str] = ([], "transfers")

urlpatterns = [path("transfers/", include(transfers_patterns))]
