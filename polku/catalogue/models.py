"""The map: a catalogue of services and benefits and who provides them.

The catalogue holds no personal data. Every text a person reads is stored in Finnish,
Swedish and English side by side (`*_fi`, `*_sv`, `*_en`); `localized(obj, "name")` picks
the active language and falls back to Finnish. Structure the route planner needs
(prerequisites, exclusions, next steps, rule references) lives here; the rules themselves
live in the Django-free `rules` package. Identifiers are stable UUIDs so that the catalogue
travels as Open Referral HSDS 3.0 (polku.catalogue.hsds).
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from polku.accounts.models import Organisation, OrganisationKind

from .validation import validate_long_text, validate_web_url

LANGUAGE_CODES = ("fi", "sv", "en")


def localized(obj: object, field: str, language: str | None = None) -> str:
    """`obj.<field>_<language>` for the active language, falling back to Finnish."""
    language = (language or get_language() or "fi")[:2]
    if language not in LANGUAGE_CODES:
        language = "fi"
    return getattr(obj, f"{field}_{language}", "") or getattr(obj, f"{field}_fi", "")


def localized_value(texts: dict, language: str | None = None) -> str:
    """`texts[language]` for the active language (a dict of fi/sv/en), falling back to
    Finnish."""
    language = (language or get_language() or "fi")[:2]
    return texts.get(language) or texts.get("fi") or ""


class ServiceKind(models.TextChoices):
    BENEFIT = "benefit", _("Benefit")
    REHABILITATION = "rehabilitation", _("Rehabilitation")
    EMPLOYMENT = "employment", _("Employment service")
    HEALTH = "health", _("Health service")
    SOCIAL = "social", _("Social service")
    EDUCATION = "education", _("Education")
    PEER_SUPPORT = "peer_support", _("Peer or NGO support")


class Source(models.TextChoices):
    CURATED = "curated", _("Polku's curators")
    PTV = "ptv", _("Suomi.fi-palvelutietovaranto")


class LifeSituation(models.TextChoices):
    UNEMPLOYED = "unemployed", _("Unemployed")
    SICK = "sick", _("Sick")
    REHABILITATION = "rehabilitation", _("In rehabilitation")
    STUDYING = "studying", _("Studying")
    CRISIS = "crisis", _("In crisis")


class Provider(models.Model):
    """An organisation that provides services in the catalogue (HSDS `organization`).

    Kept apart from accounts.Organisation (the organisations whose staff use Polku): the
    catalogue names providers anywhere in Finland; `organisation` links one to its Polku
    counterpart where there is one."""

    hsds_id = models.UUIDField(_("HSDS id"), default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("provider type"), max_length=20, choices=OrganisationKind.choices)
    description_fi = models.TextField(
        _("description (Finnish)"), blank=True, validators=[validate_long_text]
    )
    description_sv = models.TextField(
        _("description (Swedish)"), blank=True, validators=[validate_long_text]
    )
    description_en = models.TextField(
        _("description (English)"), blank=True, validators=[validate_long_text]
    )
    website = models.URLField(_("website"), blank=True, validators=[validate_web_url])
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    business_id = models.CharField(_("business ID"), max_length=9, blank=True)
    # The organisation's id in Suomi.fi's service catalogue (PTV) when it came from there.
    ptv_id = models.UUIDField(_("PTV id"), null=True, blank=True, unique=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation in Polku"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="catalogue_providers",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("provider")
        verbose_name_plural = _("providers")

    def __str__(self) -> str:
        return self.name

    description = property(lambda self: localized(self, "description"))


class ServiceQuerySet(models.QuerySet):
    def current(self, on: dt.date | None = None) -> ServiceQuerySet:
        """The map's current view: entries in the catalogue that are in force on `on`
        (today): started (no `valid_from` or on/before it) and not ended (no `valid_until`,
        or `on` is no later than its last day)."""
        day = on or timezone.localdate()
        return self.filter(is_active=True).filter(
            models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=day),
            models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=day),
        )

    def ended(self, on: dt.date | None = None) -> ServiceQuerySet:
        """Entries whose last day is behind us, kept for history (newest end first)."""
        day = on or timezone.localdate()
        return self.filter(is_active=True, valid_until__lt=day).order_by("-valid_until")


class Service(models.Model):
    """One service or benefit on the map."""

    hsds_id = models.UUIDField(_("HSDS id"), default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=ServiceKind.choices)
    provider = models.ForeignKey(
        Provider, verbose_name=_("provider"), on_delete=models.PROTECT, related_name="services"
    )

    name_fi = models.CharField(_("name (Finnish)"), max_length=200)
    name_sv = models.CharField(_("name (Swedish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    # "Who it is for"
    audience_fi = models.TextField(_("who it is for (Finnish)"), validators=[validate_long_text])
    audience_sv = models.TextField(_("who it is for (Swedish)"), validators=[validate_long_text])
    audience_en = models.TextField(_("who it is for (English)"), validators=[validate_long_text])
    # "What happens"
    description_fi = models.TextField(_("what happens (Finnish)"), validators=[validate_long_text])
    description_sv = models.TextField(_("what happens (Swedish)"), validators=[validate_long_text])
    description_en = models.TextField(_("what happens (English)"), validators=[validate_long_text])
    # "What it means for your income"
    income_effect_fi = models.TextField(
        _("effect on income (Finnish)"), blank=True, validators=[validate_long_text]
    )
    income_effect_sv = models.TextField(
        _("effect on income (Swedish)"), blank=True, validators=[validate_long_text]
    )
    income_effect_en = models.TextField(
        _("effect on income (English)"), blank=True, validators=[validate_long_text]
    )
    # How to apply: where, which form, which attachments
    how_to_apply_fi = models.TextField(
        _("how to apply (Finnish)"), blank=True, validators=[validate_long_text]
    )
    how_to_apply_sv = models.TextField(
        _("how to apply (Swedish)"), blank=True, validators=[validate_long_text]
    )
    how_to_apply_en = models.TextField(
        _("how to apply (English)"), blank=True, validators=[validate_long_text]
    )
    application_form = models.CharField(
        _("application form"), max_length=100, blank=True, help_text=_("E.g. Kela's KU 101.")
    )
    application_url = models.URLField(
        _("where to apply"), blank=True, validators=[validate_web_url]
    )

    processing_time_days = models.PositiveIntegerField(
        _("typical processing time (days)"), null=True, blank=True
    )
    processing_time_source = models.CharField(
        _("source of the processing time"),
        max_length=300,
        blank=True,
        help_text=_("Where the typical processing time comes from, and when it was read."),
    )
    # The same source in Swedish and English (`processing_source` picks the reader's).
    processing_time_source_sv = models.CharField(
        _("source of the processing time (Swedish)"), max_length=300, blank=True
    )
    processing_time_source_en = models.CharField(
        _("source of the processing time (English)"), max_length=300, blank=True
    )
    # The law, by its name in each language (Finlex's Swedish title).
    legal_basis_fi = models.CharField(_("legal basis (Finnish)"), max_length=300, blank=True)
    legal_basis_sv = models.CharField(_("legal basis (Swedish)"), max_length=300, blank=True)
    legal_basis_en = models.CharField(_("legal basis (English)"), max_length=300, blank=True)
    source_url = models.URLField(_("source"), max_length=500, validators=[validate_web_url])
    last_checked = models.DateField(_("last checked"))
    verified = models.BooleanField(
        _("facts verified"),
        default=False,
        help_text=_("Unverified entries are shown with a warning until their facts are checked."),
    )
    # What is unverified, in the reader's language (`verification_note`).
    verification_note_fi = models.TextField(
        _("what is unverified (Finnish)"), blank=True, validators=[validate_long_text]
    )
    verification_note_sv = models.TextField(
        _("what is unverified (Swedish)"), blank=True, validators=[validate_long_text]
    )
    verification_note_en = models.TextField(
        _("what is unverified (English)"), blank=True, validators=[validate_long_text]
    )

    area = models.CharField(
        _("region"), max_length=100, blank=True, help_text=_("Empty for the whole country.")
    )
    life_situations = models.JSONField(
        _("life situations"),
        default=list,
        blank=True,
        help_text=_("Codes of LifeSituation in which this service is typically relevant."),
    )
    languages = models.JSONField(
        _("languages of service"), default=list, blank=True, help_text=_('E.g. ["fi", "sv"].')
    )

    prerequisites = models.ManyToManyField(
        "self",
        through="Prerequisite",
        symmetrical=False,
        related_name="required_by",
        blank=True,
        verbose_name=_("prerequisites"),
    )
    exclusions = models.ManyToManyField(
        "self",
        symmetrical=True,
        blank=True,
        verbose_name=_("cannot be received at the same time as"),
    )
    next_steps = models.ManyToManyField(
        "self",
        symmetrical=False,
        related_name="previous_steps",
        blank=True,
        verbose_name=_("what typically comes next"),
    )
    # References into the rules engine (`rules.references`): filled where a rule exists.
    eligibility_rule = models.CharField(_("eligibility rule"), max_length=100, blank=True)
    income_component = models.CharField(_("income component"), max_length=50, blank=True)

    # Validity: a benefit that a law starts or ends (yleistuki from 1.5.2026; the labour-market
    # subsidy paid until 30.4.2026) is in the map's current view only between these days.
    valid_from = models.DateField(
        _("in force from"), null=True, blank=True, help_text=_("Empty when always in force.")
    )
    valid_until = models.DateField(
        _("last day in force"),
        null=True,
        blank=True,
        help_text=_(
            "The last day it is paid or provided. From the next day it leaves the map's "
            "current view (search, life situations, new applications, routes) and is kept "
            "for history."
        ),
    )
    # Where the dates come from, in the reader's language (`validity_source`).
    validity_source_fi = models.CharField(
        _("source of the validity dates (Finnish)"),
        max_length=300,
        blank=True,
        help_text=_("The law or announcement the dates come from."),
    )
    validity_source_sv = models.CharField(
        _("source of the validity dates (Swedish)"), max_length=300, blank=True
    )
    validity_source_en = models.CharField(
        _("source of the validity dates (English)"), max_length=300, blank=True
    )
    replaced_by = models.ForeignKey(
        "self",
        verbose_name=_("replaced by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replaces",
    )

    # Polku's plain-language summary: curated, shown first; kept through every PTV sync.
    plain_summary_fi = models.TextField(
        _("plain-language summary (Finnish)"), blank=True, validators=[validate_long_text]
    )
    plain_summary_sv = models.TextField(
        _("plain-language summary (Swedish)"), blank=True, validators=[validate_long_text]
    )
    plain_summary_en = models.TextField(
        _("plain-language summary (English)"), blank=True, validators=[validate_long_text]
    )

    # Suomi.fi's service catalogue (PTV, polku.catalogue.ptv). A PTV entry (`source` ptv) is
    # written by the sync, except the curated layer (plain-language summary, income effect,
    # route structure, rule and component, processing time), which the sync never touches. A
    # curated entry linked to a PTV service (`ptv_id` set, `source` curated) keeps its own
    # texts and its area; the sync brings it only the PTV facts (classes, and the channels
    # where they hold for the entry's whole area: ptv.mapping.channels_apply).
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.CURATED
    )
    ptv_id = models.UUIDField(_("PTV id"), null=True, blank=True, unique=True)
    ptv_modified = models.DateTimeField(_("modified in PTV"), null=True, blank=True)
    ptv_synced_at = models.DateTimeField(_("last synchronised from PTV"), null=True, blank=True)
    municipalities = models.JSONField(
        _("municipalities"),
        default=list,
        blank=True,
        help_text=_("Municipality codes where the service is available; empty for everywhere."),
    )
    # National classifications from PTV: [{"scheme", "code", "uri", "fi", "sv", "en"}].
    classifications = models.JSONField(_("national classifications"), default=list, blank=True)
    channels: models.ManyToManyField = models.ManyToManyField(
        "ServiceChannel", blank=True, related_name="services", verbose_name=_("service channels")
    )

    is_active = models.BooleanField(_("in the catalogue"), default=True)
    history = HistoricalRecords(m2m_fields=[exclusions, next_steps])

    objects = ServiceQuerySet.as_manager()

    class Meta:
        ordering = ["name_fi"]
        verbose_name = _("service or benefit")
        verbose_name_plural = _("services and benefits")

    def __str__(self) -> str:
        return localized(self, "name")

    # The texts in the reader's language (Finnish when a translation is missing).
    name = property(lambda self: localized(self, "name"))
    audience = property(lambda self: localized(self, "audience"))
    description = property(lambda self: localized(self, "description"))
    income_effect = property(lambda self: localized(self, "income_effect"))
    how_to_apply = property(lambda self: localized(self, "how_to_apply"))
    verification_note = property(lambda self: localized(self, "verification_note"))
    plain_summary = property(lambda self: localized(self, "plain_summary"))
    legal_basis = property(lambda self: localized(self, "legal_basis"))

    @property
    def processing_source(self) -> str:
        """The processing time's source in the reader's language (Finnish when missing)."""
        language = (get_language() or "fi")[:2]
        if language in ("sv", "en"):
            return getattr(self, f"processing_time_source_{language}") or (
                self.processing_time_source
            )
        return self.processing_time_source

    validity_source = property(lambda self: localized(self, "validity_source"))

    def clean(self) -> None:
        from . import validation

        validation.validate_service(self)

    @property
    def ptv_url(self) -> str:
        """The service's public page on Suomi.fi (built from its PTV id)."""
        return f"https://www.suomi.fi/palvelut/{self.ptv_id}" if self.ptv_id else ""

    def classes(self, scheme: str) -> list[dict]:
        """The national classifications of one scheme (service_class, target_group,
        life_event, ontology_term), each with its name in the reader's language."""
        return [
            {**item, "name": localized_value(item)}
            for item in self.classifications or []
            if item.get("scheme") == scheme
        ]

    def has_ended(self, on: dt.date | None = None) -> bool:
        return self.valid_until is not None and self.valid_until < (on or timezone.localdate())

    def has_started(self, on: dt.date | None = None) -> bool:
        return self.valid_from is None or self.valid_from <= (on or timezone.localdate())

    def is_current(self, on: dt.date | None = None) -> bool:
        return self.is_active and self.has_started(on) and not self.has_ended(on)


class Prerequisite(models.Model):
    """`service` needs `required` first (e.g. a work trial needs registration as a jobseeker)."""

    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="prerequisite_links"
    )
    required = models.ForeignKey(
        Service,
        verbose_name=_("needs first"),
        on_delete=models.PROTECT,
        related_name="prerequisite_of_links",
    )
    note_fi = models.CharField(_("note (Finnish)"), max_length=300, blank=True)
    note_sv = models.CharField(_("note (Swedish)"), max_length=300, blank=True)
    note_en = models.CharField(_("note (English)"), max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["service", "required"], name="one_prerequisite_link"),
            models.CheckConstraint(
                condition=~models.Q(service=models.F("required")), name="no_self_prerequisite"
            ),
        ]
        verbose_name = _("prerequisite")
        verbose_name_plural = _("prerequisites")

    def __str__(self) -> str:
        return f"{self.service} ← {self.required}"

    def clean(self) -> None:
        if self.service_id and self.service_id == self.required_id:
            raise ValidationError(_("A service cannot be its own prerequisite."))


class SearchTerm(models.Model):
    """One term an entry is found by in one language (polku.catalogue.search): Finnish base
    forms and compound parts from Voikko, Swedish and English Snowball stems. Built when an
    entry is saved or loaded; searched the same way on every database."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="search_terms")
    language = models.CharField(max_length=2)
    term = models.CharField(max_length=100)
    weight = models.FloatField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["service", "language", "term"], name="one_search_term_per_entry"
            )
        ]
        indexes = [models.Index(fields=["language", "term"], name="catalogue_term_lookup")]

    def __str__(self) -> str:
        return f"{self.service_id} {self.language}:{self.term} ({self.weight})"


class ChannelKind(models.TextChoices):
    LOCATION = "ServiceLocation", _("Service location")
    PHONE = "Phone", _("Phone service")
    WEB = "WebPage", _("Web page")
    ELECTRONIC = "EChannel", _("Online service")
    FORM = "PrintableForm", _("Printable form")


class ServiceChannel(models.Model):
    """Where and how a service is reached, from PTV: a service location with its address and
    opening hours, a phone service, a web page, an online service or a form (HSDS locations,
    contacts, phones and schedules). Texts are {"fi", "sv", "en"} dicts as PTV gives them."""

    hsds_id = models.UUIDField(_("HSDS id"), default=uuid.uuid4, unique=True, editable=False)
    ptv_id = models.UUIDField(_("PTV id"), unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=ChannelKind.choices)
    names = models.JSONField(_("names"), default=dict)
    descriptions = models.JSONField(_("descriptions"), default=dict, blank=True)
    phones = models.JSONField(_("phone numbers"), default=list, blank=True)
    emails = models.JSONField(_("e-mail addresses"), default=list, blank=True)
    web_pages = models.JSONField(_("web pages"), default=list, blank=True)
    addresses = models.JSONField(_("addresses"), default=list, blank=True)
    hours = models.JSONField(_("opening hours"), default=list, blank=True)
    ptv_modified = models.DateTimeField(_("modified in PTV"), null=True, blank=True)
    is_active = models.BooleanField(_("in the catalogue"), default=True)

    class Meta:
        ordering = ["kind", "ptv_id"]
        verbose_name = _("service channel")
        verbose_name_plural = _("service channels")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized_value(self.names)

    @property
    def description(self) -> str:
        return localized_value(self.descriptions)


class PtvSyncRun(models.Model):
    """One run of the PTV sync (polku.catalogue.ptv.sync): when, for which area, what it
    did. The start of the last successful run is the next run's `date=` (incremental)."""

    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    succeeded = models.BooleanField(_("succeeded"), default=False)
    areas = models.JSONField(_("municipalities"), default=list)
    full = models.BooleanField(_("full run"), default=False)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    retired = models.PositiveIntegerField(default=0)
    refused = models.JSONField(_("refused"), default=list, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("PTV sync run")
        verbose_name_plural = _("PTV sync runs")

    def __str__(self) -> str:
        return f"PTV sync {self.started_at:%Y-%m-%d %H:%M} ({'ok' if self.succeeded else 'failed'})"
