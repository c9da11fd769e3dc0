"""Fictional names and places for the synthetic borough of Kingsmere.

Kingsmere and its places are invented. Postcodes use the made-up area "KM", which passes
the UK postcode pattern but belongs to no real place.
"""

GIVEN_NAMES_F = [
    "Amelia", "Olivia", "Isla", "Ava", "Mia", "Ivy", "Lily", "Isabella", "Rosie", "Sophia",
    "Grace", "Freya", "Evie", "Poppy", "Ella", "Emily", "Chloe", "Jessica", "Megan", "Hannah",
    "Aisha", "Zara", "Maryam", "Amira", "Leah", "Kayla", "Chantelle", "Jade", "Courtney",
    "Katie", "Caitlin", "Bethany", "Niamh", "Siobhan", "Priya", "Anika", "Tia", "Shannon",
    "Abigail", "Summer", "Lacey", "Paige", "Nadia", "Hollie", "Ruby", "Maisie", "Elizabeth",
    "Rebecca", "Samantha", "Victoria", "Jennifer", "Alexandra", "Danielle", "Kimberley",
]
GIVEN_NAMES_M = [
    "Oliver", "George", "Noah", "Arthur", "Leo", "Harry", "Oscar", "Jack", "Charlie", "Jacob",
    "Thomas", "Alfie", "Freddie", "Mohammed", "Archie", "Joshua", "Tyler", "Kai", "Jayden",
    "Callum", "Liam", "Connor", "Ryan", "Kyle", "Reece", "Declan", "Aaron", "Luke", "Dylan",
    "Ethan", "Harvey", "Mason", "Riley", "Bailey", "Kieran", "Ibrahim", "Yusuf", "Ravi",
    "Daniel", "Matthew", "William", "James", "Robert", "Michael", "Christopher", "Benjamin",
    "Samuel", "Alexander", "Nathaniel", "Anthony", "Jonathan", "Edward", "Frederick",
]
FAMILY_NAMES = [
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson",
    "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood",
    "Jackson", "Clarke", "Patel", "Khan", "Hussain", "Ali", "Begum", "Shah", "Ahmed", "Lewis",
    "Harrison", "Baker", "Turner", "Hill", "Cooper", "Ward", "Morris", "King", "Moore", "Clark",
    "Lee", "Martin", "Hughes", "Edwards", "Collins", "Stewart", "Murphy", "Kelly", "Bennett",
    "Griffiths", "Marshall", "Palmer", "Holmes", "Mills", "Barker", "Fletcher", "Nowak",
    "Kowalski", "Okafor", "Mensah", "Adeyemi", "Osei", "Campbell", "Reid", "Fraser", "Doyle",
    "Gallagher", "Byrne", "Quinn", "Sutton", "Whitfield", "Ashworth", "Pemberton", "Hargreaves",
]
# Common short forms: linkage and search learn that "Becky" may be "Rebecca".
NICKNAMES = {
    "Elizabeth": ["Lizzie", "Beth", "Libby"], "Rebecca": ["Becky", "Becca"],
    "Samantha": ["Sam", "Sammy"], "Victoria": ["Vicky", "Tori"], "Jennifer": ["Jenny", "Jen"],
    "Alexandra": ["Alex", "Lexi"], "Danielle": ["Dani"], "Kimberley": ["Kim"],
    "Abigail": ["Abbie", "Abi"], "Jessica": ["Jess"], "Isabella": ["Bella", "Izzy"],
    "Daniel": ["Danny", "Dan"], "Matthew": ["Matt"], "William": ["Will", "Billy"],
    "James": ["Jamie", "Jim"], "Robert": ["Rob", "Bobby"], "Michael": ["Mike", "Mikey"],
    "Christopher": ["Chris"], "Benjamin": ["Ben"], "Samuel": ["Sam", "Sammy"],
    "Alexander": ["Alex", "Xander"], "Nathaniel": ["Nate", "Nathan"], "Anthony": ["Tony", "Ant"],
    "Jonathan": ["Jon", "Jonny"], "Edward": ["Ed", "Eddie"], "Frederick": ["Freddie", "Fred"],
    "Thomas": ["Tom", "Tommy"], "Joshua": ["Josh"], "Oliver": ["Ollie"], "Charlie": ["Chaz"],
}
STREETS = [
    "Mill Lane", "Church Street", "Station Road", "Victoria Road", "Canal Side", "Albion Street",
    "Forge Close", "Heron Way", "Larch Grove", "Marsh Road", "Orchard Rise", "Quarry Hill",
    "Ropewalk", "Saxon Drive", "Tannery Row", "Weir Street", "Willow Court", "Foundry Lane",
    "Kestrel Avenue", "Beacon Road", "Chapel Walk", "Ferry Lane", "Granary Yard", "Hollins Way",
]
TOWNS = ["Kingsmere", "Ashby Vale", "Northwick", "Eastbrook", "Moorcliffe", "Thornleigh"]
SCHOOLS = [
    "Kingsmere Academy", "Ashby Vale High School", "Northwick Community College",
    "St Aidan's Primary School", "Eastbrook Primary School", "Moorcliffe Learning Centre",
    "Thornleigh Church of England Primary School", "Heron Way Pupil Referral Unit",
]
