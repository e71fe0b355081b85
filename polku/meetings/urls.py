from django.urls import path

from . import views

app_name = "meetings"
urlpatterns = [
    path("clients/<int:client_id>/meetings/", views.meeting_list, name="list"),
    path("clients/<int:client_id>/meetings/new/", views.meeting_new, name="new"),
    path(
        "clients/<int:client_id>/meetings/<int:meeting_id>/",
        views.meeting_detail,
        name="detail",
    ),
    path(
        "clients/<int:client_id>/meetings/<int:meeting_id>/edit/",
        views.meeting_edit,
        name="edit",
    ),
    path(
        "clients/<int:client_id>/meetings/<int:meeting_id>/agreements/",
        views.agreement_add,
        name="agreement_add",
    ),
    path(
        "clients/<int:client_id>/meetings/<int:meeting_id>/agreements/<int:agreement_id>/done/",
        views.agreement_done,
        name="agreement_done",
    ),
    path(
        "clients/<int:client_id>/meetings/<int:meeting_id>/next-contact/",
        views.next_contact_set,
        name="next_contact",
    ),
    path(
        "clients/<int:client_id>/meetings/<int:meeting_id>/close/",
        views.meeting_close,
        name="close",
    ),
    path(
        "clients/<int:client_id>/meetings/<int:meeting_id>/invite.ics",
        views.meeting_invite,
        name="invite",
    ),
    path(
        "clients/<int:client_id>/meetings/<int:meeting_id>/summary.pdf",
        views.meeting_summary,
        name="summary",
    ),
]
