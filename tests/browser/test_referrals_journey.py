"""Partner referral in a real browser: a shelter worker makes a referral with the client
present, a Kela special-services worker claims it and records the first contact, and the
partner sees the status change. Every page is checked with axe-core (check_page)."""

import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from polku.accounts.models import OrganisationKind, Profession
from polku.referrals.models import ReceivingTeam, Referral
from tests.factories import OrganisationFactory, ProfessionalFactory, synthetic_hetu

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "salasana-testi-123"


def _url(path: str) -> re.Pattern:
    return re.compile(rf"^https?://[^/]+{re.escape(path)}$")


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def _submit(form) -> None:
    form.locator("button[type=submit]").first.click()


def _sign_in(page: Page, check_page, user) -> None:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or (
        TOTPDevice.objects.create(user=user, name="puhelin", confirmed=True)
    )
    # The same person signs in twice within one 30-second step: forget the used code
    # (the replay guard is tested elsewhere).
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=(/|%2F)$"))
    check_page()
    form = page.locator("main form[method=post]")
    form.locator("input[name=username]").fill(user.username)
    form.locator("input[name=password]").fill(PASSWORD)
    _submit(form)
    expect(page).to_have_url(re.compile(r"/accounts/login/verify/\?next=(/|%2F)$"))
    check_page()
    form = page.locator("main form[method=post]")
    form.locator("input[name=token]").fill(_code(device))
    _submit(form)
    expect(page).to_have_url(_url("/"))
    check_page()


def _sign_out(page: Page, check_page) -> None:
    _submit(page.locator("form[action='/accounts/logout/']"))
    expect(page).to_have_url(_url("/accounts/login/"))
    check_page()


def test_partner_refers_kela_claims_and_contacts_partner_sees_it(page: Page, check_page):
    kela = OrganisationFactory(name="Kela, erityispalvelut", kind=OrganisationKind.KELA)
    shelter = OrganisationFactory(
        name="Seinäjoen turvakoti", kind=OrganisationKind.NGO, is_public_authority=False
    )
    partner = ProfessionalFactory(
        username="turvakoti.ohjaaja", organisation=shelter, profession=Profession.PARTNER_WORKER
    )
    worker = ProfessionalFactory(
        username="kela.erityis", organisation=kela, first_name="Leena", last_name="Kivelä"
    )
    team = ReceivingTeam.objects.create(organisation=kela, name="Kelan erityispalvelut")
    team.members.add(worker)

    # 1. The partner worker makes the referral with the client present.
    _sign_in(page, check_page, partner)
    page.goto("/referrals/")
    expect(page).to_have_url(_url("/referrals/"))
    check_page()
    page.locator("#new-referral").click()
    expect(page).to_have_url(_url("/referrals/new/"))
    check_page()
    form = page.locator("#referral-form")
    form.locator("select[name=team]").select_option(str(team.pk))
    form.locator("input[name=first_names]").fill("Aino")
    form.locator("input[name=last_name]").fill("Virtanen")
    form.locator("input[name=hetu]").fill("010190-1234")  # wrong check character first
    form.locator("input[name=identity_confirmed]").check()
    form.locator("textarea[name=situation]").fill("Lähdin kotoa lasten kanssa, vuokra on auki.")
    form.locator("select[name=urgency]").select_option("urgent")
    form.locator("input[name=consent_in_person]").check()
    form.locator("input[name=consent_scope]").fill("Tilanne ja yhteystiedot")
    form.locator("select[name=contact_channel]").select_option("phone")
    form.locator("input[name=contact_details]").fill("040 000 0000")
    form.locator("select[name=language]").select_option("fi")
    _submit(form)
    expect(page.locator("#referral-form .form-field--invalid")).to_have_count(1)
    check_page()
    page.locator("#referral-form input[name=hetu]").fill(synthetic_hetu())
    _submit(page.locator("#referral-form"))
    referral = Referral.objects.get()
    detail = f"/referrals/{referral.pk}/"
    expect(page).to_have_url(_url(detail))
    expect(page.locator("#status-value")).to_have_attribute("data-status", "received")
    check_page()
    _sign_out(page, check_page)

    # 2. The Kela worker finds it in the queue, claims it and records the first contact.
    _sign_in(page, check_page, worker)
    page.goto("/referrals/queue/")
    expect(page.locator("#referral-queue")).to_contain_text("Virtanen")
    check_page()
    page.locator(f"#referral-queue a[href='/referrals/queue/{referral.pk}/']").click()
    expect(page).to_have_url(_url(f"/referrals/queue/{referral.pk}/"))
    check_page()
    _submit(page.locator("#claim-form"))
    expect(page).to_have_url(_url(f"/referrals/queue/{referral.pk}/"))
    expect(page.locator("#status-value")).to_have_attribute("data-status", "claimed")
    check_page()
    form = page.locator("#status-form")
    form.locator("select[name=status]").select_option("contacted")
    _submit(form)
    expect(page.locator("#status-value")).to_have_attribute("data-status", "contacted")
    check_page()
    _sign_out(page, check_page)

    # 3. The partner sees the status change and the named worker, nothing else.
    _sign_in(page, check_page, partner)
    page.goto(detail)
    expect(page.locator("#status-value")).to_have_attribute("data-status", "contacted")
    expect(page.locator("#named-worker")).to_have_text("Leena Kivelä")
    expect(page.locator("main")).not_to_contain_text("Virtanen")
    check_page()
    page.goto(f"/referrals/{referral.pk}/handout/")
    expect(page.locator("main")).to_contain_text("Leena Kivelä")
    check_page()
