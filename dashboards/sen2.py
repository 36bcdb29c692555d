"""The SEN2 return moved to ``ehcp.returns`` (person-level case data, issue 18); this name stays
for the dashboards' SEN2 pages."""

from ehcp.returns.sen2 import Sen2Return, build_return
from ehcp.returns.validation import Problem

__all__ = ["Problem", "Sen2Return", "build_return"]
