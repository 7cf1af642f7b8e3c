"""The admin: transactions (each with its payment events, and an action asking Faspay for their
status) and the events as a read-only audit log. Statuses read "2 Payment Success" (the
fields' choices)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from .models import FaspayNotification, FaspayTransaction
from .reconcile import reconcile

# ModelAdmin is generic for type checkers only (django-stubs); at runtime it is not subscriptable
# without django-stubs-ext, which the app does not require.
if TYPE_CHECKING:
    TransactionAdminBase = admin.ModelAdmin[FaspayTransaction]
    NotificationAdminBase = admin.ModelAdmin[FaspayNotification]
    NotificationInlineBase = admin.TabularInline[FaspayNotification, FaspayTransaction]
else:
    TransactionAdminBase = NotificationAdminBase = admin.ModelAdmin
    NotificationInlineBase = admin.TabularInline


class NotificationInline(NotificationInlineBase):
    """A transaction's payment events, on its page (read-only, like their own list)."""

    model = FaspayNotification
    extra = 0
    can_delete = False
    show_change_link = True
    fields = readonly_fields = (
        "received_at", "status", "payment_total", "source", "applied", "dedupe_key"
    )
    ordering = ["received_at"]

    def has_add_permission(self, request: HttpRequest, obj: Optional[Any] = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Optional[Any] = None) -> bool:
        return False


@admin.register(FaspayTransaction)
class FaspayTransactionAdmin(TransactionAdminBase):
    list_display = ["bill_no", "trx_id", "payment_channel", "amount", "status", "created_at",
                    "last_checked_at"]
    list_filter = ["status", "payment_channel"]
    search_fields = ["bill_no", "trx_id"]
    # The status is Faspay's, learnt from verified events only.
    readonly_fields = ["bill_no", "trx_id", "payment_channel", "amount", "status",
                       "redirect_url", "created_at", "updated_at", "last_checked_at"]
    inlines = [NotificationInline]
    actions = ["ask_faspay"]

    @admin.action(description="Ask Faspay for the status (like faspay_reconcile)")
    def ask_faspay(self, request: HttpRequest, queryset: QuerySet[FaspayTransaction]) -> None:
        # Final ones too: an admin may want to see a reversal before its notification.
        report = reconcile(queryset.order_by("created_at"))
        for line in report.errors:
            self.message_user(request, line, messages.ERROR)
        for line in report.changes:
            self.message_user(request, line, messages.SUCCESS)
        level = messages.WARNING if report.failed else messages.INFO
        self.message_user(request, report.summary(), level)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    # Every field is Faspay's or the app's: a view page, without a Save button. Deleting stays
    # possible for a transaction without events (they PROTECT theirs).
    def has_change_permission(self, request: HttpRequest, obj: Optional[Any] = None) -> bool:
        return False


@admin.register(FaspayNotification)
class FaspayNotificationAdmin(NotificationAdminBase):
    list_display = ["dedupe_key", "status", "payment_total", "source", "applied", "received_at"]
    list_filter = ["status", "source", "applied"]
    search_fields = ["bill_no", "trx_id", "dedupe_key"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Optional[Any] = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Optional[Any] = None) -> bool:
        return False
