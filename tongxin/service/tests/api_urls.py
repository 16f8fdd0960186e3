"""The service router on an API of its own, so its tests run before the lead mounts it."""

from django.urls import path
from ninja import NinjaAPI

from tongxin.api.auth import API_AUTH
from tongxin.api.errors import install_error_handlers
from tongxin.service.api import router

api = NinjaAPI(urls_namespace="service_api_test", auth=API_AUTH, docs_url=None, openapi_url=None)
install_error_handlers(api)
api.add_router("", router)

urlpatterns = [path("api/v1/", api.urls)]
