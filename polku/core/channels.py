"""How people contact each other: the one list of contact channels.

A referral (the client's preferred channel, a follow-up after discharge) and a meeting's next
contact each offer the channels that fit them; the values are what the database holds."""

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class ContactChannel(models.TextChoices):
    PHONE = "phone", _("Phone call")
    TEXT = "text", _("Text message")
    EMAIL = "email", _("E-mail")
    VISIT = "visit", _("Meeting in person")
    VIDEO = "video", _("Video call")
    MESSAGE = "message", _("Message")
    VIA_PARTNER = "via_partner", _("Through the partner worker")


# The channels a referral offers: reached by the receiving team, or through the partner worker.
REFERRAL_CHANNELS = (
    ContactChannel.PHONE,
    ContactChannel.TEXT,
    ContactChannel.EMAIL,
    ContactChannel.VISIT,
    ContactChannel.VIA_PARTNER,
)
# The channels of a meeting's agreed next contact.
NEXT_CONTACT_CHANNELS = (
    ContactChannel.PHONE,
    ContactChannel.VISIT,
    ContactChannel.VIDEO,
    ContactChannel.MESSAGE,
)


def choices(channels: tuple[ContactChannel, ...]) -> list[tuple[str, str | Promise]]:
    """(value, label) pairs for a model or form field offering these channels."""
    return [(channel.value, channel.label) for channel in channels]
