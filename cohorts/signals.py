"""Events one capability announces and others act on, so neither imports the other."""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

#: sent after a participant's personal data is erased (sender: the participant's id; ``emails``:
#: every address they were known by). Whatever else holds their data removes it.
personal_data_erased = _signals.signal("personal-data-erased")

#: sent after an enrolment is recorded as completed (sender: the Enrolment). The credentials capability issues its
#: completion credential in the same transaction.
enrolment_completed = _signals.signal("enrolment-completed")
