"""The statutory rights notice shown with every tailored list and on every list letter.

A tailored list is advice. In the areas testing lists "there will be no change to the existing
statutory framework and parents and young people's existing rights will be unaffected" (SEND and
AP Improvement Plan, chapter 2 paragraph 66). The commentaries warn that families may think their
choices are limited to the list (digest 2.7): this notice says plainly that they are not. It cannot
be hidden or dismissed.
"""

from __future__ import annotations

TITLE = "Your rights are not changed by this list"

PARAGRAPHS = (
    "This list is advice from the council to help you choose. It does not limit your choice.",
    "You can still ask for any school or college the law allows to be named in the EHC plan, "
    "including one that is not on this list (Children and Families Act 2014 section 38). The "
    "council must consult the school or college you ask for and must name it unless the law "
    "gives a reason not to (section 39). If it refuses, it must tell you the legal reason.",
    "You can ask for a mainstream school or college, even if your child or young person could "
    "go to a special school (section 33).",
    "If you appeal, the SEND Tribunal can name a school or college that is not on this list.",
    "Free, independent advice: your local SEND Information, Advice and Support Service "
    "(SENDIASS) can help you choose and explain your rights.",
)

SENDIASS_DIRECTORY = (
    "https://councilfordisabledchildren.org.uk/information-advice-and-support-services-network"
)
IPSEA = "https://www.ipsea.org.uk"


def notice(sendiass=None) -> dict:
    """The notice as data (also frozen into each letter's context)."""
    local = None
    if sendiass is not None:
        local = {
            "name": sendiass.name,
            "telephone": sendiass.telephone,
            "email": sendiass.email,
            "website": sendiass.website,
        }
    return {
        "title": TITLE,
        "paragraphs": list(PARAGRAPHS),
        "sendiass": local,
        "sendiass_directory": SENDIASS_DIRECTORY,
        "ipsea": IPSEA,
    }
