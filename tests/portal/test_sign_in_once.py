"""The portal's code sign-in form has a one-use form token (issue 18, finding 11): the same form
sent twice — a double click, a reload, two requests at the same moment — signs the client in
once. Before, the second submit tried the code again, already used up: "the code is wrong" on
the page the browser showed last, and one more wrong code counted against the address."""

import re
import threading

import pytest
from django.contrib.messages import get_messages
from django.db import connection, connections
from django.test import Client as HttpClient

from polku.accounts.models import FailedAttempt
from polku.audit.models import AuditEvent
from polku.portal import services

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="form_token" value="([A-Za-z0-9_-]+)"')


def _form(http) -> str:
    page = http.get("/portal/sign-in/").content.decode()
    found = TOKEN.findall(page)
    assert len(found) == 1, "the sign-in form renders one one-use token"
    return found[0]


def _logins(client_record) -> int:
    return AuditEvent.objects.filter(client=client_record, action="login", target="portal").count()


def test_the_same_sign_in_sent_twice_signs_in_once(client_record, coordinator):
    http = HttpClient()
    data = {"code": services.create_code(client=client_record, by=coordinator)}
    data["form_token"] = _form(http)
    first = http.post("/portal/sign-in/", data)
    assert first.status_code == 302 and first["Location"] == "/portal/"
    second = http.post("/portal/sign-in/", data)
    assert second.status_code == 302 and second["Location"] == "/portal/"
    assert "Lomake oli jo lähetetty." in [m.message for m in get_messages(second.wsgi_request)]
    assert FailedAttempt.objects.count() == 0  # the repeat is no wrong code
    assert _logins(client_record) == 1
    assert http.get("/portal/").status_code == 200  # still signed in


def test_the_repeat_goes_where_the_first_went(client_record, coordinator):
    http = HttpClient()
    code = services.create_code(client=client_record, by=coordinator)
    data = {"code": code, "next": "/portal/plan/", "form_token": _form(http)}
    assert http.post("/portal/sign-in/", data)["Location"] == "/portal/plan/"
    again = HttpClient().post("/portal/sign-in/", data)  # no session: it gets none either
    assert again.status_code == 302 and again["Location"] == "/portal/plan/"
    assert again.client.get("/portal/plan/")["Location"].startswith("/portal/sign-in/")


def test_a_wrong_code_sent_again_is_a_second_attempt(client_record, coordinator):
    http = HttpClient()
    data = {"code": "AAAA-AAAA", "form_token": _form(http)}
    for tried in (1, 2):
        answer = http.post("/portal/sign-in/", data)
        assert answer.status_code == 400
        assert FailedAttempt.objects.count() == tried
    # then the right code with the same page's token signs in
    data["code"] = services.create_code(client=client_record, by=coordinator)
    assert http.post("/portal/sign-in/", data).status_code == 302
    assert FailedAttempt.objects.count() == 2 and _logins(client_record) == 1


def test_a_malformed_token_is_refused_and_nothing_is_counted(client_record, coordinator):
    code = services.create_code(client=client_record, by=coordinator)
    answer = HttpClient().post("/portal/sign-in/", {"code": code, "form_token": "x<"})
    assert answer.status_code == 400
    assert _logins(client_record) == 0 and FailedAttempt.objects.count() == 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_sign_in_sent_at_the_same_moment_signs_in_once(client_record, coordinator):
    assert connection.vendor == "postgresql"
    http = HttpClient()
    data = {"code": services.create_code(client=client_record, by=coordinator)}
    data["form_token"] = _form(http)
    start = threading.Barrier(4)
    answers: list[tuple[int, str]] = []
    errors: list[BaseException] = []

    def send():
        try:
            start.wait()
            response = HttpClient().post("/portal/sign-in/", data)
            answers.append((response.status_code, response.get("Location", "")))
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert answers == [(302, "/portal/")] * 4
    assert _logins(client_record) == 1
    assert FailedAttempt.objects.count() == 0
