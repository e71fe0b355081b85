from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("portal/", views.home, name="home"),
    path("portal/sign-in/", views.sign_in, name="sign_in"),
    path("portal/sign-in/oidc/", views.oidc_start, name="oidc_start"),
    path("portal/sign-in/oidc/callback/", views.oidc_callback, name="oidc_callback"),
    path("portal/sign-out/", views.sign_out, name="sign_out"),
    path("portal/plan/", views.plan, name="plan"),
    path("portal/applications/", views.applications, name="applications"),
    path("portal/consents/", views.consents, name="consents"),
    path(
        "portal/consents/<int:consent_id>/withdraw/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
    path("portal/who-looked/", views.who_looked, name="who_looked"),
    path("portal/referrals/", views.referrals, name="referrals"),
    path("portal/feedback/", views.feedback, name="feedback"),
    path("portal/council/", views.council, name="council"),
    path("portal/meetings/<int:meeting_id>/agenda/", views.meeting_agenda, name="agenda"),
    path("portal/meetings/<int:meeting_id>/calendar.ics", views.meeting_ics, name="meeting_ics"),
    path("clients/<int:client_id>/portal-code/", views.create_code, name="create_code"),
    path("feedback/", views.feedback_summary, name="feedback_summary"),
]
