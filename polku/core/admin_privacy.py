"""The admin shows client data only through the access rule (issue #18, finding 14).

Every ModelAdmin of Polku inherits `ClientSafeAdmin` (tests/core/test_admin_privacy.py checks
it):

* A delete confirmation lists what would be deleted or what blocks the deletion. Django names
  each object there with its str(): for a professional who recorded clients that is a list of
  clients' names, outside the rule and unaudited. Objects of the apps that hold client data
  are shown only as a count per kind.
* A form that offers clients to choose from (the client council's invitations,
  polku.portal.admin) offers only the clients the signed-in user may see under
  polku.access.policy, and the clients listed are audited.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from django.contrib import admin
from django.contrib.admin.utils import NestedObjects
from django.db import router
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.text import capfirst
from django.utils.translation import gettext as _

# Apps whose rows are about a client (or are the client): never named in the admin.
CLIENT_DATA_APPS = frozenset(
    {
        "clients",
        "plans",
        "meetings",
        "referrals",
        "routes",
        "knots",
        "assessment",
        "handover",
        "portal",
        "worklists",
        "research",
        "audit",
    }
)


def _is_client_data(model: type[Model] | str) -> bool:
    # a model class (NestedObjects.model_objs is keyed by model classes; its stub says str)
    assert not isinstance(model, str)
    return model._meta.app_label in CLIENT_DATA_APPS


class ClientSafeAdmin(admin.ModelAdmin):
    def get_deleted_objects(
        self, objs: Sequence[Model] | QuerySet[Model], request: HttpRequest
    ) -> tuple[list[str], dict[str, int], set[str], list[str]]:
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        collector = NestedObjects(using=router.db_for_write(self.model))
        collector.collect(objs)
        touched = {m for m in collector.model_objs if _is_client_data(m)}
        blocking = [o for o in collector.protected if _is_client_data(type(o))]
        if touched:
            # Name only the objects asked to be deleted; everything else as counts (the
            # template's summary, model_count, already gives them per kind).
            deleted = [str(o) for o in objs]
        if blocking:
            counts = Counter(capfirst(type(o)._meta.verbose_name_plural) for o in blocking)
            protected = [
                f"{capfirst(type(o)._meta.verbose_name)}: {o}"
                for o in collector.protected
                if not _is_client_data(type(o))
            ] + [
                _("%(kind)s: %(count)d (not named here)") % {"kind": kind, "count": n}
                for kind, n in sorted(counts.items())
            ]
        return deleted, model_count, perms_needed, protected
