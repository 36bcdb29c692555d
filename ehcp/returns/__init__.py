"""Statutory returns from person-level case data: the DfE's SEN2 return (export, validation,
import of another system's return) and Ofsted and CQC's area SEND inspection Annex A."""
