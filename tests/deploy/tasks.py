"""A task for the test of two workers (tests/deploy/test_several_machines.py): each run writes
one row (its number, the worker process), so a task run twice shows as two rows."""

import os
import time

from django.db import connection
from django.tasks import task

TABLE = "deploy_task_runs"


@task
def record_run(number: int) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {TABLE} (number, pid) VALUES (%s, %s)", [number, os.getpid()])  # noqa: S608
        # Hold the first task of each worker until both workers have started one, so that the
        # run shows them sharing the queue whichever starts first (a minute at most).
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            cursor.execute(f"SELECT count(DISTINCT pid) FROM {TABLE}")  # noqa: S608
            if cursor.fetchone()[0] >= 2:
                break
            time.sleep(0.1)
    return os.getpid()
