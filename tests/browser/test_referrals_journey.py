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
from tests.browser.conftest import verify_url
from tests.factories import OrganisationFactory, ProfessionalFactory, synthetic_hetu

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "salasana-testi-123"


def _url(path: str) -> re.Pattern:
    return re.compile(rf"^https?://[^/]+{re.escape(path)}$")


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def _submit(form) -> None:
    form.locator("button[type=submit]").first.click()


def _sign_in(page: Page, check_page, user, lands_on: str = "/") -> None:
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
    expect(page).to_have_url(verify_url(lands_on))
    check_page()
    form = page.locator("main form[method=post]")
    form.locator("input[name=token]").fill(_code(device))
    _submit(form)
    expect(page).to_have_url(_url(lands_on))
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
    _sign_in(page, check_page, partner, lands_on="/referrals/")
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

    # 3. The partner sees the status change, the named worker and the name of the client it
    #    referred (while the consent lasts), nothing else: no situation, no contact details.
    _sign_in(page, check_page, partner, lands_on="/referrals/")
    page.goto(detail)
    expect(page.locator("#status-value")).to_have_attribute("data-status", "contacted")
    expect(page.locator("#named-worker")).to_have_text("Leena Kivelä")
    expect(page.locator("#client-name")).to_have_text("Aino Virtanen")
    expect(page.locator("main")).not_to_contain_text("040 000 0000")
    expect(page.locator("main")).not_to_contain_text("vuokra on auki")
    check_page()
    page.goto(f"/referrals/{referral.pk}/handout/")
    expect(page.locator("main")).to_contain_text("Leena Kivelä")
    check_page()


def test_seed_003_shelter_to_kela_to_home_municipality(page: Page, check_page, screenshot):
    """Seed 003 end to end, in Finnish: a shelter worker refers the client with the client
    present → Kela special services claim it, a named worker, the client's Swedish handout
    (the worker's own interface stays Finnish) → contact → the discharge plan with a social
    worker of the home municipality picked → the follow-up on her worklist → closed."""
    import datetime as dt

    from django.utils import timezone

    from polku.clients.models import Client

    kela = OrganisationFactory(name="Kela, erityispalvelut", kind=OrganisationKind.KELA)
    shelter = OrganisationFactory(
        name="Hämeenlinnan turvakoti", kind=OrganisationKind.NGO, is_public_authority=False
    )
    social = OrganisationFactory(
        name="Hämeenlinnan aikuissosiaalityö",
        kind=OrganisationKind.SOCIAL,
        municipality="Hämeenlinna",
    )
    partner = ProfessionalFactory(
        username="turvakoti.ohjaaja", organisation=shelter, profession=Profession.PARTNER_WORKER
    )
    worker = ProfessionalFactory(
        username="kela.erityis", organisation=kela, first_name="Katja", last_name="Levänaho"
    )
    social_worker = ProfessionalFactory(
        username="sosiaalityontekija",
        organisation=social,
        profession=Profession.SOCIAL_WORKER,
        first_name="Minna",
        last_name="Laurila",
    )
    team = ReceivingTeam.objects.create(organisation=kela, name="Kelan erityispalvelut")
    team.members.add(worker)

    # 1. The shelter worker refers the client, with the client present, to Kela.
    _sign_in(page, check_page, partner, lands_on="/referrals/")
    page.goto("/referrals/new/")
    expect(page.locator("html")).to_have_attribute("lang", "fi")
    check_page()
    form = page.locator("#referral-form")
    # The consent checkboxes sit on the same line as their labels.
    for name in ("consent_in_person", "consent_covers_partner", "identity_confirmed"):
        box = form.locator(f"input[name={name}]").bounding_box()
        label = form.locator(f"label[for=id_{name}]").bounding_box()
        assert box and label and abs(box["y"] - label["y"]) < label["height"], name
        assert label["x"] > box["x"], name
    screenshot("referral_new_fi")
    form.locator("select[name=team]").select_option(str(team.pk))
    form.locator("input[name=first_names]").fill("Sanna")
    form.locator("input[name=last_name]").fill("Berg")
    form.locator("input[name=hetu]").fill(synthetic_hetu())
    form.locator("input[name=identity_confirmed]").check()
    form.locator("textarea[name=situation]").fill(
        "Lähdin kotoa lasten kanssa. Kelan asiat ovat sekaisin, enkä ymmärrä kirjeitä."
    )
    form.locator("select[name=urgency]").select_option("soon")
    form.locator("input[name=consent_in_person]").check()
    form.locator("input[name=consent_scope]").fill("Tilanne, yhteystiedot ja etuusasiat")
    form.locator("select[name=contact_channel]").select_option("phone")
    form.locator("select[name=language]").select_option("sv")
    form.locator("input[name=phone]").fill("040 765 4321")
    form.locator("input[name=municipality]").fill("Hämeenlinna")
    form.locator("input[name=has_online_credentials]").check()
    _submit(form)
    referral = Referral.objects.get()
    expect(page).to_have_url(_url(f"/referrals/{referral.pk}/"))
    check_page()
    _sign_out(page, check_page)

    # 2. Kela special services: the named worker claims it, opens the case (the phone number
    #    given in the referral reaches the client record) and gives the Swedish handout.
    _sign_in(page, check_page, worker)
    team_page = f"/referrals/queue/{referral.pk}/"
    page.goto(team_page)
    check_page()
    _submit(page.locator("#claim-form"))
    expect(page.locator("#named-worker")).to_have_text("Katja Levänaho")
    check_page()
    _submit(page.locator("#open-case-form"))
    expect(page.locator("main")).to_contain_text("puhelin")  # what was filled, in Finnish
    check_page()
    client = Client.objects.get()
    assert client.phone == "040 765 4321" and client.municipality == "Hämeenlinna"
    page.goto(f"/referrals/{referral.pk}/handout/")
    expect(page.locator("#handout")).to_have_attribute("lang", "sv")
    expect(page.locator("#handout h1")).to_have_text("Vem kontaktar dig")
    expect(page.locator("html")).to_have_attribute("lang", "fi")
    expect(page.locator("#language-select option[selected]")).to_have_attribute("value", "fi")
    check_page()
    page.goto(team_page)
    expect(page.locator("html")).to_have_attribute("lang", "fi")
    expect(page.locator("main h2").first).not_to_contain_text("Vem")
    form = page.locator("#status-form")
    form.locator("select[name=status]").select_option("contacted")
    _submit(form)
    expect(page.locator("#status-value")).to_have_attribute("data-status", "contacted")
    check_page()

    # 3. The discharge plan with the home municipality's social worker picked in Polku
    #    (with the client's consent she joins the network), and her follow-up.
    page.goto(f"/referrals/queue/{referral.pk}/discharge/")
    check_page()
    today = timezone.localdate()
    form = page.locator("#plan-form")
    form.locator("input[name=plan-discharge_on]").fill((today + dt.timedelta(days=1)).isoformat())
    form.locator("input[name=plan-destination]").fill("Vuokra-asunto, Hämeenlinna")
    form.locator("input[name=plan-municipality]").fill("Hämeenlinna")
    form.locator("select[name=plan-social_worker]").select_option(str(social_worker.pk))
    _submit(form)  # without the client's consent: refused, in Finnish
    expect(page.locator("#plan-form")).to_contain_text("suostumuksella")
    check_page()
    form = page.locator("#plan-form")
    form.locator("input[name=plan-discharge_on]").fill((today + dt.timedelta(days=1)).isoformat())
    form.locator("input[name=plan-destination]").fill("Vuokra-asunto, Hämeenlinna")
    form.locator("select[name=plan-social_worker]").select_option(str(social_worker.pk))
    form.locator("input[name=plan-social_worker_consent]").check()
    form.locator("select[name=plan-social_worker_consent_how]").select_option("in_person")
    _submit(form)
    expect(page.locator("#follow-up-form")).to_be_visible()
    check_page()
    form = page.locator("#follow-up-form")
    form.locator("select[name=follow-contact_by]").select_option(str(social_worker.pk))
    form.locator("input[name=follow-due_on]").fill((today + dt.timedelta(days=3)).isoformat())
    form.locator("select[name=follow-channel]").select_option("visit")
    form.locator("input[name=follow-note]").fill("Kotikäynti")
    _submit(form)
    expect(page.locator("main table")).to_contain_text("Minna Laurila")
    check_page()
    screenshot("referral_discharge_fi")
    _sign_out(page, check_page)

    # 4. The follow-up is on the social worker's worklist; the client is not among those
    #    without a future contact.
    _sign_in(page, check_page, social_worker)
    page.goto("/worklist/")
    section = page.locator("section[aria-labelledby=referrals-worklist-heading]")
    expect(section).to_contain_text("Sanna Berg")
    expect(section).to_contain_text("Kotikäynti")
    check_page()
    section.locator(f"a[href='/clients/{client.pk}/referrals/']").click()
    expect(page.locator("#client-follow-ups")).to_contain_text("Kotikäynti")
    check_page()
    _sign_out(page, check_page)

    # 5. Kela closes the referral; the shelter sees the outcome and the client's name.
    _sign_in(page, check_page, worker)
    page.goto(team_page)
    form = page.locator("#status-form")
    form.locator("select[name=status]").select_option("in_progress")
    _submit(form)
    expect(page.locator("#status-value")).to_have_attribute("data-status", "in_progress")
    form = page.locator("#status-form")
    form.locator("select[name=status]").select_option("closed")
    form.locator("select[name=outcome]").select_option("decisions_made")
    _submit(form)
    expect(page.locator("#status-value")).to_have_attribute("data-status", "closed")
    check_page()
    _sign_out(page, check_page)
    _sign_in(page, check_page, partner, lands_on="/referrals/")
    page.goto("/referrals/")
    expect(page.locator("#partner-referrals")).to_contain_text("Sanna Berg")
    expect(page.locator("#partner-referrals")).to_contain_text("Päätökset tehty")
    check_page()
