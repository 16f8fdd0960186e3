"""Writes of programmes: each checks its actor (`Forbidden`) and every rule, then writes with an
audit record, or refuses whole (`DomainError` with a message for the user).

Who may: staff with SERVICE over the programme's community run it (programmes, sessions,
attendance, desk enrolment and cancelling); REVEAL there shows a full phone number. A resident
without an account enrols through the public page (`source=PUBLIC`, any actor, the programme
published) and cancels there with the proof the page holds, through `enrolment_cancel_apply`.

Seats: `Programme.enrolled` counts the enrolled. A seat is taken by a conditional UPDATE
(`enrolled < capacity`), which the database applies to one request at a time, so the last
seat goes to exactly one person; whoever finds none takes the next waiting-list number.
A cancelled seat goes to the first person waiting, else it is given back to the counter.

A package, one module per aggregate written (programmes, sessions, enrolments), since the
single module passed 600 lines. Every write is re-exported here, so
`from tongxin.volunteering.programmes.services import enrolment_create` keeps working.
"""

# Read from here by the demo seed, as when this package was one module that imported it.
from tongxin.volunteering.programmes.models import CODE_LENGTH
from tongxin.volunteering.programmes.services.enrolments import (
    CODE_ALPHABET,
    PARTICIPANT_KIND,
    age_on,
    check_participant,
    enrolment_cancel,
    enrolment_cancel_apply,
    enrolment_create,
    enrolment_reveal,
    new_code,
    participant_key,
    public_enrolments_from,
    waiting_rank,
)
from tongxin.volunteering.programmes.services.programmes import (
    EARLIEST,
    PROGRAMME_FIELDS,
    programme_create,
    programme_update,
)
from tongxin.volunteering.programmes.services.sessions import (
    MAX_SESSIONS_AT_ONCE,
    attendance_record,
    session_add,
    session_mark_held,
    session_teachers,
    sessions_repeat,
    weekdays_between,
)

__all__ = [
    "CODE_ALPHABET",
    "CODE_LENGTH",
    "EARLIEST",
    "MAX_SESSIONS_AT_ONCE",
    "PARTICIPANT_KIND",
    "PROGRAMME_FIELDS",
    "age_on",
    "attendance_record",
    "check_participant",
    "enrolment_cancel",
    "enrolment_cancel_apply",
    "enrolment_create",
    "enrolment_reveal",
    "new_code",
    "participant_key",
    "programme_create",
    "programme_update",
    "public_enrolments_from",
    "session_add",
    "session_mark_held",
    "session_teachers",
    "sessions_repeat",
    "waiting_rank",
    "weekdays_between",
]
