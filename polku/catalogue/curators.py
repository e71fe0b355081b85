"""The catalogue curators' role: a group with the catalogue's model permissions, kept in
step after every migrate (permissions exist only once the models are migrated)."""

from django.contrib.auth.models import Group, Permission

CURATORS = "Catalogue curators"


def ensure_curators_group(**kwargs) -> Group:
    group, _ = Group.objects.get_or_create(name=CURATORS)
    permissions = Permission.objects.filter(content_type__app_label="catalogue")
    group.permissions.add(*permissions)
    return group
