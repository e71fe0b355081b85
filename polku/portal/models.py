"""The client's own window: sign-in codes, what the client writes (own views, goals in own
words, agenda items), feedback (anonymous or not), and the client council."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polku.core.validators import free_text

WRITE_SOMETHING = {"blank": _("Write something first.")}


class SignInCode(models.Model):
    """A one-time code a professional hands to the client (demo and in-person sign-in).
    Only its keyed hash is stored; it expires and works once."""

    client = models.ForeignKey(
        "clients.Client", on_delete=models.CASCADE, related_name="portal_codes"
    )
    code_hash = models.CharField(max_length=64, unique=True)
    # keyed hash of the code's first half: wrong tries at one code are counted against it
    selector_hash = models.CharField(max_length=64, blank=True, default="", db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("sign-in code")
        verbose_name_plural = _("sign-in codes")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"sign-in code {self.pk}"


class ContributionKind(models.TextChoices):
    ASSESSMENT_VIEW = "assessment_view", _("My own view")
    GOAL = "goal", _("A goal in my own words")
    AGENDA_ITEM = "agenda_item", _("For the next meeting's agenda")


class Contribution(models.Model):
    """What the client writes in the portal; professionals see it on the client's pages."""

    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="portal_contributions"
    )
    kind = models.CharField(max_length=20, choices=ContributionKind.choices)
    assessment = models.ForeignKey(
        "assessment.Assessment", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    domain = models.CharField(max_length=30, blank=True)
    goal = models.ForeignKey(
        "plans.Goal", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    text = models.TextField(
        max_length=2000, validators=free_text(2000), error_messages=WRITE_SOMETHING
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="assessment_view")
                | (Q(assessment__isnull=False) & ~Q(domain="")),
                name="assessment_view_names_the_domain",
            ),
            models.CheckConstraint(
                condition=~Q(kind="agenda_item") | Q(meeting__isnull=False),
                name="agenda_item_names_the_meeting",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk}"


class FeedbackContext(models.TextChoices):
    MEETING = "meeting", _("A meeting")
    STEP = "step", _("A step of the plan")
    REFERRAL = "referral", _("A referral")


class SortedOut(models.TextChoices):
    YES = "yes", _("Yes")
    PARTLY = "partly", _("Partly")
    NO = "no", _("No")


class Feedback(models.Model):
    """One answer. An anonymous answer keeps no link to the client at all: only what it was
    about (the kind), the organisation and the month."""

    context = models.CharField(max_length=10, choices=FeedbackContext.choices)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, related_name="+"
    )
    month = models.DateField()  # the first day of the month answered
    sorted_out = models.CharField(
        _("Did you get your matters sorted at once?"), max_length=6, choices=SortedOut.choices
    )
    heard = models.PositiveSmallIntegerField(_("Were you heard?"))
    overall = models.PositiveSmallIntegerField(_("Overall"))
    text = models.TextField(
        _("In your own words"), max_length=1000, blank=True, validators=free_text(1000)
    )
    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback answers")
        constraints = [
            models.CheckConstraint(condition=Q(heard__gte=1, heard__lte=5), name="heard_1_5"),
            models.CheckConstraint(condition=Q(overall__gte=1, overall__lte=5), name="overall_1_5"),
        ]

    def __str__(self) -> str:
        return f"feedback {self.pk}"


class FeedbackAsked(models.Model):
    """That the client has answered (or declined) about one thing, so it is not asked again.
    Kept apart from the answer, so an anonymous answer cannot be traced back through it."""

    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="+")
    context = models.CharField(max_length=10, choices=FeedbackContext.choices)
    object_id = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("feedback request")
        verbose_name_plural = _("feedback requests")
        constraints = [
            models.UniqueConstraint(
                fields=["client", "context", "object_id"], name="feedback_asked_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.context} {self.object_id}"


class CouncilMembership(models.Model):
    """The client's wish to be invited to the client council (asiakasraati)."""

    client = models.OneToOneField(
        "clients.Client", on_delete=models.CASCADE, related_name="council_membership"
    )
    opted_in_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("council membership")
        verbose_name_plural = _("council memberships")

    def __str__(self) -> str:
        return f"council member {self.client_id}"


class CouncilSession(models.Model):
    starts_at = models.DateTimeField(_("starts"))
    theme = models.CharField(_("theme"), max_length=200)
    place = models.CharField(_("place"), max_length=200, blank=True)
    invited = models.ManyToManyField("clients.Client", blank=True, related_name="+")

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("client council session")
        verbose_name_plural = _("client council sessions")

    def __str__(self) -> str:
        return f"{self.theme} ({self.starts_at:%d.%m.%Y})"


class ProposalStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for moderation")
    UNDER_CONSIDERATION = "considering", _("Under consideration")
    DONE = "done", _("Done")
    NOT_DONE = "not_done", _("Not done")
    REJECTED = "rejected", _("Not published")


# Proposals other clients see: a moderator has let them through.
PUBLISHED = (ProposalStatus.UNDER_CONSIDERATION, ProposalStatus.DONE, ProposalStatus.NOT_DONE)


class Proposal(models.Model):
    """A client's proposal for the service and its fate, published back to clients. A new
    proposal waits for moderation (PENDING): only its writer sees it until staff publish it
    (UNDER_CONSIDERATION) or leave it unpublished (REJECTED, with the reason)."""

    text = models.TextField(
        _("proposal"), max_length=2000, validators=free_text(2000), error_messages=WRITE_SOMETHING
    )
    raised_by = models.ForeignKey(
        "clients.Client", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    session = models.ForeignKey(
        CouncilSession, on_delete=models.SET_NULL, null=True, blank=True, related_name="proposals"
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ProposalStatus.choices,
        default=ProposalStatus.PENDING,
    )
    reason = models.TextField(_("what was done, or why not"), max_length=2000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    moderated_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="not_done") | ~Q(reason=""),
                name="proposal_not_done_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(reason=""),
                name="proposal_rejected_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]
