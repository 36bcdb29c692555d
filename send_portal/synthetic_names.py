"""Realistic, made-up names for synthetic children (demo cohorts, benchmarks): deterministic, from
fixed lists, no network and no random state, so the same demo always has the same children.

The lists mix names common among children in England across backgrounds (first names from the
kinds of names on recent ONS baby-name lists, surnames from the commonest surnames in England and
Wales). A name is a pair picked by position, spread so that neighbours do not share a surname.
"""

from __future__ import annotations

FIRST_NAMES = (
    "Olivia",
    "Noah",
    "Amelia",
    "Muhammad",
    "Isla",
    "Oliver",
    "Ava",
    "George",
    "Ivy",
    "Leo",
    "Freya",
    "Arthur",
    "Lily",
    "Oscar",
    "Florence",
    "Harry",
    "Mia",
    "Jack",
    "Willow",
    "Charlie",
    "Rosie",
    "Theo",
    "Sophia",
    "Henry",
    "Isabella",
    "Alfie",
    "Grace",
    "Jacob",
    "Daisy",
    "Finley",
    "Aisha",
    "Yusuf",
    "Maryam",
    "Ibrahim",
    "Zara",
    "Ayaan",
    "Hannah",
    "Kai",
    "Priya",
    "Arjun",
    "Chloe",
    "Reuben",
    "Ella",
    "Tomasz",
    "Zofia",
    "Kacper",
    "Amara",
    "Kofi",
    "Esme",
    "Rory",
    "Poppy",
    "Archie",
    "Evie",
    "Joshua",
    "Ruby",
    "Samuel",
    "Matilda",
    "Elijah",
    "Layla",
    "Ethan",
    "Sienna",
    "Logan",
    "Erin",
    "Mason",
    "Harper",
    "Lucas",
    "Phoebe",
    "Dylan",
    "Maisie",
    "Aaron",
    "Imogen",
    "Reggie",
    "Nia",
    "Tyler",
    "Bethany",
    "Callum",
    "Jasmine",
    "Hamza",
    "Fatima",
    "Omar",
    "Niamh",
    "Connor",
    "Eliza",
    "Toby",
    "Scarlett",
    "Max",
    "Anaya",
    "Rohan",
    "Mila",
    "Elliot",
)

LAST_NAMES = (
    "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas",
    "Johnson", "Roberts", "Robinson", "Thompson", "Wright", "Walker", "White", "Edwards",
    "Hughes", "Green", "Hall", "Lewis", "Harris", "Clarke", "Patel", "Jackson", "Wood", "Turner",
    "Martin", "Cooper", "Hill", "Ward", "Morris", "Moore", "Clark", "Lee", "King", "Baker",
    "Harrison", "Morgan", "Allen", "James", "Scott", "Phillips", "Watson", "Davis", "Parker",
    "Price", "Bennett", "Young", "Griffiths", "Mitchell", "Kelly", "Cook", "Carter", "Richardson",
    "Bailey", "Collins", "Bell", "Shaw", "Murphy", "Miller", "Cox", "Richards", "Khan", "Marshall",
    "Anderson", "Simpson", "Ellis", "Adams", "Singh", "Begum", "Ali", "Hussain", "Ahmed", "Okafor",
    "Mensah", "Nowak", "Kowalski", "Osei", "Rahman", "Chen", "Nguyen", "Sharma", "Gordon", "Reid",
    "Fraser", "Mason", "Fox", "Hunt",
)  # fmt: skip


def synthetic_name(index: int, *, seed: int = 0) -> tuple[str, str]:
    """The ``index``-th synthetic child's (first name, last name). The same index and seed give
    the same name; consecutive indexes differ in both names. The lists' lengths (90 and 89) have
    no common factor, so pairs repeat only every 8,010 children."""
    first = FIRST_NAMES[(index * 7 + seed) % len(FIRST_NAMES)]
    last = LAST_NAMES[(index * 11 + seed * 3) % len(LAST_NAMES)]
    return first, last
