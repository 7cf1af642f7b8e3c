"""URL routes of the example shop: the shop's pages, faspay.django's notification endpoint, and
the admin (Faspay transactions and notifications)."""

from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("orders.urls")),
    path("faspay/", include("faspay.django.urls")),
    path("admin/", admin.site.urls),
]
