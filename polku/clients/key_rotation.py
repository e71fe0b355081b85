"""Re-encrypting and re-hashing every stored henkilötunnus under the current data key
(`manage.py rotate_keys`, docs/key-rotation.md), and the deploy check that says when the old
keys can be removed.

Rows are walked in primary-key order in batches; each batch is locked and written in its own
transaction, and a row already under the current key (token opens with it, hash made with it) is
left alone, so a stopped run can simply be started again.
"""

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from django.apps import AppConfig, apps
from django.core.checks import Tags, Warning, register
from django.db import DatabaseError, models, transaction

from . import crypto

# Every model that stores a henkilötunnus as `hetu_encrypted` + `hetu_hash`.
MODELS = ("clients.Client", "referrals.Referral")
UNREADABLE_SHOWN = 10


@dataclass
class Counts:
    examined: int = 0
    rotated: int = 0
    current: int = 0
    unreadable: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, int]:
        return {
            "examined": self.examined,
            "rotated": self.rotated,
            "current": self.current,
            "unreadable": len(self.unreadable),
        }


def _batches(model: type[models.Model], batch_size: int) -> Iterator[list[int]]:
    last = 0
    while True:
        ids = list(
            model._default_manager.filter(pk__gt=last)
            .exclude(hetu_encrypted="")  # anonymised (polku.privacy.retention): nothing to rotate
            .order_by("pk")
            .values_list("pk", flat=True)[:batch_size]
        )
        if not ids:
            return
        yield ids
        last = ids[-1]


def rotate_model(
    model: type[models.Model],
    *,
    batch_size: int,
    dry_run: bool,
    progress: Callable[[str], None] = lambda line: None,
) -> Counts:
    counts = Counts()
    label = model._meta.label
    for ids in _batches(model, batch_size):
        with transaction.atomic():
            rows = list(
                model._default_manager.select_for_update()
                .filter(pk__in=ids)
                .order_by("pk")
                .only("pk", "hetu_encrypted", "hetu_hash")
            )
            changed = []
            for row in rows:
                counts.examined += 1
                try:
                    new = crypto.rotated(row.hetu_encrypted, row.hetu_hash)  # type: ignore[attr-defined]
                except crypto.InvalidToken:
                    counts.unreadable.append(row.pk)
                    continue
                if new is None:
                    counts.current += 1
                    continue
                row.hetu_encrypted, row.hetu_hash = new  # type: ignore[attr-defined]
                changed.append(row)
            counts.rotated += len(changed)
            if changed and not dry_run:
                model._default_manager.bulk_update(changed, ["hetu_encrypted", "hetu_hash"])
        progress(
            f"{label}: {counts.examined} examined, {counts.rotated} "
            f"{'to re-encrypt' if dry_run else 're-encrypted'}, {counts.current} already current"
        )
    return counts


def rotate_all(
    *, batch_size: int, dry_run: bool, progress: Callable[[str], None] = lambda line: None
) -> dict[str, Counts]:
    return {
        label: rotate_model(
            apps.get_model(label), batch_size=batch_size, dry_run=dry_run, progress=progress
        )
        for label in MODELS
    }


def rows_needing_old_keys() -> int:
    """How many rows still hold a token or hash made with an old key (or no key opens)."""
    needing = 0
    for label in MODELS:
        rows = (
            apps.get_model(label)
            ._default_manager.exclude(hetu_encrypted="")  # anonymised rows hold no code
            .values_list("hetu_encrypted", "hetu_hash")
        )
        for token, stored_hash in rows.iterator(chunk_size=2000):
            try:
                if crypto.rotated(token, stored_hash) is not None:
                    needing += 1
            except crypto.InvalidToken:
                needing += 1
    return needing


@register(Tags.security, deploy=True)
def check_old_data_keys(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: object
) -> list[Warning]:
    """While POLKU_DATA_OLD_KEYS is set: remind to run rotate_keys, or to remove the old keys
    once no row needs them (a leaked old key is then harmless only after it is gone)."""
    if not crypto.old_keys():
        return []
    try:
        needing = rows_needing_old_keys()
    except DatabaseError:
        return []  # no database to look at (e.g. a check before migrate)
    if needing:
        return [
            Warning(
                f"POLKU_DATA_OLD_KEYS is set and {needing} stored personal identity codes "
                "still need an old key.",
                hint="Run `manage.py rotate_keys`, then remove POLKU_DATA_OLD_KEYS "
                "(docs/key-rotation.md).",
                id="polku.W020",
            )
        ]
    return [
        Warning(
            "POLKU_DATA_OLD_KEYS is set but no stored personal identity code needs an old "
            "key any more.",
            hint="Remove POLKU_DATA_OLD_KEYS from the environment of every process and "
            "destroy the old keys (docs/key-rotation.md).",
            id="polku.W021",
        )
    ]
