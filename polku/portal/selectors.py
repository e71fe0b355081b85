"""Reads for the client's own pages — always for the signed-in client only."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from django.db.models import Prefetch
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from polku.assessment.models import Assessment
from polku.clients.models import Client, Consent, NetworkMember, NetworkRole
from polku.core import tasks
from polku.knots import plain
from polku.knots import selectors as knots
from polku.knots.models import Application, ApplicationStatus, Blocker, BlockerKind
from polku.meetings import selectors as meeting_selectors
from polku.meetings.models import (
    Agreement,
    AgreementStatus,
    Meeting,
    MeetingStatus,
    NextContact,
)
from polku.plans.models import OPEN_STEP_STATUSES, Goal, GoalStatus, Plan, Step, StepStatus
from polku.referrals.models import Outcome, Referral, ReferralStatus

from .models import (
    PUBLISHED,
    CouncilMembership,
    CouncilSession,
    FeedbackAsked,
    FeedbackContext,
    Proposal,
    ProposalStatus,
)

FEEDBACK_DAYS = 60


def network(client: Client) -> list[NetworkMember]:
    members = NetworkMember.objects.of(client)
    return sorted(
        members.select_related("professional__organisation"),
        key=lambda m: (m.role != NetworkRole.COORDINATOR, m.professional.last_name),
    )


def next_meetings(client: Client) -> list[Meeting]:
    return list(
        Meeting.objects.filter(
            client=client, status=MeetingStatus.PLANNED, ends_at__gte=timezone.now()
        )
        .select_related("organiser__organisation")
        .order_by("starts_at")
    )


def next_contacts(client: Client, today: dt.date | None = None) -> list[dict]:
    """When the client hears from someone next, as agreed in a meeting (NextContact): who
    contacts whom, when and how, in plain words. The first contact still ahead, and before it
    any agreed contact whose day has passed without it being marked done — said as such, with
    whom to contact instead, never as if it were still to come. Empty: none agreed."""
    today = today or timezone.localdate()
    open_ = list(
        NextContact.objects.filter(client=client, done_at__isnull=True)
        .select_related("contact_by__organisation", "contact_to__organisation")
        .order_by("due_on", "pk")
    )
    late = [c for c in open_ if c.due_on < today]
    ahead = [c for c in open_ if c.due_on >= today][:1]
    return [_next_contact_words(c, today) for c in late + ahead]


def _person(user) -> str:
    name = user.get_full_name() or user.username
    organisation = getattr(user, "organisation", None)
    return f"{name} ({organisation.name})" if organisation is not None else name


def _next_contact_words(contact: NextContact, today: dt.date) -> dict:
    """{"who", "whom", "when", "how", "late", "note"} for one agreed contact."""
    if contact.client_contacts:
        who = pgettext("next contact: who", "You")
    else:
        who = _person(contact.contact_by)
    if contact.contact_to is not None:
        whom = _person(contact.contact_to)
    else:
        whom = pgettext("next contact: to whom", "you")
    late = contact.due_on < today
    note = ""
    if late:
        # whom the client can reach if it did not happen: the other party, a professional
        if contact.client_contacts:
            other = contact.contact_to
        elif contact.contact_to is None:
            other = contact.contact_by
        else:
            other = None  # between professionals: the client asks the coordinator
        if contact.client_contacts:
            note = _(
                "This day has passed, and the contact has not been marked as made. If you have "
                "not yet made it, please do it now."
            )
        elif contact.contact_to is None:
            note = _(
                "This day has passed, and the contact has not been marked as made. If no one "
                "has contacted you, please contact them yourself."
            )
        else:
            note = _(
                "This day has passed, and the contact has not been marked as made. Ask your "
                "coordinator how things stand."
            )
        if other is not None and other.phone:
            note += " " + _("Phone %(name)s: %(phone)s") % {
                "name": other.get_full_name() or other.username,
                "phone": other.phone,
            }
    return {
        "contact": contact,
        "who": who,
        "whom": whom,
        "when": _day(contact.due_on),
        "how": contact.get_channel_display(),
        "late": late,
        "note": note,
    }


def agreements(client: Client) -> list[Agreement]:
    return list(
        Agreement.objects.filter(client=client, status=AgreementStatus.OPEN)
        .select_related("owner__organisation")
        .order_by("due_on")
    )


def agreed_tasks(client: Client, today: dt.date | None = None) -> dict[str, list[tasks.Task]]:
    """What was agreed, for the portal's front page: {"mine": what the client does — open
    agreements the client owns and open steps of the client's own under a goal still pursued;
    "others": open agreements a professional owns}. Each a core.tasks.Task: the worker's
    words quoted, who does it and by when, late said as late. A step or agreement a
    professional owns is never among the client's."""
    today = today or timezone.localdate()
    mine: list[tuple[dt.date, tasks.Task]] = []
    others: list[tuple[dt.date, tasks.Task]] = []
    for agreement in agreements(client):
        told = meeting_selectors.agreement_task(agreement, today)
        (mine if agreement.owner_is_client else others).append((agreement.due_on, told))
    steps = Step.objects.filter(
        goal__plan__client=client,
        goal__status=GoalStatus.ACTIVE,
        responsible_is_client=True,
        status__in=OPEN_STEP_STATUSES,
    ).order_by("target_date", "pk")
    for step in steps:
        told = tasks.task(step.what, client_does=True, due=step.target_date, today=today)
        mine.append((step.target_date, told))
    return {
        "mine": [t for _day, t in sorted(mine, key=lambda row: row[0])],
        "others": [t for _day, t in sorted(others, key=lambda row: row[0])],
    }


def plan(client: Client) -> Plan | None:
    steps = Step.objects.select_related(
        "organisation", "responsible__organisation", "service"
    ).order_by("target_date", "pk")
    return (
        Plan.objects.filter(client=client)
        .prefetch_related(
            Prefetch("goals", queryset=Goal.objects.prefetch_related(Prefetch("steps", steps)))
        )
        .first()
    )


def plan_told(client: Client, today: dt.date | None = None) -> Plan | None:
    """The plan with each step told as a task (`step.told`, core.tasks.Task): the step's
    text as the worker wrote it, who does it — the client only for the client's own step — and
    by when; an open step under a goal still pursued past its date is late."""
    today = today or timezone.localdate()
    found = plan(client)
    if found is None:
        return None
    for goal in found.goals.all():
        for step in goal.steps.all():
            pursued = step.is_open and goal.status == GoalStatus.ACTIVE
            told = tasks.task(
                step.what,
                client_does=step.responsible_is_client,
                doer=step.responsible,
                organisation=step.organisation,
                due=step.target_date if pursued else None,
                today=today,
                done=step.status == StepStatus.DONE,
            )
            if not pursued and step.status != StepStatus.DONE:  # let go: no one does it
                told = replace(told, who="")
            setattr(step, "told", told)  # noqa: B010 (read by the template, not a field)
    return found


def latest_assessment(client: Client) -> Assessment | None:
    return (
        Assessment.objects.filter(client=client)
        .prefetch_related("domains")
        .order_by("-version")
        .first()
    )


# What the client must do about an application, decided in one place for the page and the
# API: from the application's status as well as from the blockers recorded on it.
TASK_SEND_INFORMATION = "send_information"
TASK_DO = "do"
TASK_SEND_APPLICATION = "send_application"
TASK_NONE = "none"


def client_task(
    application: Application, blockers: list[Blocker], today: dt.date | None = None
) -> dict:
    """{"kind", "task", "todo", "waits"}: what the client does about the application — as
    tasks (core.tasks.Task: the worker's words quoted, who does it and by when) in "todo",
    and as one paragraph in "task" ("" when the client has nothing to do) — and what else the
    application waits for. The status wins over a missing blocker: "further information
    requested" with no request recorded is a task for the client. Information that someone
    else gives or a professional sees to is what the application waits for, never the
    client's task."""
    today = today or timezone.localdate()
    open_ = [b for b in blockers if b.resolved_at is None]
    if not application.is_open:
        return {"kind": TASK_NONE, "task": "", "todo": [], "waits": []}
    mine = [b for b in open_ if b.owner_is_client or b.kind == BlockerKind.CLIENT_ACTION]
    asked = [b for b in open_ if b.kind == BlockerKind.FURTHER_INFORMATION and b not in mine]
    # what the client sends: asked of him with no one else named to give it or see to it
    own = [b for b in asked if not b.from_whom.strip() and b.owner_id is None]
    decider = (
        application.deciding_organisation.name
        if application.deciding_organisation is not None
        else application.service.provider.name
    )
    waits = [plain.waits_for(b) for b in open_ if b not in mine and b not in asked]
    for blocker in (b for b in asked if b not in own):
        # someone else gives it (a former employer, a doctor) or a professional sees to it
        told = tasks.task(
            blocker.what,
            client_does=False,
            doer=blocker.owner,
            due=blocker.due,
            today=today,
            lead=_("%(organisation)s has asked for more information.") % {"organisation": decider},
        )
        whom = blocker.from_whom.strip().rstrip(".")
        if whom:
            gives = _("%(whom)s gives the information.") % {"whom": whom}
            who = f"{gives} {told.who}" if blocker.owner is not None else gives
            told = replace(told, who=who)
        waits.append(str(told))
    todo: list[tasks.Task] = []
    kind = TASK_NONE
    if own or (application.status == ApplicationStatus.FURTHER_INFORMATION and not asked):
        kind = TASK_SEND_INFORMATION
        described = [b for b in own if b.what.strip()]
        for blocker in described:
            todo.append(
                tasks.task(
                    blocker.what,
                    client_does=True,
                    due=blocker.due,
                    today=today,
                    lead=_("%(organisation)s has asked you for more information.")
                    % {"organisation": decider},
                )
            )
        if not described:
            todo.append(
                replace(
                    tasks.task("", client_does=True, today=today),
                    who="",
                    lead=_(
                        "%(organisation)s has asked you for more information. Read the "
                        "message from %(organisation)s and send what it asks for."
                    )
                    % {"organisation": decider},
                )
            )
    for blocker in mine:
        kind = TASK_DO if kind == TASK_NONE else kind
        helper = blocker.owner if not blocker.owner_is_client else None
        told = tasks.task(
            blocker.what, client_does=True, helper=helper, due=blocker.due, today=today
        )
        if not told.written:
            told = replace(
                told,
                lead=_("The application waits for something from you. Ask your coordinator."),
            )
        todo.append(told)
    if application.status == ApplicationStatus.DRAFT and kind == TASK_NONE:
        kind = TASK_SEND_APPLICATION
        todo.append(
            replace(
                tasks.task("", client_does=True, today=today),
                lead=_(
                    "The application has not been sent yet. Your coordinator helps you send it."
                ),
                who="",
            )
        )
    words = [str(t) for t in todo]
    if kind == TASK_SEND_INFORMATION:
        words.append(_("Your coordinator can help you."))
    return {"kind": kind, "task": " ".join(words), "todo": todo, "waits": waits}


def applications(client: Client, today: dt.date | None = None) -> tuple[list[dict], bool]:
    """Each application with what the client must do and what it waits for, in plain words:
    how long it has waited when that is longer than the usual processing time, and which of
    the applications it waits for (directly or through others) wait for the client."""
    today = today or timezone.localdate()
    knot = knots.knot(client, today)
    by_application: dict[int, list[Blocker]] = {}
    for blocker in knot.open_blockers:
        by_application.setdefault(blocker.application_id, []).append(blocker)
    in_circle, behind_circle = knot.stuck()
    names = {a.pk: a.service.name for a in knot.applications}
    told = {a.pk: client_task(a, by_application.get(a.pk, []), today) for a in knot.applications}
    rows = []
    for application in knot.applications:
        task = told[application.pk]
        circle = in_circle.get(application.pk, [])
        target = application.target_days
        waited = (
            (today - application.submitted).days
            if application.submitted and application.awaits_decision
            else None
        )
        rows.append(
            {
                "application": application,
                "service": application.service,
                "status": application.get_status_display(),
                "task": task["task"],
                "task_kind": task["kind"],
                "todo": task["todo"],
                "reasons": task["waits"],
                "appealed": application.status == ApplicationStatus.APPEALED,
                "decision": "" if application.is_open else plain.decision_words(application),
                # waits for the others in a circle (the knot analysis' deadlock): no decision
                # can come as things stand, so the usual processing time is not said
                "deadlocked_with": [names[i] for i in circle if i != application.pk],
                "behind_deadlock": application.pk in behind_circle,
                # the usual time has passed: said, never "usually takes" alone
                "waited_days": waited
                if target is not None and waited and waited > target
                else None,
                "waits_on_client": [
                    names[i] for i in _waited_for(application.pk, by_application) if told[i]["task"]
                ],
            }
        )
    return rows, knot.needs_digital_help


def _waited_for(application_id: int, by_application: dict[int, list[Blocker]]) -> list[int]:
    """The applications whose decisions this one waits for, directly or through others, in
    the order they are met (open decision blockers only)."""
    found: list[int] = []
    todo = [application_id]
    while todo:
        current = todo.pop(0)
        for blocker in by_application.get(current, []):
            other = blocker.waits_for_id
            if blocker.kind != BlockerKind.DECISION or other is None:
                continue
            if other != application_id and other not in found:
                found.append(other)
                todo.append(other)
    return found


def my_tasks(client: Client) -> tuple[list[dict], bool]:
    """What the client must do about their applications (each with its due date in the
    task's words), for the portal home's "What I do", and whether the client needs help
    to read Kela's e-messages. The same words as on "My applications" (client_task)."""
    rows, needs_digital_help = applications(client)
    return [row for row in rows if row["task"]], needs_digital_help


def consents(client: Client) -> list[Consent]:
    return list(Consent.objects.filter(client=client).prefetch_related("organisations"))


def referrals(client: Client) -> list[dict]:
    """Each referral with what is true about it now, in plain words (referral_now)."""
    found = (
        Referral.objects.filter(client=client)
        .select_related("team__organisation", "named_worker")
        .order_by("-received_at")
    )
    return [{"referral": r, "now": referral_now(r)} for r in found]


def _day(value) -> str:
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date()
    return formats.date_format(value, "j.n.Y")


def referral_now(referral: Referral) -> list[str]:
    """What is true about the referral now, for the client: waiting → by when you will be
    contacted; contacted → who contacted you, when, and their phone; in progress → who
    works with you; closed → how it ended. Never a promise of a contact that happened."""
    worker = referral.named_worker
    name = worker.get_full_name() if worker else ""
    phone = worker.phone if worker else ""
    lines: list[str] = []
    if referral.status in (ReferralStatus.RECEIVED, ReferralStatus.CLAIMED):
        lines.append(
            _("You will be contacted by %(date)s at the latest.")
            % {"date": _day(referral.deadline)}
        )
        if name:
            lines.append(_("Your contact person is %(name)s.") % {"name": name})
    elif referral.contacted_at and referral.status == ReferralStatus.CONTACTED:
        lines.append(
            _("%(name)s contacted you on %(date)s.")
            % {"name": name or referral.team.name, "date": _day(referral.contacted_at)}
        )
    elif referral.status == ReferralStatus.IN_PROGRESS:
        lines.append(
            _("%(name)s is working with you on your matters.")
            % {"name": name or referral.team.name}
        )
    elif referral.status == ReferralStatus.CLOSED:
        if referral.contacted_at:
            lines.append(
                _("%(name)s contacted you on %(date)s.")
                % {"name": name or referral.team.name, "date": _day(referral.contacted_at)}
            )
        lines.append(
            _("The referral ended on %(date)s.")
            % {"date": _day(referral.closed_at or referral.received_at)}
        )
        outcome = REFERRAL_OUTCOMES.get(referral.outcome)
        if outcome:
            lines.append(str(outcome))
    if phone and referral.status != ReferralStatus.RECEIVED:
        lines.append(_("Phone %(name)s: %(phone)s") % {"name": name, "phone": phone})
    return lines


REFERRAL_OUTCOMES: dict[str, object] = {
    Outcome.DECISIONS_MADE: gettext_lazy("The decisions you needed were made."),
    Outcome.SERVICES_STARTED: gettext_lazy("Your services have started."),
    Outcome.REFERRED_ON: gettext_lazy("You were referred on to another service."),
    Outcome.CLIENT_DECLINED: gettext_lazy("You said you did not want the service."),
    Outcome.UNREACHABLE: gettext_lazy("We could not reach you."),
}


def feedback_due(client: Client) -> list[dict]:
    """What the client has not yet given feedback on: meetings closed, plan steps done and
    referrals contacted in the last FEEDBACK_DAYS days."""
    since = timezone.now() - dt.timedelta(days=FEEDBACK_DAYS)
    asked = set(FeedbackAsked.objects.filter(client=client).values_list("context", "object_id"))
    due = []
    for meeting in Meeting.objects.filter(
        client=client, status=MeetingStatus.CLOSED, closed_at__gte=since
    ).select_related("organiser"):
        if (FeedbackContext.MEETING, meeting.pk) not in asked:
            due.append(
                {
                    "context": FeedbackContext.MEETING,
                    "object": meeting,
                    "organisation_id": meeting.organiser.organisation_id,
                    "when": meeting.starts_at,
                }
            )
    for step in Step.objects.filter(
        goal__plan__client=client, status="done", done_on__gte=since.date()
    ).select_related("organisation", "responsible"):
        if (FeedbackContext.STEP, step.pk) not in asked:
            organisation = step.organisation_id or getattr(
                step.responsible, "organisation_id", None
            )
            due.append(
                {
                    "context": FeedbackContext.STEP,
                    "object": step,
                    "organisation_id": organisation,
                    "when": step.done_on,
                }
            )
    for referral in Referral.objects.filter(client=client, contacted_at__gte=since).select_related(
        "team"
    ):
        if (FeedbackContext.REFERRAL, referral.pk) not in asked:
            due.append(
                {
                    "context": FeedbackContext.REFERRAL,
                    "object": referral,
                    "organisation_id": referral.team.organisation_id,
                    "when": referral.contacted_at,
                }
            )
    return due


def council(client: Client) -> dict:
    return {
        "member": CouncilMembership.objects.filter(client=client).exists(),
        "sessions": list(
            CouncilSession.objects.filter(invited=client, starts_at__gte=timezone.now())
        ),
        "proposals": list(Proposal.objects.filter(status__in=PUBLISHED)[:100]),
        "own_waiting": list(
            Proposal.objects.filter(
                raised_by=client,
                status__in=[ProposalStatus.PENDING, ProposalStatus.REJECTED],
            )
        ),
    }


MIN_GROUP = 5  # answers; a smaller group is not shown (it could point to a person)


def feedback_by_month(start, end, organisation_id: int | None = None):
    """Feedback answered in [start, end] by month: answers, the share who got their matters
    sorted at once, the mean of "were you heard" and of the overall score (1–5). Months with
    fewer than MIN_GROUP answers are left out. A Polars frame."""
    import polars as pl

    from .models import Feedback

    answers = Feedback.objects.filter(month__range=(start.replace(day=1), end))
    if organisation_id:
        answers = answers.filter(organisation_id=organisation_id)
    # Built here, not with polku.research.frames: research reads the portal, not the reverse.
    schema = {"month": pl.Date, "sorted_out": pl.Utf8, "heard": pl.Int64, "overall": pl.Int64}
    found = pl.DataFrame(list(answers.values_list(*schema)), schema=schema, orient="row")
    return (
        found.group_by("month")
        .agg(
            pl.len().alias("answers"),
            ((pl.col("sorted_out") == "yes").mean() * 100).round(1).alias("sorted_at_once"),
            pl.col("heard").mean().round(2).alias("heard"),
            pl.col("overall").mean().round(2).alias("overall"),
        )
        .filter(pl.col("answers") >= MIN_GROUP)
        .sort("month")
    )
