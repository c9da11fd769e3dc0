"""The starter risk tool shipped with Triangulate, written in the project's own words.

Its structure follows the published shape of UK exploitation screening tools: things that
make a child more vulnerable, signs that someone may be exploiting the child, and signs that
harm is already happening, kept in separate sections. It is only the first version: the
partnership edits it (as a new version) on the tools page, and every assessment keeps the
version it was completed with.
"""

STARTER_TOOL_SLUG = "exploitation-screening"
STARTER_TOOL_NAME = "Exploitation risk screening"

STARTER_DEFINITION = {
    "levels": [
        {"code": "none", "label": "No apparent risk", "review_days": 90},
        {"code": "low", "label": "Low risk", "review_days": 90},
        {"code": "medium", "label": "Medium risk", "review_days": 56},
        {"code": "high", "label": "High risk", "review_days": 28},
    ],
    "sections": [
        {
            "code": "vulnerabilities",
            "title": "Things that make the child more vulnerable",
            "hint": "Circumstances, not choices. They raise concern only alongside other signs.",
            "indicators": [
                {
                    "code": "learning_disability",
                    "text": "Has a learning disability or difficulty",
                    "weight": 1,
                    "recency_days": None,
                    "evidence": ["register.flag.sen"],
                },
                {
                    "code": "looked_after",
                    "text": "Is looked after, or has moved home or placement recently",
                    "weight": 1,
                    "recency_days": None,
                    "evidence": ["register.flag.looked_after", "register.flag.placed_out_of_area"],
                },
                {
                    "code": "family_strain",
                    "text": "Relationships at home are under strain or have broken down",
                    "weight": 1,
                    "recency_days": None,
                },
                {
                    "code": "out_of_education",
                    "text": "Is out of education, excluded or on a reduced timetable",
                    "weight": 1,
                    "recency_days": None,
                    "evidence": ["register.flag.missing_education", "contact.indicator.school"],
                },
                {
                    "code": "substances",
                    "text": "Is using alcohol or drugs",
                    "weight": 1,
                    "recency_days": None,
                    "evidence": ["contact.indicator.substances"],
                },
                {
                    "code": "earlier_abuse",
                    "text": "Has experienced abuse or neglect before",
                    "weight": 1,
                    "recency_days": None,
                },
                {
                    "code": "emotional_health",
                    "text": "Has emotional or mental health needs",
                    "weight": 1,
                    "recency_days": None,
                },
                {
                    "code": "few_trusted_adults",
                    "text": "Has few trusted adults or friends to turn to",
                    "weight": 1,
                    "recency_days": None,
                },
            ],
        },
        {
            "code": "risk_indicators",
            "title": "Signs that someone may be exploiting the child",
            "hint": "Count a sign as current if it was seen within its recency window.",
            "indicators": [
                {
                    "code": "missing",
                    "text": "Has been missing or away from home or placement",
                    "weight": 2,
                    "recency_days": 180,
                    "evidence": [
                        "missing.episode",
                        "register.flag.previously_missing",
                        "contact.indicator.missing",
                    ],
                },
                {
                    "code": "adults_of_concern",
                    "text": "Is in contact with older adults of concern or adults unknown to their carers",
                    "weight": 2,
                    "recency_days": 180,
                    "evidence": ["contact.indicator.older_adults"],
                },
                {
                    "code": "unexplained_items",
                    "text": "Has money, phones, clothes or gifts nobody can explain",
                    "weight": 2,
                    "recency_days": 180,
                    "evidence": ["contact.indicator.gifts"],
                },
                {
                    "code": "unknown_contacts",
                    "text": "Is contacted online or by phone by people unknown to their carers",
                    "weight": 2,
                    "recency_days": 180,
                    "evidence": ["contact.indicator.online"],
                },
                {
                    "code": "unknown_transport",
                    "text": "Is collected or dropped off by unknown adults or vehicles",
                    "weight": 2,
                    "recency_days": 180,
                    "evidence": ["contact.indicator.cars"],
                },
                {
                    "code": "places_of_concern",
                    "text": "Is seen at places linked to exploitation",
                    "weight": 2,
                    "recency_days": 180,
                },
                {
                    "code": "sexual_health",
                    "text": "Has had repeated sexual health contact, an infection or a pregnancy",
                    "weight": 2,
                    "recency_days": 365,
                    "evidence": ["contact.indicator.sexual_health"],
                },
                {
                    "code": "several_phones",
                    "text": "Has more than one phone or changes number often",
                    "weight": 1,
                    "recency_days": 180,
                },
                {
                    "code": "peers_exploited",
                    "text": "Is close to other children known to be exploited",
                    "weight": 2,
                    "recency_days": 180,
                },
                {
                    "code": "carrying_for_others",
                    "text": "Has been found carrying drugs, cash or weapons for someone else",
                    "weight": 3,
                    "recency_days": 180,
                    "evidence": ["contact.indicator.carrying"],
                },
            ],
        },
        {
            "code": "harm",
            "title": "Signs that harm is already happening",
            "hint": "Any current sign here means the child is being harmed now.",
            "indicators": [
                {
                    "code": "sexual_abuse",
                    "text": "Has told someone of, or been seen experiencing, sexual abuse by an adult of concern",
                    "weight": 6,
                    "recency_days": 365,
                },
                {
                    "code": "criminal_exploitation",
                    "text": "Is being made to sell, carry or hold drugs or money",
                    "weight": 6,
                    "recency_days": 365,
                },
                {
                    "code": "moved_for_exploitation",
                    "text": "Has been taken from place to place to be exploited",
                    "weight": 6,
                    "recency_days": 365,
                },
                {
                    "code": "controlled_by_debt",
                    "text": "Is being controlled by a debt, threats or violence",
                    "weight": 6,
                    "recency_days": 365,
                },
                {
                    "code": "images_used",
                    "text": "Images of the child are being shared or used to control them",
                    "weight": 6,
                    "recency_days": 365,
                },
            ],
        },
    ],
    "bands": [
        {"min_score": 0, "level": "none"},
        {"min_score": 1, "level": "low"},
        {"min_score": 7, "level": "medium"},
        {"min_score": 15, "level": "high"},
    ],
    "floors": [
        {
            "label": "A child under 13 showing signs of exploitation cannot be rated below medium",
            "minimum": "medium",
            "applies_if_any": [{"age_under": 13}],
            "and_any_current_in": ["risk_indicators", "harm"],
        },
        {
            "label": "A child with a learning disability showing signs of exploitation cannot be rated below medium",
            "minimum": "medium",
            "applies_if_any": [{"indicator_present": "learning_disability"}],
            "and_any_current_in": ["risk_indicators", "harm"],
        },
        {
            "label": "A child with current signs of harm cannot be rated below high",
            "minimum": "high",
            "applies_if_any": [{"always": True}],
            "and_any_current_in": ["harm"],
        },
    ],
}
