"""Routes of the orders app. Register the notify URL with Faspay (portal or support) and the
return URL as the merchant's return page."""

from django.urls import URLPattern, path

from . import views

urlpatterns: list[URLPattern] = [
    path("", views.checkout, name="checkout"),
    path("orders/<str:bill_no>/", views.order_page, name="order"),
    path("faspay/notify/", views.notify, name="faspay-notify"),
    path("faspay/return/", views.payment_return, name="faspay-return"),
]
