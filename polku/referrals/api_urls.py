"""This app's endpoints under /api/v1/ (included by polku.api.urls, namespace v1)."""

from django.urls import path

from . import api

urlpatterns = [
    path("referrals/", api.ReferralListView.as_view(), name="referral-list"),
    path("referrals/queue/", api.QueueView.as_view(), name="referral-queue"),
    path("referrals/<int:referral_id>/", api.ReferralDetailView.as_view(), name="referral-detail"),
    path("referrals/<int:referral_id>/claim/", api.ClaimView.as_view(), name="referral-claim"),
]
