from __future__ import annotations

import threading

import pytest
from django.db import connection, connections, transaction

from phieukin.audit.models import AuditEvent
from phieukin.audit.services import record_event, verify_log

THREADS = 8
PER_THREAD = 10


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_never_forks_the_chain_under_concurrent_appends():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serializes writers by its IMMEDIATE transactions")
    barrier = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            barrier.wait(timeout=60)  # a thread that fails to start must not hang the rest
            for i in range(PER_THREAD):
                with transaction.atomic():
                    record_event("test.concurrent", data={"thread": n, "i": i})
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a writer did not finish in 120 s"
    assert errors == []
    seqs = list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, THREADS * PER_THREAD + 1))
    report = verify_log()
    assert report.ok, report.problems
