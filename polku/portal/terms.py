"""One-line plain explanations of the official terms the portal shows besides benefit names
(which come from the catalogue): consent purposes and kinds of meeting."""

from django.utils.translation import gettext_lazy as _

CONSENT_PURPOSES = {
    "coordination": _(
        "The people helping you may tell each other what they need to know, so that you do "
        "not have to tell everything many times and they can plan with you."
    ),
    "benefits": _(
        "Kela and the others may share what is needed to decide your benefit and service "
        "applications quickly."
    ),
    "rehabilitation": _(
        "The people planning your rehabilitation may share the information it needs, such as "
        "health and work-ability information."
    ),
    "referral": _(
        "The organisation that referred you and the one that received you may tell each other "
        "how your matter is going."
    ),
}
MEETING_KINDS = {
    "first_contact": _(
        "The first time a worker meets you or calls you to hear how you are and what you need."
    ),
    "first_joint": _(
        "The first meeting where you and the people from different services sit at the same "
        "table and agree on the next steps."
    ),
    "follow_up": _("A meeting to see how things have gone and what to do next."),
    "handover": _(
        "A meeting where your matters move to a new coordinator, with you present, so that "
        "nothing is lost."
    ),
    "network_call": _("A short call with the people helping you."),
}
