"""Where a dashboard figure comes from: the portal's own records, or published statistics."""

PORTAL = "portal"
PUBLISHED = "published"
SEN2 = "DfE, Education, health and care plans (SEN2), reporting year 2025"
APPEAL_SOURCE = "MoJ/HMCTS and DfE, SEND Tribunal appeal rate 2014 to 2024"
