"""How erasing a child's record treats tailored lists and the family's preferences: registered
with the core's erasure service (:mod:`send_portal.erasure`) from ``TailoredListsConfig.ready``.
"""

from __future__ import annotations

from send_portal.erasure import DELETE, Treatment, register

TREATMENTS: dict[str, Treatment] = {
    "tailored_lists.Preference": Treatment(
        DELETE, "tailored_list__case__child", why="the family's preferences"
    ),
    "tailored_lists.ListEntry": Treatment(
        DELETE, "tailored_list__case__child", why="reasons written for the family"
    ),
    "tailored_lists.TailoredList": Treatment(
        DELETE, "case__child", why="needs summary and home district of the child"
    ),
}

register(TREATMENTS)
