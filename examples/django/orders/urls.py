"""Routes of the orders app. Faspay's notification URL comes from faspay.django
(``shop/urls.py``); register ``/faspay/notify/`` with Faspay and ``/orders/return/`` as the
return URL."""

from django.urls import URLPattern, path

from . import views

urlpatterns: list[URLPattern] = [
    path("", views.checkout, name="checkout"),
    path("orders/return/", views.PaymentReturn.as_view(), name="payment-return"),
    path("orders/<str:bill_no>/", views.order_page, name="order"),
]
