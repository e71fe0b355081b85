"""The henkilötunnus at rest: encrypted (Fernet) with a keyed search hash (HMAC-SHA256).

Both keys are derived (HKDF) from settings.POLKU_DATA_KEY, which is kept apart from SECRET_KEY.
The hash lets us find a client by their code without storing it in clear text.

Key rotation (docs/key-rotation.md): settings.POLKU_DATA_OLD_KEYS lists the keys being retired.
New values are always written under POLKU_DATA_KEY; reading tries every key (MultiFernet), and a
lookup matches the search hash under every key (`search_hashes`), so rows not yet re-encrypted by
`manage.py rotate_keys` stay readable and findable while it runs.
"""

import base64
import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

__all__ = ["InvalidToken"]


def _derive(secret: str, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"polku", info=purpose).derive(
        secret.encode()
    )


def current_key() -> str:
    secret = settings.POLKU_DATA_KEY
    if not secret:
        raise ImproperlyConfigured("POLKU_DATA_KEY must be set to store personal identity codes.")
    return secret


def old_keys() -> tuple[str, ...]:
    """The retired keys still accepted for reading, in the order given, without the current
    key and without empty or repeated values."""
    current = settings.POLKU_DATA_KEY
    seen: list[str] = []
    for key in settings.POLKU_DATA_OLD_KEYS:
        if key and key != current and key not in seen:
            seen.append(key)
    return tuple(seen)


def all_keys() -> tuple[str, ...]:
    """The current key first, then the old ones."""
    return (current_key(), *old_keys())


@cache
def _fernet(secret: str) -> Fernet:
    return Fernet(base64.urlsafe_b64encode(_derive(secret, b"hetu-encryption")))


@cache
def _multi_fernet(secrets: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([_fernet(secret) for secret in secrets])


@cache
def _hash_key(secret: str) -> bytes:
    return _derive(secret, b"hetu-search-hash")


def _hash(secret: str, normalised: str) -> str:
    return hmac.new(_hash_key(secret), normalised.encode(), hashlib.sha256).hexdigest()


def encrypt(plain: str) -> str:
    """Always under the current key."""
    return _fernet(current_key()).encrypt(plain.encode()).decode()


def decrypt(token: str) -> str:
    """Under whichever configured key the token was made with (raises InvalidToken if none)."""
    return _multi_fernet(all_keys()).decrypt(token.encode()).decode()


def search_hash(normalised: str) -> str:
    """The hash to store: under the current key."""
    return _hash(current_key(), normalised)


def search_hashes(normalised: str) -> list[str]:
    """The hashes to look a code up by: under the current key first, then every old key."""
    return [_hash(secret, normalised) for secret in all_keys()]


def is_current(token: str) -> bool:
    """Whether the token was encrypted under the current key."""
    try:
        _fernet(current_key()).decrypt(token.encode())
    except InvalidToken:
        return False
    return True


def rotated(token: str, stored_hash: str) -> tuple[str, str] | None:
    """The (token, hash) a row should hold under the current key, or None if it already holds
    them. Raises InvalidToken if no configured key opens the token."""
    plain = decrypt(token)
    new_hash = search_hash(plain)
    current = is_current(token)
    if current and hmac.compare_digest(stored_hash, new_hash):
        return None
    return (token if current else encrypt(plain)), new_hash
