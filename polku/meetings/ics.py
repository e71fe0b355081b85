"""Calendar invitations (RFC 5545) for meetings, built with the icalendar package.

Privacy: the invitation leaves Polku (mail, calendar servers), so it names neither the client
nor the henkilötunnus and carries no agenda — only "Polku: <kind of meeting>", the time, the
place or link, the organiser and the professionals, and a link back to Polku."""

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Meeting, MeetingMode, MeetingStatus

TZID = "Europe/Helsinki"
HELSINKI = ZoneInfo(TZID)
PRODID = "-//Polku//Network meetings//FI"


def helsinki_vtimezone() -> icalendar.Timezone:
    """Europe/Helsinki as a compact VTIMEZONE with the EU rules in force since 1996 (summer
    time from the last Sunday of March 03.00 to the last Sunday of October 04.00 local), the
    form calendar programs themselves write — valid without an end year."""
    zone = icalendar.Timezone()
    zone.add("tzid", TZID)
    for kind, start, month, before, after, name in (
        (icalendar.TimezoneDaylight, dt.datetime(1996, 3, 31, 3), 3, "+0200", "+0300", "EEST"),
        (icalendar.TimezoneStandard, dt.datetime(1996, 10, 27, 4), 10, "+0300", "+0200", "EET"),
    ):
        part = kind()
        part.add("dtstart", start)
        part.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1su"})
        part.add("tzoffsetfrom", icalendar.vUTCOffset.from_ical(before))
        part.add("tzoffsetto", icalendar.vUTCOffset.from_ical(after))
        part.add("tzname", name)
        zone.add_component(part)
    return zone


def uid_for(meeting: Meeting) -> str:
    """Stable for the meeting's whole life, so an updated invitation replaces the old one."""
    domain = settings.POLKU_CALENDAR_DOMAIN
    return f"polku-meeting-{meeting.pk}@{domain}"


def _address(user, role: str | None = None) -> icalendar.vCalAddress:
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
    calendar.add_component(helsinki_vtimezone())
    calendar.add_component(event)
    return calendar.to_ical()
