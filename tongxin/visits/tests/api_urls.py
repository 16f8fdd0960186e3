"""A stand-alone API with only the visits router, until the lead mounts it at /api/v1/."""

from django.urls import path
from ninja import NinjaAPI

from tongxin.api.auth import API_AUTH
from tongxin.api.errors import install_error_handlers
from tongxin.visits.api import router

api = NinjaAPI(urls_namespace="visits_api", auth=API_AUTH, docs_url=None)
install_error_handlers(api)
api.add_router("", router)

urlpatterns = [path("api/v1/", api.urls)]
