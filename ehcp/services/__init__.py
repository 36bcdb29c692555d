"""Writes: one function per business action. The EHC needs assessment's steps are in one
module per statutory stage, gathered by ``workflow`` (see ehcp/services/workflow.py)."""
