from django.urls import path

from . import views

app_name = "referrals"
urlpatterns = [
    # The referring partner: referral-based, the limited view only.
    path("referrals/", views.partner_list, name="partner_list"),
    path("referrals/new/", views.referral_new, name="new"),
    path("referrals/<int:referral_id>/", views.partner_detail, name="partner_detail"),
    path("referrals/<int:referral_id>/handout/", views.handout, name="handout"),
    path("referrals/<int:referral_id>/withdraw/", views.partner_withdraw, name="partner_withdraw"),
    # The receiving team: referral-based, for members and the service manager of the team.
    path("referrals/queue/", views.queue, name="queue"),
    path("referrals/queue/<int:referral_id>/", views.team_detail, name="team_detail"),
    path("referrals/queue/<int:referral_id>/claim/", views.claim, name="claim"),
    path("referrals/queue/<int:referral_id>/status/", views.change_status, name="status"),
    path("referrals/queue/<int:referral_id>/open-case/", views.open_case, name="open_case"),
    path("referrals/queue/<int:referral_id>/withdraw/", views.team_withdraw, name="team_withdraw"),
    path("referrals/queue/<int:referral_id>/discharge/", views.discharge, name="discharge"),
    path(
        "referrals/queue/<int:referral_id>/follow-ups/<int:follow_up_id>/done/",
        views.follow_up_done,
        name="follow_up_done",
    ),
    # Client data: through the access rule.
    path("clients/<int:client_id>/referrals/", views.client_referrals, name="client_referrals"),
    path(
        "clients/<int:client_id>/referrals/follow-ups/<int:follow_up_id>/done/",
        views.client_follow_up_done,
        name="client_follow_up_done",
    ),
]
