"""The client's right of access (GDPR art. 15): everything Polku holds about one client.

`build_access_export(client, recipient=…)` reads every record that is about the client, in
every app, and returns an `AccessExport`: sections of records (each field with its label in
the active language, its value for people and its value for machines), the information art.
15(1) also requires (purposes, recipients, retention, source, rights) and the audit trail of
who handled the client's data. `as_json` gives the machine-readable form (art. 20 style) and
the view renders the PDF from the same object, so the two never differ in what they contain.

Completeness is enforced, not hoped for: `SECTIONS` names every model that holds the
client's data and `NOT_EXPORTED` every other model related to a client (with the reason);
`models_related_to_client()` finds every model that refers to a client directly or through
another such model, and tests/privacy/test_export_completeness.py fails when a model is in
neither list. A new model with a key to Client must be added to one of them.

This module only reads. Who may ask (the client in the portal, a data-protection officer
with a stated reason) and the audit event of every export are in polku.privacy.services.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Q, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from polku.clients import crypto
from polku.clients.models import Client, ConsentPurpose
from polku.core import hooks

if TYPE_CHECKING:  # annotations only
    from polku.accounts.models import User

FORMAT_VERSION = 1

# Fields never shown: keys, hashes and the ciphertext (the code itself is shown decrypted where
# the reader is entitled to it; the chain's hashes are the trail's own integrity data). They are
# named in the export's "withheld" part (WITHHELD), not left out silently.
SECRET_FIELDS = frozenset(
    {
        "hetu_encrypted",
        "hetu_hash",
        "code_hash",
        "selector_hash",
        "token_hash",
        "prev_hash",
        "hash",
        "key_id",
        "history_id",
    }
)
# The audit trail's network address is the client's own data on the client's own acts in My
# Polku (shown), and a professional's personal data on theirs (withheld, WITHHELD).
ADDRESS_FIELD = "ip_address"
# Internal counters shown only where a field says what it is (an assessment's version is).
INTERNAL_UNLABELLED = frozenset({"version"})

# Labels for fields whose model gives none (Django would show "created at" in English).
FIELD_LABELS: dict[str, Any] = {
    "added_by": gettext_lazy("added by"),
    "agreement": gettext_lazy("agreement"),
    "application": gettext_lazy("application"),
    "assessment": gettext_lazy("assessment"),
    "at": gettext_lazy("time"),
    "blocker": gettext_lazy("what the application waits for"),
    "blockers_at_start": gettext_lazy("open matters at the start"),
    "by": gettext_lazy("by whom"),
    "chosen_at": gettext_lazy("chosen"),
    "chosen_by": gettext_lazy("chosen by"),
    "closed_at": gettext_lazy("closed"),
    "closed_by": gettext_lazy("closed by"),
    "consent": gettext_lazy("consent"),
    "context": gettext_lazy("about"),
    "coordinator": gettext_lazy("personal coordinator"),
    "created_at": gettext_lazy("recorded"),
    "created_by": gettext_lazy("recorded by"),
    "deadlocked": gettext_lazy("in a deadlock"),
    "deadlocks_at_start": gettext_lazy("deadlocks at the start"),
    "decided_at": gettext_lazy("decided"),
    "decided_by": gettext_lazy("decided by"),
    "details": gettext_lazy("details"),
    "domain": gettext_lazy("domain"),
    "done_at": gettext_lazy("done"),
    "done_by": gettext_lazy("marked done by"),
    "ended_by": gettext_lazy("ended by"),
    "expires_at": gettext_lazy("valid until"),
    "finished_at": gettext_lazy("finished"),
    "found_at": gettext_lazy("found"),
    "from_coordinator": gettext_lazy("from the personal coordinator"),
    "from_status": gettext_lazy("status before"),
    "goal": gettext_lazy("goal"),
    "handover": gettext_lazy("handover"),
    "history_change_reason": gettext_lazy("reason for the change"),
    "history_date": gettext_lazy("time of the change"),
    "history_type": gettext_lazy("kind of change"),
    "history_user": gettext_lazy("saved by"),
    "ip_address": gettext_lazy("network address"),
    "kind": gettext_lazy("kind"),
    "meeting": gettext_lazy("meeting"),
    "method": gettext_lazy("request method"),
    "moderated_at": gettext_lazy("checked"),
    "month": gettext_lazy("month"),
    "next_contact": gettext_lazy("next contact"),
    "note": gettext_lazy("note"),
    "notified_at": gettext_lazy("notified"),
    "object_id": gettext_lazy("number of the item"),
    "opening": gettext_lazy("knot opening"),
    "opted_in_at": gettext_lazy("joined"),
    "organisation": gettext_lazy("organisation"),
    "organiser": gettext_lazy("organiser"),
    "outcome": gettext_lazy("outcome"),
    "path": gettext_lazy("page"),
    "pending_at_start": gettext_lazy("open applications at the start"),
    "plan": gettext_lazy("plan"),
    "position": gettext_lazy("order"),
    "professional": gettext_lazy("professional"),
    "proposed_at": gettext_lazy("proposed"),
    "recorded_at": gettext_lazy("recorded"),
    "recorded_by": gettext_lazy("recorded by"),
    "referral": gettext_lazy("referral"),
    "resolved_at": gettext_lazy("resolved"),
    "resolved_by": gettext_lazy("resolved by"),
    "session": gettext_lazy("council session"),
    "started_at": gettext_lazy("started"),
    "started_by": gettext_lazy("started by"),
    "step": gettext_lazy("step"),
    "subject": gettext_lazy("about"),
    "text": gettext_lazy("text"),
    "to_status": gettext_lazy("status after"),
    "updated_at": gettext_lazy("last changed"),
    "updated_by": gettext_lazy("changed by"),
    "used_at": gettext_lazy("used"),
    "what": gettext_lazy("what"),
    "withdrawn_by": gettext_lazy("withdrawn by"),
    "withdrawn_by_client": gettext_lazy("withdrawn by the client"),
}

# What a record is, where its model's name is not translated (django-simple-history's).
KIND_LABELS: dict[str, Any] = {
    "routes.HistoricalClientFacts": gettext_lazy("earlier version of the facts for the rules"),
}


def _value_labels(model: str, name: str) -> dict[str, Any] | None:
    """Words for codes that a field stores without choices."""
    if model == "referrals.ReferralEvent":
        from polku.referrals.models import EVENT_LABELS, ReferralStatus

        if name == "what":
            return dict(EVENT_LABELS)
        if name in ("from_status", "to_status"):
            return dict(ReferralStatus.choices)
    return None


# --- what is read ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reading:
    """What one export reads besides the client row: the search hashes of the client's code
    (a referral made before the client's case was opened names the client only by them)."""

    client: Client
    hetu_hashes: tuple[str, ...]


def _referrals(r: Reading) -> QuerySet:
    from polku.referrals.models import Referral

    return Referral._base_manager.filter(Q(client=r.client) | Q(hetu_hash__in=r.hetu_hashes))


def _historical_facts(r: Reading) -> QuerySet:
    from polku.route_plans.models import ClientFacts

    return ClientFacts.history.model.objects.filter(client_id=r.client.pk)  # type: ignore[attr-defined]


def _by(label: str, path: str) -> Callable[[Reading], QuerySet]:
    """Rows of the model `label` whose `path` leads to the client."""

    def rows(r: Reading) -> QuerySet:
        return apps.get_model(label)._base_manager.filter(**{path: r.client.pk})

    return rows


@dataclass(frozen=True)
class Source:
    model: str  # "app_label.ModelName"
    rows: Callable[[Reading], QuerySet]


@dataclass(frozen=True)
class SectionSpec:
    key: str
    title: Any  # lazy text
    about: Any  # what this is, in plain words
    sources: tuple[Source, ...]


def _src(label: str, path: str = "client") -> Source:
    return Source(label, _by(label, path))


SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec(
        "client",
        gettext_lazy("Your basic information"),
        gettext_lazy("Your name, identity code, language, contact details and digital access."),
        (_src("clients.Client", "pk"),),
    ),
    SectionSpec(
        "consents",
        gettext_lazy("Your consents"),
        gettext_lazy(
            "Which organisations you have allowed to exchange your information, for what and "
            "for how long. A withdrawn consent stays here with the day it was withdrawn."
        ),
        (_src("clients.Consent"),),
    ),
    SectionSpec(
        "network",
        gettext_lazy("The people in your network"),
        gettext_lazy(
            "The professionals who work with you now or have worked with you, and requests by "
            "other professionals to join your network."
        ),
        (_src("clients.NetworkMember"), _src("clients.AccessRequest")),
    ),
    SectionSpec(
        "assessments",
        gettext_lazy("Assessments of your situation"),
        gettext_lazy(
            "Every version of the assessment of your whole situation: your own view and the "
            "professional's view of each area of life."
        ),
        (
            _src("assessment.Assessment"),
            _src("assessment.DomainAssessment", "assessment__client"),
        ),
    ),
    SectionSpec(
        "plan",
        gettext_lazy("Your plan towards work"),
        gettext_lazy("Your goals and the steps towards them: who does what and by when."),
        (
            _src("plans.Plan"),
            _src("plans.Goal", "plan__client"),
            _src("plans.Step", "goal__plan__client"),
        ),
    ),
    SectionSpec(
        "meetings",
        gettext_lazy("Meetings and agreements"),
        gettext_lazy(
            "Your meetings with the network, who took part, the notes, what was agreed and "
            "when you hear from each other next."
        ),
        (
            _src("meetings.Meeting"),
            _src("meetings.MeetingParticipant", "meeting__client"),
            _src("meetings.Agreement"),
            _src("meetings.NextContact"),
        ),
    ),
    SectionSpec(
        "handovers",
        gettext_lazy("Changes of your personal coordinator"),
        gettext_lazy(
            "When your personal coordinator changed or a change was proposed, and how the "
            "open matters were passed on."
        ),
        (_src("handover.Handover"), _src("handover.Settlement", "handover__client")),
    ),
    SectionSpec(
        "applications",
        gettext_lazy("Your applications and what they wait for"),
        gettext_lazy(
            "Your applications for benefits and services, what each one waits for, and the "
            "meetings where these were sorted out."
        ),
        (
            _src("knots.Application"),
            _src("knots.Blocker", "application__client"),
            _src("knots.KnotOpening"),
            _src("knots.KnotStep", "opening__client"),
        ),
    ),
    SectionSpec(
        "route",
        gettext_lazy("Facts for your route to services and benefits"),
        gettext_lazy(
            "What you have told about your household, income and health so that the options "
            "and their effect on your income can be worked out; every earlier version of these "
            "facts; the routes you chose; and benefits you may be entitled to but have not "
            "applied for."
        ),
        (
            _src("routes.ClientFacts"),
            Source("routes.HistoricalClientFacts", _historical_facts),
            _src("routes.RouteChoice"),
            _src("routes.ScreeningFlag"),
        ),
    ),
    SectionSpec(
        "referrals",
        gettext_lazy("Referrals"),
        gettext_lazy(
            "Referrals made with you to another organisation, what happened to them, and plans "
            "for the time after you left a shelter or home."
        ),
        (
            Source("referrals.Referral", _referrals),
            Source(
                "referrals.ReferralEvent", lambda r: _of_referrals(r, "referrals.ReferralEvent")
            ),
            Source(
                "referrals.DischargePlan", lambda r: _of_referrals(r, "referrals.DischargePlan")
            ),
            Source(
                "referrals.FollowUp", lambda r: _of_referrals(r, "referrals.FollowUp", "plan__")
            ),
        ),
    ),
    SectionSpec(
        "portal",
        gettext_lazy("What you have done in My Polku"),
        gettext_lazy(
            "Sign-in codes made for you, what you have written, feedback you gave with your "
            "name, and the client council. Feedback you gave anonymously is not linked to you, "
            "so it cannot be found or shown here."
        ),
        (
            _src("portal.SignInCode"),
            _src("portal.Contribution"),
            _src("portal.Feedback"),
            _src("portal.FeedbackAsked"),
            _src("portal.CouncilMembership"),
            _src("portal.CouncilSession", "invited"),
            _src("portal.Proposal", "raised_by"),
        ),
    ),
    SectionSpec(
        "alerts",
        gettext_lazy("Reminders to professionals"),
        gettext_lazy(
            "Reminders Polku gave your network so that nothing about you is forgotten, for "
            "example when no next contact had been agreed."
        ),
        (_src("worklists.Alert"),),
    ),
    SectionSpec(
        "research",
        gettext_lazy("Follow-up and research"),
        gettext_lazy(
            "How your situation has gone after you came to the service (for example work or "
            "studies), and the pilots you are followed in. Researchers only get this without "
            "your name or identity code."
        ),
        (_src("research.OutcomeEvent"), _src("research.Cohort", "clients")),
    ),
    SectionSpec(
        "audit",
        gettext_lazy("Who has handled your information"),
        gettext_lazy(
            "Every time someone looked at, changed, printed or downloaded your information: "
            "who, from which organisation, when and why. Your own visits to My Polku are here "
            "too."
        ),
        (_src("audit.AuditEvent"),),
    ),
)


# What the export does not give, said in the export itself rather than left out silently:
# per category, what it is and the legal reason. `count` in the export: how many values or
# links were withheld, None when it cannot be counted.
@dataclass(frozen=True)
class WithheldKind:
    key: str
    title: Any
    what: Any
    reason: Any
    legal_basis: str


GDPR_15_4 = "GDPR art. 15(4)"
WITHHELD: tuple[WithheldKind, ...] = (
    WithheldKind(
        "other_clients",
        gettext_lazy("Other clients"),
        gettext_lazy(
            "The names of other clients invited to the same client council sessions or "
            "followed in the same research pilots as you."
        ),
        gettext_lazy(
            "Other people's information: your copy may not adversely affect the rights and "
            "freedoms of others."
        ),
        GDPR_15_4,
    ),
    WithheldKind(
        "professionals_addresses",
        gettext_lazy("Professionals' network addresses"),
        gettext_lazy(
            "The network (IP) addresses from which professionals handled your information. "
            "Who handled it, when and why is in this copy; the addresses of your own visits "
            "to My Polku are too."
        ),
        gettext_lazy(
            "The professionals' personal data: your copy may not adversely affect the rights "
            "and freedoms of others."
        ),
        GDPR_15_4,
    ),
    WithheldKind(
        "security_values",
        gettext_lazy("Security codes"),
        gettext_lazy(
            "The encrypted form of your identity code and its search codes, the codes that "
            "check sign-in codes, the key numbers and the audit trail's check codes. They say "
            "nothing about you that is not in this copy in readable form."
        ),
        gettext_lazy(
            "Giving them out would weaken the protection of every client's information; the "
            "information they protect is in this copy."
        ),
        "GDPR art. 15(4), art. 32",
    ),
    WithheldKind(
        "anonymous_feedback",
        gettext_lazy("Feedback you gave anonymously"),
        gettext_lazy("Feedback you chose to give without your name."),
        gettext_lazy(
            "It is not linked to you, so Polku cannot find it: it is no longer information "
            "about you that Polku could identify."
        ),
        "GDPR art. 11(2)",
    ),
)
WITHHELD_KEYS = frozenset(kind.key for kind in WITHHELD)

# Models that refer to a client but are deliberately left out of the export, each with the
# reason (none today: every model that refers to a client holds the client's data).
NOT_EXPORTED: dict[str, str] = {}


def _of_referrals(r: Reading, label: str, prefix: str = "") -> QuerySet:
    """Rows of `label` that belong to the client's referrals (linked or matched by code)."""
    model = apps.get_model(label)
    return model._base_manager.filter(**{f"{prefix}referral__in": _referrals(r).values("pk")})


def exported_models() -> list[str]:
    return [source.model for section in SECTIONS for source in section.sources]


def models_related_to_client() -> set[str]:
    """Every model that refers to a client, directly (a key or a many-to-many to Client) or
    through another such model (a goal through its plan), by label."""
    found: set[type[models.Model]] = {Client}
    grown = True
    while grown:
        grown = False
        for model in apps.get_models():
            if model in found:
                continue
            for f in model._meta.get_fields():
                if (
                    f.is_relation
                    and (f.concrete or f.many_to_many)
                    and not f.auto_created
                    and f.related_model in found
                ):
                    found.add(model)
                    grown = True
                    break
    return {m._meta.label for m in found}


# --- the export --------------------------------------------------------------------------------


@dataclass
class Item:
    name: str  # the field's name (the key in JSON)
    label: str  # in the reader's language
    text: str  # the value for people
    value: Any  # the value for machines (JSON)


@dataclass
class Record:
    model: str
    pk: Any
    kind: str  # what the record is, in the reader's language
    items: list[Item]


@dataclass
class Section:
    key: str
    title: str
    about: str
    records: list[Record]


@dataclass
class Withheld:
    """One category of what the export does not give, with the reason."""

    key: str
    title: str
    what: str
    reason: str
    legal_basis: str
    count: int | None  # values or links withheld; None when not countable


@dataclass
class AccessExport:
    client: Client
    recipient: str  # "client" or "data_protection_officer"
    produced_at: dt.datetime
    full_hetu: str  # "" when the reader is not entitled to it
    sections: list[Section]
    information: list[tuple[str, list[str]]]  # art. 15(1)(a)–(h), (2) in words
    counts: dict[str, int] = field(default_factory=dict)  # rows read per model
    withheld: list[Withheld] = field(default_factory=list)

    @property
    def record_count(self) -> int:
        return sum(self.counts.values())


def _label(f: models.Field[Any, Any]) -> str:
    verbose = f.verbose_name
    if isinstance(verbose, str) and verbose == f.name.replace("_", " "):
        return str(FIELD_LABELS.get(f.name, verbose))
    return str(verbose)


def _secret_fields(model: type[models.Model]) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields if f.name in SECRET_FIELDS]


def _fields(model: type[models.Model]) -> list:
    chosen = []
    for f in model._meta.concrete_fields:
        if f.name in SECRET_FIELDS or f.primary_key:
            continue
        if f.is_relation and f.related_model is Client:
            continue  # the client themself
        if f.name in INTERNAL_UNLABELLED and _label(f) == f.name:
            continue
        chosen.append(f)
    return chosen


def _m2m(model: type[models.Model]) -> list:
    return [
        f
        for f in model._meta.many_to_many
        if f.related_model is not Client and f.name not in SECRET_FIELDS
    ]


def _person(user: User) -> str:
    name = user.get_full_name() or user.username
    organisation = user.organisation.name if user.organisation else ""
    return f"{name}, {organisation}" if organisation else name


def _names(needed: dict[type[models.Model], set[Any]]) -> dict[tuple[type, Any], str]:
    """The name of every object a record refers to, read once per model."""
    from polku.accounts.models import User
    from polku.knots.models import Application
    from polku.meetings.models import Meeting

    names: dict[tuple[type, Any], str] = {}
    for model, ids in needed.items():
        query = model._base_manager.filter(pk__in=ids)
        if model is User:
            query = query.select_related("organisation")
        elif model is Application:
            query = query.select_related("service")
        for obj in query:
            if isinstance(obj, User):
                text = _person(obj)
            elif isinstance(obj, Application):
                text = str(obj.service)
            elif isinstance(obj, Meeting):
                when = formats.date_format(timezone.localtime(obj.starts_at), "SHORT_DATE_FORMAT")
                text = f"{obj.get_kind_display()} {when}"
            else:
                text = str(obj)
            names[(model, obj.pk)] = text
    return names


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _own_words(model: str, name: str, value: Any) -> str | None:
    """Values a field stores as a code or an ISO date without choices, in words (the apps'
    own codes through the `export_words` hook)."""
    if (words := hooks.words_for(model, name, value)) is not None:
        return words
    if model == "plans.Goal" and name == "order" and isinstance(value, int):
        return str(value + 1)  # the place in the plan, counted from one
    if model == "routes.ScreeningFlag" and name == "rule":
        from polku.core.rules_labels import rule_label

        return rule_label(value)
    if model == "referrals.ReferralEvent" and name == "note":
        from polku.core.rules_labels import date_text

        try:
            return date_text(value)
        except ValueError:
            return None
    return None


def _text(
    model: str,
    f: models.Field[Any, Any],
    value: Any,
    names: dict[tuple[type, Any], str],
) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return "–"
    words = _value_labels(model, f.name)
    if words is not None and value in words:
        return str(words[value])
    if (own := _own_words(model, f.name, value)) is not None:
        return own
    if f.is_relation:
        return names.get((cast(type, f.related_model), value), f"#{value}")
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, dt.datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, dt.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, Decimal):
        return formats.number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True)
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _read(spec: SectionSpec, reading: Reading) -> list[tuple[Source, list[dict]]]:
    """Each source's rows: the fields shown, and the secret ones (counted as withheld, never
    put in the export)."""
    found = []
    for source in spec.sources:
        model = apps.get_model(source.model)
        names = [f.attname for f in _fields(model)]
        secret = [n for n in _secret_fields(model) if n not in names]
        rows = list(source.rows(reading).order_by("pk").distinct().values("pk", *names, *secret))
        found.append((source, rows))
    return found


def _withheld(counted: dict[str, int]) -> list[Withheld]:
    return [
        Withheld(
            kind.key,
            str(kind.title),
            str(kind.what),
            str(kind.reason),
            kind.legal_basis,
            counted.get(kind.key),
        )
        for kind in WITHHELD
        if kind.key in counted or kind.key == "anonymous_feedback"
    ]


def _information(client: Client) -> list[tuple[str, list[str]]]:
    """GDPR art. 15(1) (a)–(h) and (2): what besides the data itself the client is told."""
    from polku.clients.models import Consent, NetworkMember
    from polku.referrals.models import Referral

    labels = dict(ConsentPurpose.choices)
    given = Consent.objects.filter(client=client).values_list("purpose", flat=True)
    purposes = [str(labels[code]) for code in labels if code in set(given)] or [
        str(label) for label in labels.values()
    ]
    organisations = sorted(
        {
            name
            for name in Consent.objects.filter(client=client).values_list(
                "organisations__name", flat=True
            )
            if name
        }
        | {
            name
            for name in NetworkMember.objects.filter(client=client).values_list(
                "professional__organisation__name", flat=True
            )
            if name
        }
        | {
            name
            for name in Referral.objects.filter(client=client).values_list(
                "team__organisation__name", flat=True
            )
            if name
        }
    )
    retention = []
    kinds = {
        "client_records": _("Your client records"),
        "consents": _("Your consents to share your information"),
        "health_notes": _("Notes about your health and work ability"),
        "audit_events": _("The record of who handled your information"),
        "research_extracts": _("Research files without your name"),
    }
    starts = {
        "case_closed": _("after your case is closed"),
        "event": _("after each event"),
        "export_created": _("after the file was made"),
        "consent_ended": _("after the consent ended"),
    }
    for key, rule in settings.POLKU_RETENTION.items():
        years = rule.get("years")
        retention.append(
            _("%(what)s: %(years)s years %(from)s.")
            % {
                "what": kinds.get(key, key),
                "years": years,
                "from": starts.get(rule.get("starts", ""), rule.get("starts", "")),
            }
        )
    if "consents" in settings.POLKU_RETENTION:
        retention.append(_("Your client records are kept until your consents' period has ended."))
    if not retention:
        retention.append(
            _("Your client records are kept as long as the law on client documents requires.")
        )
    return [
        (
            _("Why your information is used"),
            [
                _(
                    "To plan and coordinate the services and benefits you need together with "
                    "you, with the organisations you have given your consent to:"
                ),
                *purposes,
                _(
                    "Your consent is the basis for sharing your information between "
                    "organisations. Each authority also uses it for its own tasks set by law."
                ),
            ],
        ),
        (
            _("Who has received your information"),
            [
                *(organisations or [_("No organisation yet.")]),
                _(
                    "Researchers of the follow-up study receive information without your name "
                    "or identity code, in groups so large that you cannot be recognised."
                ),
            ],
        ),
        (_("How long your information is kept"), retention),
        (
            _("Where your information comes from"),
            [
                _(
                    "From you, from the professionals who work with you, and from the "
                    "organisation that referred you, if there was a referral. Polku does not "
                    "fetch your information from other registers."
                )
            ],
        ),
        (
            _("Automated decisions"),
            [
                _(
                    "Polku makes no decisions about you. It may point out benefits you could be "
                    "entitled to; a person always checks them with you, and the authority "
                    "decides."
                )
            ],
        ),
        (
            _("Your rights"),
            [
                _("You may get a copy of your information, like this one, at any time."),
                _("You may ask for wrong information to be corrected."),
                _("You may withdraw a consent at any time in My Polku or with your coordinator."),
                _(
                    "You may ask for the use of your information to be restricted, or object "
                    "to it. Your coordinator or the data-protection officer helps."
                ),
                _(
                    "You may complain to the Data Protection Ombudsman (tietosuoja.fi) if you "
                    "think your information is handled against the law."
                ),
            ],
        ),
    ]


def hetu_of(client: Client) -> str:
    """The client's full code, decrypted, or "" when the record has none any more (an
    anonymised client, polku.privacy.retention). Only for an export whose reader is entitled
    to it (polku.privacy.export_services decides); never logged."""
    if not client.hetu_encrypted:
        return ""
    return client.reveal_hetu()


def build_access_export(client: Client, *, recipient: str, full_hetu: bool) -> AccessExport:
    """Everything Polku holds about `client`, for `recipient` ("client" or
    "data_protection_officer"), labels and texts in the active language. `full_hetu`: show
    the full identity code (else only its masked form, which is in the client row anyway)."""
    plain = hetu_of(client)
    hashes = tuple(crypto.search_hashes(plain)) if plain else ()
    reading = Reading(client=client, hetu_hashes=hashes)
    read = [(spec, _read(spec, reading)) for spec in SECTIONS]

    needed: dict[type[models.Model], set[Any]] = {}
    m2m_values: dict[tuple[str, str], dict[Any, list[Any]]] = {}
    for _spec, sources in read:
        for source, rows in sources:
            model = apps.get_model(source.model)
            for f in _fields(model):
                if f.is_relation:
                    ids = {row[f.attname] for row in rows if row[f.attname] is not None}
                    if ids:
                        needed.setdefault(f.related_model, set()).update(ids)
            for f in _m2m(model):
                through = f.remote_field.through
                own = f.m2m_field_name() + "_id"
                other = f.m2m_reverse_field_name() + "_id"
                pairs = through._base_manager.filter(
                    **{f"{own}__in": [row["pk"] for row in rows]}
                ).values_list(own, other)
                by_row: dict[Any, list[Any]] = {}
                for row_id, other_id in pairs:
                    by_row.setdefault(row_id, []).append(other_id)
                    needed.setdefault(f.related_model, set()).add(other_id)
                m2m_values[(source.model, f.name)] = by_row
    names = _names(needed)

    withheld: dict[str, int] = {}

    def withhold(key: str, count: int) -> None:
        if count:
            withheld[key] = withheld.get(key, 0) + count

    counts: dict[str, int] = {}
    sections: list[Section] = []
    for spec, sources in read:
        records: list[Record] = []
        for source, rows in sources:
            model = apps.get_model(source.model)
            counts[source.model] = len(rows)
            kind = str(KIND_LABELS.get(source.model, model._meta.verbose_name))
            secret = _secret_fields(model)
            others = [
                f
                for f in model._meta.many_to_many
                if f.related_model is Client and f.name not in SECRET_FIELDS
            ]
            for f in others:  # links to other clients (a council session's invitees)
                through = f.remote_field.through
                own, other = f.m2m_field_name() + "_id", f.m2m_reverse_field_name() + "_id"
                withhold(
                    "other_clients",
                    through._base_manager.filter(**{f"{own}__in": [row["pk"] for row in rows]})
                    .exclude(**{other: client.pk})
                    .count(),
                )
            for row in rows:
                withhold("security_values", sum(1 for n in secret if row.get(n)))
                shown = [
                    f
                    for f in _fields(model)
                    if not (
                        f.name == ADDRESS_FIELD
                        and source.model == "audit.AuditEvent"
                        and row.get("actor_id") is not None
                    )
                ]
                if len(shown) < len(_fields(model)) and row.get(ADDRESS_FIELD):
                    withhold("professionals_addresses", 1)
                items = [
                    Item(
                        f.name,
                        _label(f),
                        _text(source.model, f, row[f.attname], names),
                        _json_value(row[f.attname]),
                    )
                    for f in shown
                ]
                for f in _m2m(model):
                    linked = sorted(m2m_values.get((source.model, f.name), {}).get(row["pk"], []))
                    texts = [names.get((f.related_model, i), f"#{i}") for i in linked]
                    items.append(Item(f.name, _label(f), ", ".join(texts) or "–", linked))
                if model is Client and full_hetu and plain:
                    # The full code in place of its masked form.
                    items = [
                        Item("hetu", item.label, plain, plain)
                        if item.name == "hetu_masked"
                        else item
                        for item in items
                    ]
                records.append(Record(source.model, row["pk"], kind, items))
        sections.append(Section(spec.key, str(spec.title), str(spec.about), records))

    return AccessExport(
        client=client,
        recipient=recipient,
        produced_at=timezone.now(),
        full_hetu=plain if full_hetu else "",  # "" for an anonymised client
        sections=sections,
        information=_information(client),
        counts=counts,
        withheld=_withheld(withheld),
    )


def as_json(export: AccessExport) -> dict[str, Any]:
    """The export for machines (a DPO's file, the client's portable copy): the same records,
    values as stored (dates ISO 8601, codes of choices, ids of referred objects with their
    names in `names`)."""
    return {
        "format": "polku-access-export",
        "format_version": FORMAT_VERSION,
        "produced_at": export.produced_at.isoformat(),
        "recipient": export.recipient,
        "client": {
            "id": export.client.pk,
            "name": export.client.full_name,
            "personal_identity_code": export.full_hetu or export.client.hetu_masked,
        },
        "information": [{"title": title, "text": lines} for title, lines in export.information],
        "counts": export.counts,
        # what is not given, with the reason (never left out silently)
        "withheld": [
            {
                "category": item.key,
                "title": item.title,
                "what": item.what,
                "reason": item.reason,
                "legal_basis": item.legal_basis,
                "count": item.count,
            }
            for item in export.withheld
        ],
        "sections": [
            {
                "key": section.key,
                "title": section.title,
                "records": [
                    {
                        "model": record.model,
                        "id": record.pk,
                        "fields": {item.name: item.value for item in record.items},
                        "texts": {item.name: item.text for item in record.items},
                    }
                    for record in section.records
                ],
            }
            for section in export.sections
        ],
    }
