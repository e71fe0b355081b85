"""The audit chain's keys, from settings (the environment in production, never the database).

POLKU_AUDIT_KEY keys new events; POLKU_AUDIT_OLD_KEYS (a list) keeps retired keys so that
events and checkpoints made under them still verify after a rotation."""

from django.conf import settings

from .chain import ChainKey, derive_key


def current_key() -> ChainKey:
    return derive_key(settings.POLKU_AUDIT_KEY)


def keys_by_id() -> dict[str, ChainKey]:
    keys = {}
    for value in [*settings.POLKU_AUDIT_OLD_KEYS, settings.POLKU_AUDIT_KEY]:
        if value:
            key = derive_key(value)
            keys[key.id] = key
    return keys
