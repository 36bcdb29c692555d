"""Code lists from the DfE SEN2 person-level return and the school census (statutory.md C.3)."""

from django.db import models


class NeedType(models.TextChoices):
    """SEN2 SENtype (item 5.8a), consistent with the spring school census."""

    SPLD = "SPLD", "Specific learning difficulty"
    MLD = "MLD", "Moderate learning difficulty"
    SLD = "SLD", "Severe learning difficulty"
    PMLD = "PMLD", "Profound and multiple learning difficulty"
    SEMH = "SEMH", "Social, emotional and mental health"
    SLCN = "SLCN", "Speech, language and communication needs"
    HI = "HI", "Hearing impairment"
    VI = "VI", "Vision impairment"
    MSI = "MSI", "Multi-sensory impairment"
    PD = "PD", "Physical disability"
    ASD = "ASD", "Autistic spectrum disorder"
    DS = "DS", "Down syndrome"
    OTH = "OTH", "Other difficulty"


#: The four broad areas of need in the SEND Code of Practice (6.28 to 6.35).
class AreaOfNeed(models.TextChoices):
    COMMUNICATION = "communication", "Communication and interaction"
    COGNITION = "cognition", "Cognition and learning"
    SEMH = "semh", "Social, emotional and mental health"
    SENSORY_PHYSICAL = "sensory_physical", "Sensory and/or physical needs"


NEED_AREA = {
    NeedType.SLCN: AreaOfNeed.COMMUNICATION,
    NeedType.ASD: AreaOfNeed.COMMUNICATION,
    NeedType.SPLD: AreaOfNeed.COGNITION,
    NeedType.MLD: AreaOfNeed.COGNITION,
    NeedType.SLD: AreaOfNeed.COGNITION,
    NeedType.PMLD: AreaOfNeed.COGNITION,
    NeedType.DS: AreaOfNeed.COGNITION,
    NeedType.SEMH: AreaOfNeed.SEMH,
    NeedType.HI: AreaOfNeed.SENSORY_PHYSICAL,
    NeedType.VI: AreaOfNeed.SENSORY_PHYSICAL,
    NeedType.MSI: AreaOfNeed.SENSORY_PHYSICAL,
    NeedType.PD: AreaOfNeed.SENSORY_PHYSICAL,
    NeedType.OTH: AreaOfNeed.COGNITION,
}


class RequestSource(models.TextChoices):
    """SEN2 RequestSource (spec v1.3), plus the council becoming responsible (CFA 2014 s24)."""

    FAMILY = "1", "Young person or parent"
    SETTING = "2", "School or other education setting"
    HEALTH = "3", "Health care professional"
    SOCIAL_CARE = "4", "Social care professional"
    OTHER = "5", "Other"


class Sex(models.TextChoices):
    """SEN2 Sex (from v1.2)."""

    MALE = "M", "Male"
    FEMALE = "F", "Female"
    UNKNOWN = "U", "Not known"


class Ethnicity(models.TextChoices):
    """CBDS main ethnicity codes used by SEN2."""

    WBRI = "WBRI", "White - British"
    WIRI = "WIRI", "White - Irish"
    WIRT = "WIRT", "Traveller of Irish heritage"
    WOTH = "WOTH", "Any other White background"
    WROM = "WROM", "Gypsy / Roma"
    MWBC = "MWBC", "White and Black Caribbean"
    MWBA = "MWBA", "White and Black African"
    MWAS = "MWAS", "White and Asian"
    MOTH = "MOTH", "Any other mixed background"
    AIND = "AIND", "Indian"
    APKN = "APKN", "Pakistani"
    ABAN = "ABAN", "Bangladeshi"
    AOTH = "AOTH", "Any other Asian background"
    BCRB = "BCRB", "Black Caribbean"
    BAFR = "BAFR", "Black - African"
    BOTH = "BOTH", "Any other Black background"
    CHNE = "CHNE", "Chinese"
    OOTH = "OOTH", "Any other ethnic group"
    REFU = "REFU", "Refused"
    NOBT = "NOBT", "Information not yet obtained"
