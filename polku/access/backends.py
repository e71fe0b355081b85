"""The authentication backend: Django's ModelBackend (passwords, active users, permissions),
loading the signed-in user of each request with what every page asks of them, in the one
query that loads the user:

* their organisation and whether they are on a receiving team (resolver.with_roles): the page
  header shows the organisation's name, and the menu asks is_partner and
  can_see_referral_queue, without a query of their own;
* whether they have any permission at all, their own or through a group: most have none, and
  then the menu's permission questions (the reports, the research exports) need no query. Those
  who have some get them in one query, not two.

Settings name it in AUTHENTICATION_BACKENDS after django-axes' backend, in place of
django.contrib.auth.backends.ModelBackend."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.db.models import BooleanField, ManyToManyField, Q
from django.db.models.expressions import RawSQL

from polku.accounts.models import User

from . import resolver

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

_HAS_PERMISSIONS = "has_permissions"


class UserBackend(ModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        # Only the models' own table and column names, quoted; no parameters.
        has_permissions = RawSQL(_has_permissions_sql(), (), output_field=BooleanField())  # noqa: S611
        users = resolver.with_roles(User.objects.all())
        try:
            user = users.annotate(**{_HAS_PERMISSIONS: has_permissions}).get(pk=user_id)
        except User.DoesNotExist:
            return None
        if not self.user_can_authenticate(user):
            return None
        if not user.is_superuser and not getattr(user, _HAS_PERMISSIONS):
            user._perm_cache = set()  # type: ignore[attr-defined]  # ModelBackend's cache
        return user

    def get_all_permissions(self, user_obj: User | AnonymousUser, obj: Any = None) -> set[str]:
        """As ModelBackend's (and in its cache on the user, `_perm_cache`), in one query."""
        if (
            not user_obj.is_active
            or user_obj.is_anonymous
            or obj is not None
            or getattr(user_obj, "is_superuser", False)  # every permission: ModelBackend's way
        ):
            return super().get_all_permissions(user_obj, obj)
        if not hasattr(user_obj, "_perm_cache"):
            rows = (
                Permission.objects.filter(Q(user=user_obj) | Q(group__user=user_obj))
                .values_list("content_type__app_label", "codename")
                .order_by()
                .distinct()
            )
            user_obj._perm_cache = {f"{app}.{codename}" for app, codename in rows}  # type: ignore[union-attr,attr-defined]
        return user_obj._perm_cache  # type: ignore[union-attr,attr-defined,no-any-return]


@cache
def _has_permissions_sql() -> str:
    """Whether the user has a permission of their own or a group with one: EXISTS … OR
    EXISTS …, written out once (the ORM's Exists() cost every page more compiling than the
    database took answering, issue 20)."""
    quote = connection.ops.quote_name
    user = f"{quote(User._meta.db_table)}.{quote(str(User._meta.pk.column))}"
    own = User._meta.get_field("user_permissions")
    groups = User._meta.get_field("groups")
    granted = Group._meta.get_field("permissions")
    assert isinstance(own, ManyToManyField) and isinstance(groups, ManyToManyField)
    assert isinstance(granted, ManyToManyField)
    return (
        f"EXISTS (SELECT 1 FROM {quote(own.m2m_db_table())}"  # noqa: S608
        f" WHERE {quote(own.m2m_column_name())} = {user})"
        f" OR EXISTS (SELECT 1 FROM {quote(groups.m2m_db_table())} member"
        f" JOIN {quote(granted.m2m_db_table())} granted"
        f" ON granted.{quote(granted.m2m_column_name())}"
        f" = member.{quote(groups.m2m_reverse_name())}"
        f" WHERE member.{quote(groups.m2m_column_name())} = {user})"
    )
