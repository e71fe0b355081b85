"""The portal's demo data: enough feedback for the monthly aggregates, a council with
proposals in every state, and in demo mode a sign-in code that works once."""

import pytest
from django.test import Client as HttpClient

from polku.demo import generator
from polku.demo.builders import portal as demo
from polku.portal.models import Feedback, Proposal

pytestmark = pytest.mark.django_db


def test_the_portal_demo(settings):
    settings.POLKU_DEMO_MODE = True
    assert generator.load_demo(clients=80, seed=11) is not None
    assert Feedback.objects.count() >= 36
    assert set(Proposal.objects.values_list("status", flat=True)) == {
        "done",
        "considering",
        "not_done",
        "pending",  # waits for moderation: only its writer sees it
    }
    count = Feedback.objects.count()
    demo.build(seed=11)
    assert Feedback.objects.count() == count  # idempotent
    assert demo.DEMO_CODE in demo.summary()
    http = HttpClient()
    assert http.post("/portal/sign-in/", {"code": demo.DEMO_CODE}).status_code == 302
    assert http.get("/portal/").status_code == 200
    assert demo.DEMO_CODE not in demo.summary()  # used up
