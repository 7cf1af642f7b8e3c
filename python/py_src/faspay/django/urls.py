"""``path("faspay/", include("faspay.django.urls"))``: ``notify/`` (register
``https://your.host/faspay/notify/`` with Faspay) and ``return/`` (the return page)."""

from __future__ import annotations

from typing import List, Union

from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "faspay"

urlpatterns: List[Union[URLPattern, URLResolver]] = [
    path("notify/", views.notify, name="notify"),
    path("return/", views.PaymentReturnView.as_view(), name="return"),
]
