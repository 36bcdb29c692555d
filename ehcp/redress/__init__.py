"""Redress: mediation, SEND Tribunal appeals and complaints about EHC needs assessments and plans.

A sub-app of ``ehcp`` with its own models and migrations (app label ``redress``). Every statutory
date comes from ``ehcp.deadlines``; complaint response periods are the council's own policy
(``ehcp.redress.policy``), never presented as law.
"""
