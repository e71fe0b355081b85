"""Receiving teams are set up by administrators. Referrals themselves hold client data and
are not in the admin: they are reached only through the referral pages and the API."""

from django.contrib import admin

from polku.core.admin_privacy import ClientSafeAdmin

from .models import ReceivingTeam


@admin.register(ReceivingTeam)
class ReceivingTeamAdmin(ClientSafeAdmin):
    list_display = ["name", "organisation", "service_manager", "is_active"]
    list_filter = ["is_active", "organisation__kind"]
    list_select_related = ["organisation", "service_manager"]
    search_fields = ["name", "organisation__name"]
    filter_horizontal = ["members"]
    autocomplete_fields = ["organisation"]
