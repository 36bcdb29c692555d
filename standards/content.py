"""Illustrative National Standards content.

DfE has not yet published the National Standards (SEND and AP Improvement Plan, chapter 2). So
that the catalogue can be used, and honestly, this module ships *illustrative* content, written
for this portal from the SEND Code of Practice 2015 (chapter 5 for early years, chapter 6 for
schools, chapter 7 for further education), the Equality Act 2010 and the statutory guidance on
supporting pupils with medical conditions. Every page that shows it says it is illustrative.

:func:`install` loads version 1 (published) and version 2 (in development, with visible changes).
It is idempotent and is run by ``manage.py load_illustrative_standards`` and by the demo.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from send_portal import audit
from send_portal.models import AuditEvent

from .models import SETTING_FIELDS, CatalogueVersion, Setting, Standard, StandardVersion

COP = "https://www.gov.uk/government/publications/send-code-of-practice-0-to-25"
EEF_SEND = (
    "https://educationendowmentfoundation.org.uk/education-evidence/guidance-reports/send",
    "EEF: Special educational needs in mainstream schools (guidance report)",
)
EEF_TAS = (
    "https://educationendowmentfoundation.org.uk/education-evidence/guidance-reports/"
    "teaching-assistants",
    "EEF: Making best use of teaching assistants (guidance report)",
)
MEDICAL = (
    "https://www.gov.uk/government/publications/supporting-pupils-at-school-with-medical-"
    "conditions--3",
    "DfE: Supporting pupils at school with medical conditions",
)
MENTAL_HEALTH = (
    "https://www.gov.uk/government/publications/mental-health-and-behaviour-in-schools--2",
    "DfE: Mental health and behaviour in schools",
)
NELI = ("https://www.teachneli.org/", "Nuffield Early Language Intervention (NELI)")
AET = ("https://www.autismeducationtrust.org.uk/", "Autism Education Trust")
COP_LINK = (COP, "SEND Code of Practice: 0 to 25 years (2015)")

EY, SCHOOL, POST16, AP, HEALTH, CARE = (
    Setting.EARLY_YEARS,
    Setting.SCHOOL,
    Setting.POST_16,
    Setting.ALTERNATIVE_PROVISION,
    Setting.HEALTH,
    Setting.SOCIAL_CARE,
)


def _links(*pairs) -> list[dict]:
    return [{"title": title, "url": url} for url, title in pairs]


#: Version 1: fifteen standards across the four broad areas of need.
VERSION_1: list[dict] = [
    {
        "code": "CI-1",
        "title": "Spotting speech, language and communication needs early",
        "summary": "Nurseries and childminders watch how young children talk, listen and play "
        "with others, and act quickly if a child seems to be finding this hard.",
        "area_of_need": "communication_interaction",
        "tier": "universal",
        "settings": [EY, HEALTH],
        "responsible": "Early years providers, with the health visiting service. The setting's "
        "SENCo leads; the council's early years team advises.",
        "ordinarily_available": "Staff trained to notice language delay; language-rich routines "
        "such as shared reading and narrated play; small-group language sessions; parents told "
        "what they can do at home.",
        "identification": "The progress check at age two, ongoing observation against the Early "
        "Years Foundation Stage, and parents' own concerns, discussed with the family.",
        "budget_source": "early_years",
        "budget_detail": "Early years funding pays for the setting's own support; the SEN "
        "inclusion fund can help with extra support for lower-level needs.",
        "evidence": _links(NELI, COP_LINK),
        "practice_guide": "Planned DfE practice guide on speech, language and communication "
        "(not yet published)",
        "code_of_practice": "Chapter 5 (early years: progress check at age two; SEN support)",
    },
    {
        "code": "CI-2",
        "title": "Communication-friendly classrooms, including for autistic pupils",
        "summary": "Every school and college adapts how it teaches and communicates so that "
        "pupils who find communication or social interaction hard can take part and learn.",
        "area_of_need": "communication_interaction",
        "tier": "universal",
        "settings": [SCHOOL, POST16, AP],
        "responsible": "Headteachers, principals and governing bodies; every teacher in their "
        "own classroom; the SENCo advises colleagues.",
        "ordinarily_available": "Visual timetables and clear routines; instructions given in "
        "short steps; warnings before changes; a quiet space; staff who know the pupil's "
        "communication profile.",
        "identification": "Teachers' observation and assessment of progress, with the pupil and "
        "their parents; the SENCo helps to look for patterns.",
        "budget_source": "setting_core",
        "budget_detail": "Part of high quality teaching, paid for from the setting's core budget.",
        "evidence": _links(AET, EEF_SEND),
        "practice_guide": "Planned DfE practice guide on autism (not yet published)",
        "code_of_practice": "Paragraphs 6.28 to 6.29 (communication and interaction) and 6.37 "
        "(high quality teaching)",
    },
    {
        "code": "CI-3",
        "title": "Targeted help with speech and language at SEN Support",
        "summary": "If a child still needs help after good everyday teaching, the setting plans "
        "extra language support with the family and checks whether it is working.",
        "area_of_need": "communication_interaction",
        "tier": "sen_support",
        "settings": [EY, SCHOOL],
        "responsible": "The setting's SENCo, with the class teacher or key person; the NHS "
        "speech and language therapy service advises and trains staff.",
        "ordinarily_available": "Evidence-based small-group or one-to-one language programmes "
        "delivered by trained staff; advice from a speech and language therapist; termly "
        "reviews with parents.",
        "identification": "The graduated approach: assess, plan, do, review, using language "
        "assessments and, where needed, a referral to speech and language therapy.",
        "budget_source": "setting_core",
        "budget_detail": "The setting's notional SEN budget pays for the programme; the ICB "
        "pays for therapy assessment and advice.",
        "evidence": _links(NELI, EEF_SEND),
        "practice_guide": "Planned DfE practice guide on speech, language and communication "
        "(not yet published)",
        "code_of_practice": "Paragraphs 6.44 to 6.56 (SEN support: the graduated approach); "
        "chapter 5 for early years",
    },
    {
        "code": "CI-4",
        "title": "Specialist speech and language therapy in an EHC plan",
        "summary": "When a child or young person needs speech and language therapy to be "
        "educated, it is written into section F of their EHC plan and the council must make "
        "sure it is provided.",
        "area_of_need": "communication_interaction",
        "tier": "specialist",
        "settings": [SCHOOL, POST16, HEALTH],
        "responsible": "The local authority secures the provision in section F; the ICB "
        "commissions the therapy service; the setting makes time for it.",
        "ordinarily_available": "Therapy specified by type, frequency and who delivers it; "
        "therapist programmes carried out by trained staff between sessions.",
        "identification": "Advice from a speech and language therapist during the EHC needs "
        "assessment, and reviews at every annual review.",
        "budget_source": "health",
        "budget_detail": "Speech and language therapy that educates or trains is special "
        "educational provision; who pays is agreed in the joint commissioning arrangements.",
        "evidence": _links(COP_LINK),
        "practice_guide": "",
        "code_of_practice": "Paragraph 9.69 and section F of the EHC plan (chapter 9)",
    },
    {
        "code": "CL-1",
        "title": "High quality teaching adapted for pupils who learn differently",
        "summary": "Teachers plan lessons so that pupils who learn more slowly or differently "
        "can keep up, before anything extra is needed.",
        "area_of_need": "cognition_learning",
        "tier": "universal",
        "settings": [SCHOOL, POST16, AP],
        "responsible": "Every teacher is responsible for the progress of all pupils in their "
        "class, including those supported by teaching assistants.",
        "ordinarily_available": "Pre-teaching key words; worked examples; checking "
        "understanding often; scaffolds taken away as pupils grow in confidence; teaching "
        "assistants deployed to add to, not replace, the teacher.",
        "identification": "Regular assessment of every pupil's progress, comparing it with their "
        "starting point and with their peers.",
        "budget_source": "setting_core",
        "budget_detail": "",
        "evidence": _links(EEF_SEND, EEF_TAS),
        "practice_guide": "",
        "code_of_practice": "Paragraphs 6.36 to 6.37 (high quality teaching)",
    },
    {
        "code": "CL-2",
        "title": "The graduated approach at SEN Support",
        "summary": "When a pupil has special educational needs, the school agrees with the family "
        "what extra help to give, writes it down and reviews it at least three times a year.",
        "area_of_need": "cognition_learning",
        "tier": "sen_support",
        "settings": [EY, SCHOOL, POST16],
        "responsible": "The SENCo coordinates; the teacher stays responsible for the pupil; the "
        "headteacher or principal makes sure the SENCo has time to do the job.",
        "ordinarily_available": "A written SEN Support plan with outcomes; targeted "
        "interventions; meetings with parents at least three times a year; specialist advice "
        "when progress stays slow.",
        "identification": "Assess, plan, do, review, drawing on teacher assessment, the pupil's "
        "and parents' views and, where needed, specialist assessment.",
        "budget_source": "setting_core",
        "budget_detail": "The notional SEN budget is expected to meet the first costs of SEN "
        "support for each pupil.",
        "evidence": _links(EEF_SEND, COP_LINK),
        "practice_guide": "",
        "code_of_practice": "Paragraphs 6.44 to 6.56 (SEN support); chapter 7 for colleges",
    },
    {
        "code": "CL-3",
        "title": "Support for specific learning difficulties such as dyslexia",
        "summary": "Pupils who find reading, spelling or maths especially hard get structured "
        "teaching and the tools they need, such as extra time or text-to-speech.",
        "area_of_need": "cognition_learning",
        "tier": "sen_support",
        "settings": [SCHOOL, POST16],
        "responsible": "The SENCo and class teachers; the council's specialist teaching service "
        "advises where the school's own support is not working.",
        "ordinarily_available": "Systematic, structured literacy and numeracy interventions; "
        "assistive technology; access arrangements in tests and exams.",
        "identification": "Diagnostic assessment of reading, spelling and number, by trained "
        "staff or a specialist teacher.",
        "budget_source": "setting_core",
        "budget_detail": "",
        "evidence": _links(EEF_SEND),
        "practice_guide": "",
        "code_of_practice": "Paragraphs 6.30 to 6.31 (cognition and learning)",
    },
    {
        "code": "CL-4",
        "title": "Specialist teaching for severe or profound learning difficulties",
        "summary": "Children and young people with severe or profound and multiple learning "
        "difficulties are taught by specialist staff, with health and care support joined up.",
        "area_of_need": "cognition_learning",
        "tier": "specialist",
        "settings": [SCHOOL, POST16, CARE],
        "responsible": "The local authority secures the provision in the EHC plan; the school or "
        "college delivers it; health and social care provide what is in sections G and H.",
        "ordinarily_available": "Small classes with specialist teachers; a sensory and "
        "communication-rich curriculum; personal care; preparation for adulthood from the "
        "earliest years.",
        "identification": "An EHC needs assessment drawing on educational, health and social "
        "care advice.",
        "budget_source": "high_needs",
        "budget_detail": "Place funding plus top-up funding from the council's high needs "
        "budget; care costs from social care.",
        "evidence": _links(COP_LINK),
        "practice_guide": "",
        "code_of_practice": "Chapter 9 (EHC plans) and chapter 8 (preparing for adulthood)",
    },
    {
        "code": "SE-1",
        "title": "A whole-setting approach to wellbeing and relationships",
        "summary": "Every nursery, school and college teaches and models good relationships, "
        "and notices early when a child's behaviour may be a sign of an unmet need.",
        "area_of_need": "semh",
        "tier": "universal",
        "settings": [EY, SCHOOL, POST16, AP],
        "responsible": "Leaders and governors set the approach; every member of staff carries "
        "it out; a senior mental health lead coordinates it in schools.",
        "ordinarily_available": "Predictable routines; a named trusted adult; social and "
        "emotional learning taught explicitly; behaviour policies that make reasonable "
        "adjustments.",
        "identification": "Staff look beyond behaviour to possible causes, talk with the family "
        "and record concerns.",
        "budget_source": "setting_core",
        "budget_detail": "",
        "evidence": _links(MENTAL_HEALTH),
        "practice_guide": "Planned DfE practice guide on social, emotional and mental health "
        "(not yet published)",
        "code_of_practice": "Paragraphs 6.32 to 6.33 (social, emotional and mental health)",
    },
    {
        "code": "SE-2",
        "title": "Targeted support for social, emotional and mental health needs",
        "summary": "Children who are struggling emotionally get extra support in school and, "
        "where needed, quick access to mental health services.",
        "area_of_need": "semh",
        "tier": "sen_support",
        "settings": [SCHOOL, AP, HEALTH],
        "responsible": "The SENCo and senior mental health lead; the ICB commissions children "
        "and young people's mental health services.",
        "ordinarily_available": "Small-group or one-to-one support from trained staff; a plan "
        "agreed with the family; referral routes into mental health services that are known "
        "to every school.",
        "identification": "The graduated approach, with screening tools and advice from "
        "educational psychology or mental health practitioners.",
        "budget_source": "setting_core",
        "budget_detail": "The school's notional SEN budget pays for its support; the NHS pays "
        "for mental health treatment.",
        "evidence": _links(MENTAL_HEALTH, EEF_SEND),
        "practice_guide": "Planned DfE practice guide on social, emotional and mental health "
        "(not yet published)",
        "code_of_practice": "Paragraphs 6.32 to 6.33 and 6.44 to 6.56",
    },
    {
        "code": "SE-3",
        "title": "Alternative provision that keeps a route back",
        "summary": "If a pupil needs time in alternative provision, it has a clear purpose and "
        "a plan for their return to school from the start.",
        "area_of_need": "semh",
        "tier": "sen_support",
        "settings": [AP, SCHOOL],
        "responsible": "The commissioning school or the local authority; the alternative "
        "provision delivers the plan and reports on progress.",
        "ordinarily_available": "A written placement plan with its purpose and time limit; "
        "full-time education; regular reviews with the home school and family; a planned "
        "return.",
        "identification": "A review of the pupil's needs, including any undiagnosed SEN, before "
        "the placement is made.",
        "budget_source": "high_needs",
        "budget_detail": "Funded by the commissioning school or the council's high needs budget.",
        "evidence": _links(COP_LINK),
        "practice_guide": "",
        "code_of_practice": "Chapter 10 (alternative provision)",
    },
    {
        "code": "SP-1",
        "title": "Reasonable adjustments and accessible environments",
        "summary": "Settings make changes so that disabled children can join in, and plan to "
        "make buildings, information and the curriculum more accessible over time.",
        "area_of_need": "sensory_physical",
        "tier": "universal",
        "settings": [EY, SCHOOL, POST16, AP],
        "responsible": "Governing bodies and proprietors under the Equality Act 2010; the local "
        "authority for its own accessibility strategy.",
        "ordinarily_available": "Reasonable adjustments, including auxiliary aids; an "
        "accessibility plan; attention to noise, light and seating; accessible information "
        "for families.",
        "identification": "Asking the child and family what gets in the way, and acting on "
        "advice from specialists.",
        "budget_source": "setting_core",
        "budget_detail": "Adjustments from the setting's budget; larger building changes from "
        "capital funding.",
        "evidence": _links(COP_LINK),
        "practice_guide": "",
        "code_of_practice": "Paragraphs 6.34 to 6.35; Equality Act 2010, schedule 10",
    },
    {
        "code": "SP-2",
        "title": "Support for children with hearing or vision impairment",
        "summary": "Children with hearing or vision impairment get specialist teaching advice, "
        "equipment and adjustments so that they can learn alongside their friends.",
        "area_of_need": "sensory_physical",
        "tier": "sen_support",
        "settings": [EY, SCHOOL, POST16, HEALTH],
        "responsible": "The council's sensory support service (qualified teachers of deaf or "
        "vision-impaired children) with the setting's SENCo; NHS audiology and eye services.",
        "ordinarily_available": "Advice and training from a qualified teacher of the deaf or of "
        "vision-impaired children; radio aids or magnification; modified materials.",
        "identification": "Newborn and childhood screening, NHS diagnosis, and the specialist "
        "teacher's functional assessment.",
        "budget_source": "high_needs",
        "budget_detail": "Sensory support services are usually funded centrally from the high "
        "needs budget.",
        "evidence": _links(COP_LINK),
        "practice_guide": "",
        "code_of_practice": "Paragraphs 6.34 to 6.35 (sensory and/or physical needs)",
    },
    {
        "code": "SP-3",
        "title": "Supporting children with medical conditions and physical disabilities",
        "summary": "Children with medical conditions have an individual healthcare plan where "
        "needed, and staff are trained so that the child can attend and take part fully.",
        "area_of_need": "sensory_physical",
        "tier": "sen_support",
        "settings": [SCHOOL, HEALTH, CARE],
        "responsible": "Governing bodies have a duty to make arrangements (Children and Families "
        "Act 2014, section 100); the NHS provides training and clinical advice.",
        "ordinarily_available": "Individual healthcare plans; trained staff for medicines and "
        "procedures; physiotherapy and occupational therapy programmes carried out in school.",
        "identification": "Information from the family and health professionals when the child "
        "starts, and whenever their condition changes.",
        "budget_source": "health",
        "budget_detail": "The NHS pays for clinical care and staff training; the school for its "
        "own arrangements.",
        "evidence": _links(MEDICAL),
        "practice_guide": "",
        "code_of_practice": "Paragraphs 6.11 to 6.13 (medical conditions)",
    },
    {
        "code": "SP-4",
        "title": "Equipment, therapy and personal care in an EHC plan",
        "summary": "When a child needs specialist equipment, therapy or personal care to be "
        "educated, the EHC plan says exactly what, how often and who provides it.",
        "area_of_need": "sensory_physical",
        "tier": "specialist",
        "settings": [SCHOOL, POST16, HEALTH, CARE],
        "responsible": "The local authority for section F; the ICB for health provision in "
        "section G; social care for section H.",
        "ordinarily_available": "Specified and quantified provision; equipment that moves with "
        "the child between settings; joined-up reviews.",
        "identification": "Health, care and educational advice during the EHC needs assessment.",
        "budget_source": "high_needs",
        "budget_detail": "Education provision from high needs; health provision from the ICB; "
        "care from social care, as agreed in joint commissioning.",
        "evidence": _links(COP_LINK),
        "practice_guide": "",
        "code_of_practice": "Chapter 9 (sections F, G and H of the EHC plan)",
    },
]

#: Version 2 (in development): what changes from version 1.
VERSION_2_CHANGES: dict[str, dict] = {
    "CI-1": {
        "identification": "The progress check at age two, carried out where possible alongside "
        "the health visitor's two-year review, ongoing observation against the Early Years "
        "Foundation Stage, and parents' own concerns, discussed with the family.",
    },
    "CL-2": {
        "summary": "When a pupil has special educational needs, the school agrees with the "
        "family what extra help to give, writes it down, shares it with the family and "
        "reviews it together at least three times a year.",
    },
    "SE-2": {
        "responsible": "The SENCo and senior mental health lead; mental health support teams "
        "where they are in place; the ICB commissions children and young people's mental "
        "health services.",
    },
}
VERSION_2_NEW: list[dict] = [
    {
        "code": "SE-4",
        "title": "Support for pupils at risk of exclusion",
        "summary": "Before a school considers excluding a pupil, it checks whether unmet "
        "special educational needs lie behind the behaviour and puts extra support in place.",
        "area_of_need": "semh",
        "tier": "sen_support",
        "settings": [SCHOOL, AP],
        "responsible": "Headteachers and governing bodies; the local authority's inclusion and "
        "alternative provision services.",
        "ordinarily_available": "A review of needs with the SENCo and family; a support plan; "
        "targeted support from alternative provision in the pupil's own school where it helps.",
        "identification": "Patterns of behaviour incidents, suspensions and attendance, "
        "reviewed with the SENCo.",
        "budget_source": "setting_core",
        "budget_detail": "The school's budget, with outreach from alternative provision funded "
        "by the council's high needs budget.",
        "evidence": _links(MENTAL_HEALTH, COP_LINK),
        "practice_guide": "",
        "code_of_practice": "Paragraphs 6.32 to 6.33; chapter 10 (alternative provision)",
    },
]
VERSION_2_SUMMARY = (
    "Illustrative draft: adds a standard on support for pupils at risk of exclusion (SE-4), "
    "joins the progress check at age two to the health visitor's review (CI-1), names mental "
    "health support teams (SE-2) and asks schools to share SEN Support plans (CL-2)."
)


def _entry(version: CatalogueVersion, item: dict) -> StandardVersion:
    standard, _ = Standard.objects.get_or_create(code=item["code"])
    values = {key: value for key, value in item.items() if key not in {"code", "settings"}}
    for setting, field in SETTING_FIELDS.items():
        values[field] = setting in item["settings"]
    return StandardVersion(catalogue_version=version, standard=standard, **values)


@transaction.atomic
def install(*, actor=None) -> tuple[CatalogueVersion, CatalogueVersion | None]:
    """Load illustrative version 1 (published) and version 2 (in development) if missing.

    Existing versions are never changed: a catalogue that already has a version 1 keeps it, and
    version 2 is only added while it is missing and version 1 is the illustrative one.
    """
    first = CatalogueVersion.objects.filter(number=1).first()
    if first is None:
        first = CatalogueVersion.objects.create(
            number=1, status=CatalogueVersion.Status.IN_DEVELOPMENT, is_illustrative=True
        )
        StandardVersion.objects.bulk_create([_entry(first, item) for item in VERSION_1])
        first.status = CatalogueVersion.Status.PUBLISHED
        first.published_at = timezone.now()
        first.summary_of_changes = "First illustrative version."
        first.save(update_fields=["status", "published_at", "summary_of_changes"])
        audit.record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            summary="Loaded illustrative National Standards version 1",
            obj=first,
        )
    second = CatalogueVersion.objects.filter(number=2).first()
    if second is None and first.is_illustrative:
        second = CatalogueVersion.objects.create(
            number=2,
            status=CatalogueVersion.Status.IN_DEVELOPMENT,
            is_illustrative=True,
            based_on=first,
            summary_of_changes=VERSION_2_SUMMARY,
        )
        items = []
        for item in VERSION_1:
            items.append({**item, **VERSION_2_CHANGES.get(item["code"], {})})
        items.extend(VERSION_2_NEW)
        StandardVersion.objects.bulk_create([_entry(second, item) for item in items])
        audit.record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            summary="Loaded illustrative National Standards version 2 (in development)",
            obj=second,
        )
    return first, second
