"""A professional's day in a real browser: sign in with the second factor, find a client,
switch the language, give and withdraw a consent, record a new client.

Elements are found by name attributes, ids and URLs rather than visible text, because the
Finnish and Swedish texts change while the translations are written. Every page visited is
checked with axe-core (check_page) and a CSP violation fails the test (see conftest.py).
"""

import datetime as dt
import re

import pytest
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from polku.accounts import enrolment
from polku.clients.models import Client, Consent
from tests.factories import make_client, synthetic_hetu

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "salasana-testi-123"


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def _url(path: str) -> re.Pattern:
    """Matches the page's URL by path (and query), whatever the live server's address."""
    return re.compile(rf"^https?://[^/]+{re.escape(path)}$")


def _finnish_date(day: dt.date) -> str:
    return f"{day.day}.{day.month}.{day.year}"


def _submit(form) -> None:
    form.locator("button[type=submit]").click()


def _password_step(page: Page, check_page, user) -> None:
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=(/|%2F)$"))
    expect(page.locator("html")).to_have_attribute("lang", "fi")
    check_page()
    form = page.locator("main form[method=post]")
    form.locator("input[name=username]").fill(user.username)
    form.locator("input[name=password]").fill(PASSWORD)
    _submit(form)


def _sign_in(page: Page, check_page, user, device: TOTPDevice) -> None:
    """Through the real forms: password, then the code from the authenticator."""
    _password_step(page, check_page, user)
    expect(page).to_have_url(re.compile(r"/accounts/login/verify/\?next=(/|%2F)$"))
    check_page()
    form = page.locator("main form[method=post]")
    form.locator("input[name=token]").fill(_code(device))
    _submit(form)
    expect(page).to_have_url(_url("/"))
    check_page()


def _switch_language(page: Page, code: str) -> None:
    switch = page.locator("form.language-switch")
    switch.locator("select[name=language]").select_option(code)
    _submit(switch)
    expect(page.locator("html")).to_have_attribute("lang", code)


@pytest.fixture
def device(coordinator) -> TOTPDevice:
    return TOTPDevice.objects.create(user=coordinator, name="puhelin", confirmed=True)


@pytest.fixture
def signed_in_page(page, check_page, coordinator, device) -> Page:
    _sign_in(page, check_page, coordinator, device)
    return page


def test_first_sign_in_sets_up_the_authenticator_with_a_qr_code(page, check_page, coordinator):
    _password_step(page, check_page, coordinator)

    # The password alone enrols nothing: the page says to ask for an enrolment link.
    expect(page).to_have_url(re.compile(r"/accounts/login/authenticator/\?next=(/|%2F)$"))
    expect(page.locator("main")).to_contain_text("Pyydä ylläpitäjältä käyttöönottolinkki")
    expect(page.locator("main input[name=token]")).to_have_count(0)
    check_page()

    _link, path = enrolment.create_link(coordinator)
    page.goto(path)
    check_page()
    form = page.locator("main form[method=post]")
    form.locator("input[name=password]").fill(PASSWORD)
    _submit(form)
    qr = page.locator(".qr[role=img]")
    expect(qr).to_have_attribute("aria-label", re.compile(r"\S"))
    expect(qr.locator("svg")).to_be_visible()
    box = qr.locator("svg").bounding_box()
    assert box is not None
    assert box["width"] >= 100
    assert box["height"] >= 100  # big enough to scan
    expect(page.locator(".secret")).to_have_text(re.compile(r"^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$"))
    check_page()

    pending = TOTPDevice.objects.get(user=coordinator, confirmed=False)
    form = page.locator("main form[method=post]")
    form.locator("input[name=token]").fill(_code(pending))
    _submit(form)
    expect(page).to_have_url(_url("/"))
    check_page()
    pending.refresh_from_db()
    assert pending.confirmed


def test_find_a_client_see_the_masked_code_and_switch_language(
    signed_in_page, check_page, screenshot, coordinator
):
    page = signed_in_page
    code = synthetic_hetu()
    client = make_client(
        coordinator=coordinator,
        hetu=code,
        first_names="Aino Maria",
        last_name="Korhonen",
        preferred_language="fi",
    )
    make_client(coordinator=coordinator, first_names="Eero", last_name="Nieminen")

    search = page.locator("form[role=search]")
    search.locator("input[name=q]").fill("korhonen")
    _submit(search)
    expect(page).to_have_url(_url("/?q=korhonen"))
    rows = page.locator("table.data-table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("Korhonen")
    check_page()

    rows.locator(f"a[href='/clients/{client.pk}/']").click()
    expect(page).to_have_url(_url(f"/clients/{client.pk}/"))
    expect(page.locator("h1")).to_have_text("Aino Maria Korhonen")
    facts = page.locator("#identity-heading ~ dl.facts")
    expect(facts).to_contain_text(client.hetu_masked)
    assert client.hetu_masked.endswith("****")
    assert code not in page.content()
    assert code[6:] not in page.locator("main").inner_text()  # e.g. "-903A"
    check_page()
    screenshot("client-overview")

    _switch_language(page, "sv")
    expect(page).to_have_url(_url(f"/clients/{client.pk}/"))
    # The client's preferred language comes from Django's own Swedish catalogue.
    expect(facts).to_contain_text(re.compile("finska", re.IGNORECASE))
    expect(page.locator("#language-select")).to_have_value("sv")
    expect(facts).to_contain_text(client.hetu_masked)
    check_page()
    screenshot("client-overview-sv")

    _switch_language(page, "fi")
    expect(page).to_have_url(_url(f"/clients/{client.pk}/"))
    expect(facts).to_contain_text(re.compile("suomi", re.IGNORECASE))
    check_page()


def test_give_a_consent_and_withdraw_it(signed_in_page, check_page, coordinator, municipality):
    page = signed_in_page
    client = make_client(coordinator=coordinator, last_name="Lehtonen")
    page.goto(f"/clients/{client.pk}/")
    check_page()

    page.locator(f"main a[href='/clients/{client.pk}/consents/new/']").first.click()
    expect(page).to_have_url(_url(f"/clients/{client.pk}/consents/new/"))
    check_page()
    today = timezone.localdate()
    until = today + dt.timedelta(days=365)
    form = page.locator("main form[method=post]")
    form.locator(f"input[name=organisations][value='{municipality.pk}']").check()
    form.locator("select[name=purpose]").select_option("rehabilitation")
    form.locator("select[name=given_how]").select_option("phone")
    form.locator("input[name=valid_from]").fill(_finnish_date(today))
    form.locator("input[name=valid_until]").fill(_finnish_date(until))
    _submit(form)

    expect(page).to_have_url(_url(f"/clients/{client.pk}/"))
    expect(page.locator("main [role=status]")).to_be_visible()
    consent = Consent.objects.get(client=client, purpose="rehabilitation")
    assert list(consent.organisations.all()) == [municipality]
    assert consent.valid_until == until
    row = page.locator("section[aria-labelledby=consents-heading] tbody tr").filter(
        has_text=municipality.name
    )
    expect(row).to_have_count(1)
    expect(row).to_contain_text(f"{_finnish_date(today)}\N{EN DASH}{_finnish_date(until)}")
    withdraw = row.locator(f"a[href='/clients/{client.pk}/consents/{consent.pk}/withdraw/']")
    expect(withdraw).to_be_visible()
    check_page()

    withdraw.click()
    expect(page).to_have_url(_url(f"/clients/{client.pk}/consents/{consent.pk}/withdraw/"))
    expect(page.locator("main dl.facts")).to_contain_text(municipality.name)
    check_page()
    form = page.locator("main form[method=post]")
    form.locator("textarea[name=reason]").fill("Asiakas perui suostumuksen puhelimessa.")
    _submit(form)

    expect(page).to_have_url(_url(f"/clients/{client.pk}/"))
    expect(row.locator(".badge--withdrawn")).to_contain_text(_finnish_date(today))
    expect(row.locator("a[href*='/withdraw/']")).to_have_count(0)
    check_page()
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None


def test_record_a_client_invalid_code_is_explained_and_nothing_saved(
    signed_in_page, check_page, screenshot, kela
):
    page = signed_in_page
    page.locator("nav a[href='/clients/new/']").click()
    expect(page).to_have_url(_url("/clients/new/"))
    # "Kirjaa asiakas" is the current page here, and only here (not on every page named "new").
    current = page.locator("nav.site-nav a[aria-current=page]")
    expect(current).to_have_count(1)
    expect(current).to_have_attribute("href", "/clients/new/")
    check_page()

    code = synthetic_hetu()
    wrong = code[:-1] + ("A" if code[-1] != "A" else "B")
    form = page.locator("main form[method=post]")
    consent_fields = page.locator("#consent-fields")
    expect(consent_fields).to_be_hidden()  # polku.js runs under the CSP
    form.locator("input[name=hetu]").fill(wrong)
    form.locator("input[name=first_names]").fill("Matti Johannes")
    form.locator("input[name=last_name]").fill("Mäkelä")
    form.locator("select[name=preferred_language]").select_option("fi")
    form.locator("input[name=phone]").fill("040 1234567")
    form.locator("input[name=postal_code]").fill("60100")
    form.locator("input[name=municipality]").fill("Seinäjoki")
    form.locator("input[name=has_online_credentials]").check()
    form.locator("input[name=give_consent]").check()
    expect(consent_fields).to_be_visible()
    # The consent's start is prefilled with today as d.m.yyyy, like every date shown.
    expect(form.locator("input[name=consent-valid_from]")).to_have_value(
        _finnish_date(timezone.localdate())
    )
    # Every form control (text, tel, date, select…) meets the 44 px target size.
    heights = page.evaluate(
        """() => [...document.querySelectorAll('main input, main select, main textarea')]
            .filter(e => !['checkbox', 'radio', 'hidden'].includes(e.type) && e.offsetParent)
            .map(e => [e.name, e.getBoundingClientRect().height])"""
    )
    assert len(heights) >= 8
    assert [(name, h) for name, h in heights if h < 44] == []
    form.locator(f"input[name=consent-organisations][value='{kela.pk}']").check()
    form.locator("select[name=consent-purpose]").select_option("coordination")
    form.locator("select[name=consent-given_how]").select_option("in_person")
    form.locator("input[name=consent-valid_from]").fill(_finnish_date(timezone.localdate()))
    _submit(form)

    expect(page).to_have_url(_url("/clients/new/"))
    summary = page.get_by_role("alert")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary.locator("a[href='#id_hetu']")).to_have_count(1)
    hetu_input = form.locator("input[name=hetu]")
    expect(hetu_input).to_have_attribute("aria-invalid", "true")
    expect(hetu_input).to_have_css("border-top-color", "rgb(176, 16, 56)")  # #b01038
    expect(form.locator("input[name=last_name]")).to_have_value("Mäkelä")
    expect(form.locator("input[name=give_consent]")).to_be_checked()
    expect(consent_fields).to_be_visible()
    assert not Client.objects.filter(last_name="Mäkelä").exists()
    check_page()
    screenshot("new-client-errors")

    form.locator("input[name=hetu]").fill(code)
    _submit(form)

    client = Client.objects.get(last_name="Mäkelä")
    # The same neutral answer whether or not the person was a client (issue 18, finding 2):
    # My clients, where the new client is listed.
    expect(page).to_have_url(_url("/"))
    expect(page.locator("main [role=status]")).to_be_visible()
    page.locator(f"a[href='/clients/{client.pk}/']").click()
    expect(page.locator("#identity-heading ~ dl.facts")).to_contain_text(client.hetu_masked)
    check_page()
    assert client.status == "active"
    assert client.reveal_hetu() == code
    assert client.consents.get().organisations.get() == kela
