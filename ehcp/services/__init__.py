"""Writes: one function per business action (see ehcp/services/workflow.py)."""
