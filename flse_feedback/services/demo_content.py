"""Made-up but realistic demo records and free-text answers, written for this product.

None of this is real feedback; it shows a newcomer what the review area and exports look like.
"""

SITES = [
    {"name": "Jobcentre Plus, Brighton", "service_type": "Jobcentre", "area": "Brighton"},
    {"name": "Seaside Medical Centre", "service_type": "GP surgery", "area": "Hove"},
    {"name": "Housing Options, City Council", "service_type": "Housing office",
     "area": "Brighton"},
]

SCENARIOS = [
    {"title": "Sam: sofa surfing, no photo ID", "character_name": "Sam", "age_band": "25-34",
     "gender_presented": "Male", "housing_status": "Sofa surfing",
     "needs": "Homelessness; anxiety", "barriers": "No photo ID; no phone credit",
     "presenting_reason": "Wants to make a claim and has nowhere settled to stay.",
     "key_lines": "I've been staying at a mate's but he wants me out by Friday.",
     "will_not_discuss": "Own family history.",
     "exit_line": "I need to go and pick something up, I'll come back later.",
     "expected_response": "Seen by staff (not security), offered a private space, helped "
                          "without ID, told what happens next and by when.",
     "statutory_processes": "None expected.", "agreed_with_management": True,
     "codesigned": True},
    {"title": "Jo: leaving an abusive relationship", "character_name": "Jo",
     "age_band": "35-44", "gender_presented": "Female", "housing_status": "At risk",
     "needs": "Domestic abuse; alcohol use", "barriers": "No fixed address",
     "presenting_reason": "Has left a partner and needs somewhere safe to stay.",
     "key_lines": "I can't go back there. I don't know where else to go.",
     "will_not_discuss": "Details of the abuse.",
     "exit_line": "My friend is waiting outside for me, I have to go.",
     "expected_response": "Spoken to in private, not asked to retell the story, referred to "
                          "a domestic abuse service with clear next steps.",
     "statutory_processes": "A risk assessment could be started; agreed with management.",
     "agreed_with_management": True, "codesigned": True},
]

TRAINING_SESSION = {
    "slug": "demo", "title": "Trauma-informed practice and multiple complex needs",
    "course": "BA Social Work, year 2",
    "facilitators": "A lived-experience trainer and a social work lecturer",
    "lived_experience_codelivery": True, "mode": "in_person",
}

# Free-text answers by question key; a response picks one of each at random.
FREE_TEXT = {
    "first_impression_comments": [
        "Grey building with bars on the windows, it felt like going into a police station.",
        "Clean and modern outside, easy to see the entrance.",
        "There was a long queue outside in the rain and no shelter.",
    ],
    "security_uneasy": [
        "Three cameras pointing at the door and a guard who asked what I wanted before I got in.",
        "The security guard was friendly and showed me where to go.",
        "Big signs about aggressive behaviour everywhere, it made me feel judged before I started.",
    ],
    "jargon_words": ["claimant commitment, UC journal", "triage, priority need", "none"],
    "stigma_details": [
        "She said 'people like you usually' and stopped, but I knew what she meant.",
        "No, they were respectful the whole time.",
    ],
    "signposted_services": ["Local day centre and the food bank", "Citizens Advice",
                            "A domestic abuse helpline"],
    "works_without_phone_id_comments": [
        "Everything was online only. Without a phone I would have been stuck.",
        "They took my details on paper when I said I had no ID, which was good.",
    ],
    "best_thing": [
        "The woman at reception listened and took time to explain what would happen next.",
        "I was seen quickly and the adviser was kind and patient.",
        "They offered me a private room straight away.",
        "Nothing really, I was sent away.",
    ],
    "one_change": [
        "Let people talk somewhere private instead of at the desk where everyone can hear.",
        "Security should not be the first person you meet.",
        "Give people something in writing about what happens next.",
        "Stop asking for photo ID before anyone will even talk to you.",
    ],
    "anything_else": [
        "I waited over an hour and nobody told me how long it would be.",
        "The toilet was locked and I had to ask for a key, which was embarrassing.",
        "Overall a better experience than I expected.",
    ],
    "approach_improve": ["A clearer sign with the name of the service from the street.",
                         "Better lighting by the side entrance, it is dark and feels unsafe."],
    "entrance_improve": ["Move the security desk away from the door so staff greet people first.",
                         "Take down the signs about zero tolerance, they feel hostile."],
    "reception_improve": ["A screen or a second desk so conversations can't be overheard.",
                          "Lower the counter so it doesn't feel like a barrier."],
    "waiting_improve": ["Soft seating, some plants and art, and water for people waiting.",
                        "It is very noisy with the TV on loud. Turn it off or down."],
    "corridors_improve": ["Signs with pictures as well as words would help people find rooms."],
    "interview_rooms_improve": ["Chairs side by side rather than across a desk.",
                                "The room has no window and feels like a cell."],
    "toilets_improve": ["Keep the toilet unlocked; asking for a key is humiliating.",
                        "The lock on the door was broken."],
    "communal_improve": ["A women-only space would make a big difference."],
    "outside_improve": ["Somewhere sheltered to sit outside."],
    "top_changes": [
        "Private space at reception; staff not security at the door; unlocked toilets.",
        "Art on the walls, softer seating, and clearer signs.",
    ],
    "keep": ["The friendly reception staff and the quiet room.",
             "The water machine and the clear signs to the toilets."],
    "who_will_act": ["Site manager", "Facilities team with the working group"],
    "do_differently": [
        "Ask what happened to someone rather than what is wrong with them.",
        "Think about the words I use in case notes and avoid labels.",
        "Take more time to explain what will happen before an assessment.",
    ],
    "barriers": ["Caseloads are huge and there is never enough time.",
                 "Other agencies don't share information."],
    "support_needed": ["Supervision that actually happens.", "More training like this."],
    "recommend_reason": [
        "Hearing from someone with lived experience was powerful and eye-opening.",
        "Really useful and relevant to my placement.",
        "Good content but it was too long and a bit rushed at the end.",
    ],
    "most_useful": [
        "The talk about addiction and prison was eye-opening.",
        "The case studies and the group discussion.",
        "Learning about trauma-informed practice from people who have been through services.",
    ],
    "could_improve": [
        "Nothing, it was great.",
        "More breaks, it was a long afternoon.",
        "The slides were hard to read from the back.",
    ],
    "other_training": ["Working with dual diagnosis.", "Domestic abuse and coercive control."],
    "other_comments": ["Thank you for sharing your story.", "N/A"],
}
