"""The right of access in a real browser (issue #18, finding 18): the client finds "Lataa
tietoni" in the My Polku menu and downloads a PDF and a data file; the data-protection officer
signs in with the second factor, opens "Tietopyynnöt" from the menu, is told when the reason
is missing, and downloads the client's export. Every page is checked with axe-core."""

import json
import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from polku.accounts.models import Profession
from polku.audit.models import Action, AuditEvent
from polku.portal import services
from tests.factories import OrganisationFactory, ProfessionalFactory

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "salasana-testi-123"


def test_the_client_downloads_their_information(
    page, check_page, client_record, coordinator, tmp_path
):
    code = services.create_code(client=client_record, by=coordinator)
    page.goto("/portal/sign-in/")
    check_page()
    page.locator("#id_code").fill(code)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/portal/$"))
    check_page()
    page.locator("summary.portal-menu__button").click()
    page.get_by_role("link", name="Lataa tietoni").click()
    expect(page).to_have_url(re.compile(r"/portal/my-information/$"))
    expect(page.locator("h1")).to_have_text("Lataa tietoni")
    check_page()

    with page.expect_download() as pdf:
        page.get_by_role("link", name="Tietoni PDF-tiedostona").click()
    saved = tmp_path / pdf.value.suggested_filename
    pdf.value.save_as(saved)
    assert saved.suffix == ".pdf" and saved.read_bytes().startswith(b"%PDF")

    with page.expect_download() as data:
        page.get_by_role("link", name="Tietoni datatiedostona (JSON)").click()
    saved = tmp_path / data.value.suggested_filename
    data.value.save_as(saved)
    content = json.loads(saved.read_text(encoding="utf-8"))
    assert content["client"]["personal_identity_code"] == client_record.reveal_hetu()
    assert (
        AuditEvent.objects.filter(client=client_record, action=Action.EXPORT, actor=None).count()
        == 2
    )


def test_the_officer_produces_an_export_with_a_reason(page, check_page, client_record, tmp_path):
    office = OrganisationFactory(name="Tietosuoja (testi)", kind="social")
    officer = ProfessionalFactory(
        username="tietosuoja", organisation=office, profession=Profession.DATA_PROTECTION_OFFICER
    )
    device = TOTPDevice.objects.create(user=officer, name="puhelin", confirmed=True)
    page.goto("/")
    check_page()
    form = page.locator("main form[method=post]")
    form.locator("input[name=username]").fill(officer.username)
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("button[type=submit]").click()
    check_page()
    form = page.locator("main form[method=post]")
    token = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    form.locator("input[name=token]").fill(f"{token:06d}")
    form.locator("button[type=submit]").click()
    check_page()

    page.locator("nav.site-nav").get_by_role("link", name="Tietopyynnöt").click()
    expect(page.locator("h1")).to_have_text("Tietopyynnöt")
    check_page()
    form = page.locator("main form[method=post]")
    form.locator("input[name=hetu]").fill(client_record.reveal_hetu())
    form.locator("input[name=reason]").fill("lyhyt")
    form.locator("button[type=submit]").click()
    expect(page.locator(".error-summary")).to_contain_text("Kerro, miksi teet koosteen")
    check_page()

    form = page.locator("main form[method=post]")
    form.locator("input[name=reason]").fill("Asiakkaan pyyntö 1.12.2026")
    form.locator("input[value=json]").check()
    with page.expect_download() as data:
        form.locator("button[type=submit]").click()
    saved = tmp_path / data.value.suggested_filename
    data.value.save_as(saved)
    content = json.loads(saved.read_text(encoding="utf-8"))
    assert content["recipient"] == "data_protection_officer"
    event = AuditEvent.objects.get(client=client_record, action=Action.EXPORT, actor=officer)
    assert event.purpose == "Asiakkaan pyyntö 1.12.2026"
