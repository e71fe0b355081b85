"""Background work of the worklists (django.tasks; the database backend in production).

Run daily, e.g. from cron: `python manage.py run_daily_scan` enqueues `daily_alert_scan`,
which scans and then sends the digests; a `db_worker` picks it up."""

from django.tasks import task

from . import digest, scan


@task
def alert_scan() -> dict:
    """All alert rules over all clients; idempotent."""
    return scan.run_scan()


@task
def send_digests() -> dict:
    """One e-mail per professional with what is due; at most once a day."""
    return digest.send_digests()


@task
def daily_alert_scan() -> dict:
    """The scan, then the digests (so today's new alerts are in today's e-mail)."""
    result = scan.run_scan()
    return {"scan": result, "digests": digest.send_digests()}
