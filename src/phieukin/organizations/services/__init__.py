"""State changes of the organization tree, members and committees.

Views, the API, the importer and the demo call these functions and never ``.save()`` the
models themselves, because the invariants live here: the materialized ``path``/``depth`` of
every organization, which kinds may sit under which (``ALLOWED_CHILDREN``), one open
membership per member with its history kept, the member rules of ``member_rules``, and seats
compatible with their committee.

- ``tree``: ``do_create_organization``, ``do_move_organization``; ``rebuild_paths`` (for bulk
  loaders) and ``members_in_subtree``
- ``members``: ``do_add_member(s)``, ``do_update_member``, ``do_set_member_status``,
  ``do_transfer_member``; ``member_problems`` (what the admin form asks)
- ``committees``: ``do_create_committee``, ``do_add_seat(s)``, ``do_end_seat``; ``open_seats``

Every ``do_*`` takes the keyword ``actor`` (the user on whose behalf the change is made, or
None for the system: the demo, a command-line import) and runs in ``transaction.atomic()``,
not durable: the importer and the demo call them inside their own outer transaction, so a
bad row rolls everything back. Each change appends one audit entry last in its transaction,
through ``phieukin.lib.auditing.record_change`` (this app imports no other app).
"""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser

# Who asks for a change: a user, the anonymous user of a request, or None for the system.
Actor = AbstractBaseUser | AnonymousUser | None
