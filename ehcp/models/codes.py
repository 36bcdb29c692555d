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


class UPNUnknown(models.TextChoices):
    """SEN2 ``UPNunknown``: why a person has neither a UPN nor a ULN. The SEN2 list (the guide's
    wording as quoted in ``data-to-insight/ssd-data-model``, item SEND004A): the common basic
    data set reasons UN1, UN2, UN3 and UN5, and UN8 to UN10 for the SEN2 return."""

    UN1 = "UN1", "UN1: aged under 6 and not yet given a UPN"
    UN2 = "UN2", "UN2: never attended a state-funded school in England"
    UN3 = "UN3", "UN3: educated outside England"
    UN5 = "UN5", "UN5: the sources of UPNs disagree about the name or date of birth"
    UN8 = "UN8", "UN8: new to the council, UPN or ULN not yet known"
    UN9 = "UN9", "UN9: never at a state-funded school or college in England (young person)"
    UN10 = "UN10", "UN10: the request ended before the UPN or ULN was known"


class Disability(models.TextChoices):
    """Ofsted and CQC area SEND inspection, Annex A: "Does the child or young person have a
    disability?" (Equality Act 2010 s6)."""

    YES = "yes", "Yes"
    NO = "no", "No"


class SenSetting(models.TextChoices):
    """SEN2 ``SENSetting`` (items 4.7c and 5.7c): a placement with no URN or UKPRN."""

    OLA = "OLA", "Other arrangements made by the council (including EOTAS, CFA 2014 s61)"
    OPA = "OPA", "Other arrangements made by the parent or young person (s42(5), not EHE)"
    EHE = "EHE", "Elective home education"
    EYP = "EYP", "Early years provider with no URN"
    OTH = "OTH", "Other (including a type of setting named without a setting)"
    NEET = "NEET", "Not in education, employment or training (aged 16 to 25)"
    NIEC = "NIEC", "Not in education or training: notice to cease issued"
    NIEO = "NIEO", "Not in education or training: other"


class CeaseReason(models.TextChoices):
    """SEN2 ``CeaseReason`` (item 4.6): why the council stopped maintaining the plan."""

    MAX_AGE = "1", "1: reached the maximum age"
    NEEDS_MET = "2", "2: needs met without a plan, education or training continuing"
    HIGHER_EDUCATION = "3", "3: moved on to higher education"
    EMPLOYMENT = "4", "4: moved on to paid employment (not an apprenticeship)"
    TRANSFERRED = "5", "5: transferred to another council in England"
    NOT_ENGAGING = "6", "6: no longer wishes to engage in education or training"
    LEFT_ENGLAND = "7", "7: moved outside England"
    DECEASED = "8", "8: died"
    OTHER = "9", "9: other"


class Residential(models.TextChoices):
    """SEN2 ``PlanRes`` and ``RES``: a residential placement and for how long."""

    WEEKS_38_51 = "A", "Residential for 38 to 51 weeks a year"
    WEEKS_52 = "B", "Residential for 52 weeks a year"
