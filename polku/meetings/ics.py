"""Calendar invitations (RFC 5545) for meetings, built with the icalendar package.

Privacy: the invitation leaves Polku (mail, calendar servers), so it names neither the client
nor the henkilötunnus and carries no agenda — only "Polku: <kind of meeting>", the time, the
place or link, the organiser and the professionals, and a link back to Polku."""

from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from polku.accounts.models import User

from .models import Meeting, MeetingMode, MeetingStatus

TZID = "Europe/Helsinki"
HELSINKI = ZoneInfo(TZID)
PRODID = "-//Polku//Network meetings//FI"


def uid_for(meeting: Meeting) -> str:
    """Stable for the meeting's whole life, so an updated invitation replaces the old one."""
    domain = settings.POLKU_CALENDAR_DOMAIN
    return f"polku-meeting-{meeting.pk}@{domain}"


def _address(user: User, role: str | None = None) -> icalendar.vCalAddress:
    address = icalendar.vCalAddress(f"mailto:{user.email}")
    address.params["CN"] = icalendar.vText(user.get_full_name() or user.username)
    if role:
        address.params["ROLE"] = icalendar.vText(role)
        address.params["PARTSTAT"] = icalendar.vText("NEEDS-ACTION")
        address.params["RSVP"] = icalendar.vText("TRUE")
    return address


def invitation(meeting: Meeting, *, page_url: str) -> bytes:
    """One VCALENDAR with one VEVENT and the VTIMEZONE of Europe/Helsinki. `meeting` comes from
    polku.meetings.selectors.meeting (participants loaded)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    cancelled = meeting.status == MeetingStatus.CANCELLED
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")

    event = icalendar.Event()
    event.add("uid", uid_for(meeting))
    event.add("dtstamp", timezone.now().astimezone(ZoneInfo("UTC")))
    event.add("dtstart", timezone.localtime(meeting.starts_at, HELSINKI))
    event.add("dtend", timezone.localtime(meeting.ends_at, HELSINKI))
    event.add("sequence", meeting.version)
    event.add("summary", _("Polku: %(kind)s") % {"kind": meeting.get_kind_display().lower()})
    if meeting.mode == MeetingMode.VIDEO:
        event.add("location", meeting.video_link)
        event.add("url", meeting.video_link)
    elif meeting.mode == MeetingMode.PHONE:
        event.add("location", str(_("Phone")))
        event.add("url", page_url)
    else:
        event.add("location", meeting.place)
        event.add("url", page_url)
    event.add("description", _("Details in Polku: %(url)s") % {"url": page_url})
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "OPAQUE")
    organiser = meeting.organiser
    if organiser.email:
        event.add("organizer", _address(organiser))
    for participant in meeting.participant_list:  # type: ignore[attr-defined]
        person = participant.professional
        if person.email:
            event.add("attendee", _address(person, "REQ-PARTICIPANT"))
    calendar.add_component(event)
    # The VTIMEZONE of Europe/Helsinki, built by icalendar from the tz database (1970–2038)
    # and placed before the event.
    calendar.add_missing_timezones()
    return calendar.to_ical()
