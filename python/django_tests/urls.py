"""URLs of the test project: the app's include, and the admin."""

from __future__ import annotations

from typing import List, Union

from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

urlpatterns: List[Union[URLPattern, URLResolver]] = [
    path("faspay/", include("faspay.django.urls")),
    path("admin/", admin.site.urls),
]
