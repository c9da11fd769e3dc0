"""Common English short forms of given names, mapped to one canonical form.

Linkage compares the canonical forms as well as the names as written, so "Becky" and
"Rebecca" agree at a "same name, different form" level. A short form shared by two names
("Sam" for Samuel and Samantha, "Alex" for Alexander and Alexandra) maps to the short form
itself: the comparison then relies on sex and the other fields, and never guesses.
"""

from __future__ import annotations

_FORMS = {
    "abigail": "abbie abby abi gail",
    "alexander": "xander sandy",
    "alfred": "alfie alf",
    "andrew": "andy drew",
    "anthony": "tony ant",
    "archibald": "archie",
    "benjamin": "ben benny benji",
    "bethany": "beth",
    "catherine": "cathy kate katie cath kath katherine kathryn",
    "charles": "charlie chas chuck",
    "charlotte": "lottie",
    "christopher": "chris kit",
    "daniel": "danny",
    "danielle": "dani",
    "david": "dave davey",
    "deborah": "debbie debs",
    "edward": "eddie ted teddy",
    "eleanor": "ellie nell nora",
    "elizabeth": "liz lizzie lizzy beth betty libby eliza bess",
    "frederick": "freddie freddy fred",
    "gabriel": "gabe",
    "harold": "harry hal",
    "henry": "hank",
    "isabella": "bella izzy isabel isobel",
    "jacob": "jake",
    "james": "jamie jim jimmy",
    "jennifer": "jenny jen",
    "jessica": "jess jessie",
    "jonathan": "jon jonny johnny",
    "joseph": "joe joey",
    "joshua": "josh",
    "kimberley": "kim kimberly",
    "lawrence": "larry laurie",
    "margaret": "maggie meg peggy",
    "matthew": "matt matty",
    "michael": "mike mikey mick",
    "nathaniel": "nate nathan",
    "nicholas": "nick nicky",
    "oliver": "ollie olly",
    "patricia": "pat patsy trish",
    "rebecca": "becky becca bex",
    "richard": "rich richie dick",
    "robert": "rob bob bobby robbie bert",
    "ronald": "ron ronnie",
    "stephen": "steve stevie steven",
    "susan": "sue susie",
    "theodore": "theo",
    "thomas": "tom tommy",
    "timothy": "tim timmy",
    "victoria": "vicky vicki tori",
    "william": "will bill billy",
    "zachary": "zach zak",
}

NICKNAMES: dict[str, str] = {}
for canonical, forms in _FORMS.items():
    for form in forms.split():
        NICKNAMES[form] = canonical
# Ambiguous short forms stay as written (see the module docstring).
for ambiguous in ("sam", "sammy", "alex", "lexi", "jo", "chris", "charlie", "fran", "freddie"):
    NICKNAMES.pop(ambiguous, None)
