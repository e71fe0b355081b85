"""Two professionals edit the same plan: the second save, made from a stale page, is refused
with a clear message and nothing of it is saved (optimistic locking on the Plan)."""

import re

import pytest
from django.test import Client as HttpClient

from polku.clients import services as client_services
from polku.core.locking import StaleEdit
from polku.plans import services
from polku.plans.models import Goal, Plan, Step
from tests.conftest import login
from tests.factories import ProfessionalFactory
from tests.plans.helpers import goal, in_days, in_english, step, version_of

pytestmark = pytest.mark.django_db

STALE = "Someone else saved changes to this while you were editing"


@pytest.fixture
def colleague(client_record, coordinator, municipality):
    person = ProfessionalFactory(organisation=coordinator.organisation)
    client_services.add_member(client=client_record, by=coordinator, professional=person)
    return person


def test_second_goal_edit_from_a_stale_copy_is_refused(client_record, coordinator, colleague):
    made = goal(client_record, coordinator, text="Haluan töihin")
    loaded = version_of(client_record)  # both users load the same version
    services.update_goal(
        goal=made, by=coordinator, expected_version=loaded, text="Haluan töihin kauppaan"
    )
    with pytest.raises(StaleEdit) as error:
        services.update_goal(
            goal=Goal.objects.get(pk=made.pk),
            by=colleague,
            expected_version=loaded,
            text="Haluan opiskella",
        )
    assert STALE in error.value.messages[0]
    made.refresh_from_db()
    assert made.text == "Haluan töihin kauppaan"
    assert version_of(client_record) == loaded + 1


def test_two_users_start_the_plan_at_once(client_record, coordinator, colleague):
    """Both saw no plan (version 0): the first starts it, the second is refused."""
    services.add_goal(client=client_record, by=coordinator, expected_version=0, text="A")
    with pytest.raises(StaleEdit):
        services.add_goal(client=client_record, by=colleague, expected_version=0, text="B")
    assert list(Goal.objects.values_list("text", flat=True)) == ["A"]
    assert Plan.objects.filter(client=client_record).count() == 1


def test_a_stale_step_status_change_saves_nothing(client_record, coordinator, colleague):
    made = step(goal(client_record, coordinator), coordinator, client_record)
    loaded = version_of(client_record)
    services.set_step_status(step=made, by=coordinator, expected_version=loaded, status="done")
    with pytest.raises(StaleEdit):
        services.update_step(
            step=Step.objects.get(pk=made.pk),
            by=colleague,
            expected_version=loaded,
            status="cancelled",
            what="Jotain muuta",
        )
    stored = Step.objects.get(pk=made.pk)
    assert (stored.status, stored.what) == ("done", "Työkokeilu lounasravintolassa")


def test_adding_to_a_stale_plan_is_refused(client_record, coordinator, colleague):
    made = goal(client_record, coordinator)
    loaded = version_of(client_record)
    services.update_goal(goal=made, by=coordinator, expected_version=loaded, status="active")
    with pytest.raises(StaleEdit):
        services.add_step(
            goal=made,
            by=colleague,
            expected_version=loaded,
            what="Uusi askel",
            responsible=colleague,
            target_date=in_days(3),
        )
    with pytest.raises(StaleEdit):
        services.add_goal(client=client_record, by=colleague, expected_version=loaded, text="X")
    assert not Step.objects.exists()
    assert Goal.objects.count() == 1


def _version_in(page: str, name: str = "version") -> str:
    return re.search(rf'name="{name}" value="(\d+)"', page).group(1)


def test_two_browsers_edit_the_same_goal(client_record, coordinator, colleague):
    """Through the pages: both open the edit form; the first saves; the second sees the
    message on the form and the stored goal is the first one's."""
    made = goal(client_record, coordinator, text="Haluan töihin")
    url = f"/clients/{client_record.pk}/plan/goals/{made.pk}/edit/"
    first = in_english(login(HttpClient(), coordinator))
    second = in_english(login(HttpClient(), colleague))
    version_first = _version_in(first.get(url).content.decode())
    version_second = _version_in(second.get(url).content.decode())
    assert version_first == version_second

    form = {"status": "active", "order": "1"}
    saved = first.post(url, {**form, "text": "Ensimmäisen muutos", "version": version_first})
    assert saved.status_code == 302
    refused = second.post(url, {**form, "text": "Toisen muutos", "version": version_second})
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "error-summary" in page
    assert STALE.replace("'", "&#x27;") in page
    assert "Toisen muutos" in page  # the user's text is still on the form to copy
    made.refresh_from_db()
    assert made.text == "Ensimmäisen muutos"


def test_a_stale_quick_status_change_says_so(client_record, coordinator, colleague):
    made = step(goal(client_record, coordinator), coordinator, client_record)
    http = in_english(login(HttpClient(), colleague))
    loaded = version_of(client_record)
    services.update_step(step=made, by=coordinator, expected_version=loaded, what="Muutettu")
    response = http.post(
        f"/clients/{client_record.pk}/plan/steps/{made.pk}/status/",
        {f"step{made.pk}-status": "done", f"step{made.pk}-version": loaded},
        follow=True,
    )
    assert STALE.replace("'", "&#x27;") in response.content.decode()
    assert Step.objects.get(pk=made.pk).status == "planned"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_truly_concurrent_saves_on_postgresql(client_record, coordinator, colleague):
    """Two transactions at the same moment from the same loaded version: the database row
    lock makes the second wait, then find the version moved: exactly one save wins."""
    import threading

    from django.db import connection, transaction

    made = goal(client_record, coordinator, text="Alku")
    loaded = version_of(client_record)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def save(user, text):
        try:
            with transaction.atomic():
                barrier.wait(timeout=10)
                services.update_goal(
                    goal=Goal.objects.get(pk=made.pk),
                    by=user,
                    expected_version=loaded,
                    text=text,
                )
            outcomes.append(text)
        except StaleEdit:
            outcomes.append("stale")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=save, args=(coordinator, "Ensimmäinen")),
        threading.Thread(target=save, args=(colleague, "Toinen")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes).count("stale") == 1, outcomes
    winner = next(o for o in outcomes if o != "stale")
    made.refresh_from_db()
    assert made.text == winner
    assert version_of(client_record) == loaded + 1
