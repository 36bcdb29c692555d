"""The council's complaints policy: how long each stage has to respond.

These are LOCAL POLICY periods, not legal time limits: no Act or regulation fixes how quickly a
council, school or ICB must answer a complaint about SEND. They are kept here, apart from the law
in ``ehcp.deadlines``, and every date built from them says so. A council changes them here.
Periods are counted in working days with the deadline module's calendar.
"""

from __future__ import annotations

from datetime import date

from ehcp import deadlines

from .models import Stage

POLICY_NAME = "Council complaints policy (local policy, not a legal time limit)"

#: Working days each stage has to respond; None where the body sets its own timetable.
RESPONSE_WORKING_DAYS: dict[str, int | None] = {
    Stage.SETTING: 15,
    Stage.LA_STAGE_1: 10,
    Stage.LA_STAGE_2: 20,
    Stage.ICB: 25,
    Stage.LGSCO: None,
    Stage.PHSO: None,
}

_WHO = {
    Stage.SETTING: "the school or college responds",
    Stage.LA_STAGE_1: "the council responds at stage 1",
    Stage.LA_STAGE_2: "the council responds at stage 2",
    Stage.ICB: "the integrated care board responds",
}


def response_due(stage: str, started_on: date) -> deadlines.Deadline | None:
    """When the response is due under the council's policy (None: the ombudsman sets its own)."""
    days = RESPONSE_WORKING_DAYS[stage]
    if days is None:
        return None
    return deadlines.Deadline(
        key=f"complaint_{stage}",
        due=deadlines.add_working_days(started_on, days),
        label=f"Complaint response due: {_WHO[stage]}",
        basis=f"{POLICY_NAME}: within {days} working days",
        kind="target",
    )
