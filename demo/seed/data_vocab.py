"""Bilingual vocabulary of the demo world: (English, Hebrew) pairs and templates.

Templates take ``{d}`` (the Diaspora side), ``{i}`` (the Israeli side), ``{c}`` (a community),
``{fy}`` (a fiscal year), ``{program}`` and ``{n}``; Hebrew templates take the Hebrew values.
"""

SKILLS = (
    ("teaching", "Teaching", "הוראה"), ("tutoring", "Tutoring", "חונכות"), ("events", "Event production", "הפקת אירועים"),
    ("photography", "Photography", "צילום"), ("translation", "Translation", "תרגום"),
    ("graphic-design", "Graphic design", "עיצוב גרפי"), ("fundraising", "Fundraising", "גיוס משאבים"),
    ("social-media", "Social media", "רשתות חברתיות"), ("music", "Music", "מוזיקה"),
    ("sports-coaching", "Sports coaching", "אימון ספורט"), ("first-aid", "First aid", "עזרה ראשונה"),
    ("elder-care", "Accompanying older adults", "ליווי אזרחים ותיקים"), ("cooking", "Cooking", "בישול"),
    ("it-support", "IT support", "תמיכה טכנית"), ("driving", "Driving", "נהיגה והסעות"),
    ("facilitation", "Group facilitation", "הנחיית קבוצות"), ("gardening", "Gardening", "גינון"),
)

LANGUAGES = (
    ("he", "Hebrew", "עברית"), ("en", "English", "אנגלית"), ("ru", "Russian", "רוסית"), ("ar", "Arabic", "ערבית"),
    ("es", "Spanish", "ספרדית"), ("fr", "French", "צרפתית"), ("am", "Amharic", "אמהרית"), ("de", "German", "גרמנית"),
    ("pt", "Portuguese", "פורטוגזית"), ("hu", "Hungarian", "הונגרית"), ("yi", "Yiddish", "יידיש"),
)

MONTHS_HE = ("ינואר", "פברואר", "מרץ", "אפריל", "מאי", "יוני", "יולי", "אוגוסט", "ספטמבר", "אוקטובר", "נובמבר", "דצמבר")
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December")

STEERING_MANDATE = (
    "Sets the partnership's priorities, approves the annual budget and oversees its Living Bridge programs.",
    "קובעת את סדרי העדיפויות של השותפות, מאשרת את התקציב השנתי ומפקחת על תוכניות הגשר החי.",
)

# (en, he, mandate_en, mandate_he)
SUBCOMMITTEES = (
    ("Education", "חינוך", "School twinning, educators' exchanges and joint learning.",
     "תאומות בתי ספר, חילופי מחנכים ולמידה משותפת."),
    ("Young Leadership", "מנהיגות צעירה", "Teen and young-adult leadership programs on both sides.",
     "תוכניות מנהיגות לבני נוער ולצעירים בשני הצדדים."),
    ("Budget and Allocations", "תקציב והקצאות", "Prepares the annual budget proposal and follows spending.",
     "מכינה את הצעת התקציב השנתית ועוקבת אחר הביצוע."),
    ("Culture and Arts", "תרבות ואמנות", "Joint cultural events, artists' exchanges and festivals.",
     "אירועי תרבות משותפים, חילופי אמנים ופסטיבלים."),
    ("Missions and Encounters", "משלחות ומפגשים", "Plans missions, host families and encounters.",
     "מתכננת משלחות, משפחות מארחות ומפגשים."),
    ("Volunteering", "התנדבות", "Recruits, trains and keeps volunteers on both sides.",
     "מגייסת, מכשירה ומשמרת מתנדבים בשני הצדדים."),
)

# (program_type, category, en, he); the first two of each partnership are its anchors.
PROGRAM_ANCHORS = (
    ("other", "regional", "Regional development fund", "הקרן לפיתוח אזורי"),
    ("school_twinning", "personal", "School twinning {d}–{i}", "תאומות בתי ספר {d}–{i}"),
)
PROGRAMS = (
    ("school_twinning", "personal", "Pen pals: letters between classrooms", "חברים לעט: מכתבים בין כיתות"),
    ("school_twinning", "personal", "Twinned kindergartens", "גני ילדים תאומים"),
    ("professional_exchange", "personal", "Educators' exchange", "חילופי מחנכים"),
    ("professional_exchange", "personal", "Medical professionals' exchange", "חילופי אנשי רפואה"),
    ("professional_exchange", "regional", "Municipal leadership exchange", "חילופי הנהגה מוניציפלית"),
    ("professional_exchange", "regional", "Social workers' exchange", "חילופי עובדים סוציאליים"),
    ("mission", "personal", "Community mission to {i}", "משלחת הקהילה ל{i}"),
    ("mission", "personal", "Young families' mission", "משלחת משפחות צעירות"),
    ("mission", "personal", "Women's leadership mission", "משלחת מנהיגות נשים"),
    ("young_leadership", "personal", "Young leadership cohort", "מחזור מנהיגות צעירה"),
    ("young_leadership", "personal", "Teen leadership exchange", "חילופי מנהיגות בני נוער"),
    ("young_leadership", "personal", "Shinshinim: a service year in {d}", "שינשינים: שנת שירות ב{d}"),
    ("culture_arts", "personal", "Artists' residency", "רזידנסי לאמנים"),
    ("culture_arts", "personal", "Joint choir", "מקהלה משותפת"),
    ("culture_arts", "personal", "Israeli film festival in {d}", "פסטיבל הקולנוע הישראלי ב{d}"),
    ("volunteering", "personal", "Summer volunteers in {i}", "מתנדבי קיץ ב{i}"),
    ("volunteering", "regional", "Volunteers for youth at risk", "מתנדבים לנוער בסיכון"),
    ("volunteering", "regional", "Volunteers for older adults", "מתנדבים למען אזרחים ותיקים"),
    ("other", "regional", "Absorption of new immigrants", "קליטת עולים חדשים"),
    ("other", "regional", "Employment and small business support", "תמיכה בתעסוקה ובעסקים קטנים"),
    ("other", "regional", "Community centre renovation", "שיפוץ המרכז הקהילתי"),
    ("other", "regional", "Early childhood centres", "מרכזים לגיל הרך"),
    ("other", "regional", "Enrichment for schools in the periphery", "העשרה לבתי ספר בפריפריה"),
    ("other", "personal", "Jewish peoplehood seminars", "סמינרים לעמיות יהודית"),
)

PROGRAM_DESCRIPTIONS = {
    "school_twinning": ("Classes in {d} and {i} learn together, meet online and visit each other.",
                        "כיתות ב{d} וב{i} לומדות יחד, נפגשות ברשת ומבקרות זו את זו."),
    "professional_exchange": ("Professionals from {d} and {i} share practice in study visits and seminars.",
                              "אנשי מקצוע מ{d} ומ{i} חולקים ידע בסיורים לימודיים ובסמינרים."),
    "mission": ("Members of the {d} community come to {i}, stay with host families and meet their peers.",
                "חברי הקהילה מ{d} מגיעים ל{i}, מתארחים אצל משפחות ופוגשים את עמיתיהם."),
    "young_leadership": ("Young people from both sides lead projects together over a year.",
                         "צעירים משני הצדדים מובילים יחד פרויקטים במשך שנה."),
    "culture_arts": ("Artists and audiences of {d} and {i} create and perform together.",
                     "אמנים וקהל מ{d} ומ{i} יוצרים ומופיעים יחד."),
    "volunteering": ("Volunteers from both sides give their time to the communities of {i}.",
                     "מתנדבים משני הצדדים תורמים מזמנם לקהילות {i}."),
    "other": ("A development program of the partnership in {i}.", "תוכנית פיתוח של השותפות ב{i}."),
}

# (en, he, is_encounter) per program type
ACTIVITIES = {
    "school_twinning": (("Joint online lesson", "שיעור משותף מקוון", True), ("Class exchange visit", "ביקור הדדי של כיתות", True),
                        ("Shared holiday project", "פרויקט חג משותף", False), ("Student delegation", "משלחת תלמידים", True)),
    "professional_exchange": (("Professional seminar", "סמינר מקצועי", True), ("Study tour", "סיור לימודי", True),
                              ("Peer learning workshop", "סדנת למידת עמיתים", False)),
    "mission": (("Mission week", "שבוע המשלחת", True), ("Host-family evening", "ערב משפחות מארחות", True),
                ("Tour of the region", "סיור באזור", True)),
    "young_leadership": (("Leadership seminar", "סמינר מנהיגות", False), ("Joint retreat", "סמינר משותף", True),
                         ("Service-learning day", "יום התנדבות ולמידה", False)),
    "culture_arts": (("Joint concert", "קונצרט משותף", True), ("Exhibition opening", "פתיחת תערוכה", False),
                     ("Film screening and discussion", "הקרנה ודיון", False)),
    "volunteering": (("Volunteer day", "יום התנדבות", False), ("Summer camp week", "שבוע קייטנה", True),
                     ("Community clean-up", "יום ניקיון קהילתי", False)),
    "other": (("Project site visit", "סיור בפרויקט", False), ("Opening ceremony", "טקס פתיחה", True),
              ("Community conference", "כנס קהילתי", False), ("Residents' workshop", "סדנת תושבים", False)),
}

AGENDA = (
    ("Opening and approval of the previous minutes", "פתיחה ואישור הפרוטוקול הקודם"),
    ("Budget {fy}: status and spending report", "תקציב {fy}: מצב וביצוע"),
    ("Report: {program}", "דיווח: {program}"),
    ("Planning the community mission", "תכנון משלחת הקהילה"),
    ("Updates from the subcommittees", "עדכונים מוועדות המשנה"),
    ("Volunteer recruitment and retention", "גיוס מתנדבים ושימורם"),
    ("Proposals for next year's programs", "הצעות לתוכניות לשנה הבאה"),
)
AGENDA_LAST = ("Any other business", "שונות")
AGENDA_FOLLOW_UP = ("Follow-up: {title}", "מעקב: {title}")

DECISIONS = (
    ("The committee approves the {fy} budget as presented.", "הוועדה מאשרת את תקציב {fy} כפי שהוצג."),
    ("The committee approves the dates of the next mission.", "הוועדה מאשרת את מועדי המשלחת הבאה."),
    ("{program} continues for another year.", "התוכנית {program} תימשך שנה נוספת."),
    ("A working group will prepare a proposal on volunteer retention.", "צוות עבודה יכין הצעה בנושא שימור מתנדבים."),
    ("The committee thanks the outgoing members for their service.", "הוועדה מודה לחברים היוצאים על פעילותם."),
    ("The next meeting will be held in person in {i}.", "הישיבה הבאה תתקיים פנים אל פנים ב{i}."),
)

ACTION_ITEMS = (
    ("Send the spending report for {fy}", "לשלוח את דוח הביצוע לשנת {fy}"),
    ("Book venues for the mission", "להזמין מקומות לאירוח המשלחת"),
    ("Recruit host families", "לגייס משפחות מארחות"),
    ("Prepare a proposal for {program}", "להכין הצעה עבור {program}"),
    ("Circulate the meeting summary", "להפיץ את סיכום הישיבה"),
    ("Update the volunteer list", "לעדכן את רשימת המתנדבים"),
    ("Contact the schools about next year", "לפנות לבתי הספר לגבי השנה הבאה"),
)
ACTION_UPDATES_EN = ("Started working on it.", "Waiting for the numbers from the federation.", "Done, see the shared folder.",
                     "Needs another week.")
ACTION_UPDATES_HE = ("התחלתי לטפל בזה.", "ממתינים לנתונים מהפדרציה.", "בוצע, ראו בתיקייה המשותפת.", "צריך עוד שבוע.")

MINUTES = ("The committee met with {n} members present. The discussion and the decisions are summarised below.",
           "הוועדה התכנסה בנוכחות {n} חברים. סיכום הדיון וההחלטות להלן.")

ENDED_REASONS_EN = ("Term completed", "Moved to another city", "Stepped down for personal reasons", "Joined another committee")
ENDED_REASONS_HE = ("הקדנציה הסתיימה", "עבר/ה לעיר אחרת", "פרש/ה מסיבות אישיות", "עבר/ה לוועדה אחרת")

ALLOCATION_RETURN_REASONS = (
    "The spending report of the previous year is missing.",
    "The request exceeds the partnership's budget ceiling.",
    "The program plan needs a clearer timetable.",
    "חסר דוח ביצוע לשנה הקודמת.",
    "יש לפרט את מקורות המימון המשלימים.",
)

# (en, he) with {c}; the skill codes it needs
OPPORTUNITIES = (
    ("Homework help in {c}", "עזרה בשיעורי בית ב{c}", ("tutoring", "teaching")),
    ("English conversation club in {c}", "מועדון שיחה באנגלית ב{c}", ("teaching",)),
    ("Hosting visiting teens in {c}", "אירוח בני נוער מבקרים ב{c}", ("events",)),
    ("Food packages before the holidays", "חלוקת סלי מזון לקראת החג", ("driving", "cooking")),
    ("Visiting older adults in {c}", "ביקורי בית אצל אזרחים ותיקים ב{c}", ("elder-care",)),
    ("Community garden in {c}", "הגינה הקהילתית ב{c}", ("gardening",)),
    ("Mission logistics team", "צוות לוגיסטיקה למשלחת", ("events", "driving")),
    ("Photography for the partnership newsletter", "צילום לידיעון השותפות", ("photography", "social-media")),
    ("Festival volunteers in {c}", "מתנדבי הפסטיבל ב{c}", ("events", "music")),
    ("Online mentoring for young adults", "חונכות מקוונת לצעירים", ("tutoring", "facilitation")),
    ("Sorting donated books in {c}", "מיון ספרים שנתרמו ב{c}", ()),
    ("Kindergarten reading corner in {c}", "פינת קריאה בגן ב{c}", ("teaching",)),
    ("Sports afternoon for children in {c}", "אחר צהריים של ספורט לילדים ב{c}", ("sports-coaching", "first-aid")),
    ("Translating letters between pen pals", "תרגום מכתבים בין חברים לעט", ("translation",)),
)
OPPORTUNITY_DESCRIPTION = ("Join a team of volunteers from our partnership. Training is given before the first shift.",
                           "הצטרפו לצוות מתנדבים של השותפות. ההדרכה ניתנת לפני המשמרת הראשונה.")
AVAILABILITY_NOTES = (("Evenings after 6 pm", "בערבים אחרי 18:00"), ("Fridays only", "בימי שישי בלבד"),
                      ("School holidays", "בחופשות מבית הספר"), ("Flexible", "גמיש"), ("Sunday mornings", "בימי ראשון בבוקר"))
BIOS_EN = ("Retired teacher who loves working with kids.", "Software engineer, volunteering since my mission.",
           "Parent of three, active in our synagogue.", "Student, first year volunteering with the partnership.")
BIOS_HE = ("מורה בגמלאות שאוהבת לעבוד עם ילדים.", "מהנדס תוכנה, מתנדב מאז המשלחת.", "הורה לשלושה, פעיל/ה בקהילה.",
           "סטודנט/ית, שנה ראשונה בהתנדבות בשותפות.")
HOURS_DONE_EN = ("Tutoring session", "Helped at the event", "Packed food boxes", "Visited Mrs. Levi")
HOURS_DONE_HE = ("שיעור עזר", "עזרה באירוע", "אריזת סלי מזון", "ביקור אצל משפחת לוי")
HOURS_REJECTED = (("The shift was cancelled.", "המשמרת בוטלה."),
                  ("These hours were already reported.", "השעות כבר דווחו."),
                  ("No attendance was recorded for this shift.", "לא נרשמה נוכחות במשמרת."))

# Establishment of new communities
MILESTONES = (
    ("Nucleus of 20 households formed", "גובש גרעין של 20 משקי בית", "nucleus"),
    ("Community vision written and agreed", "חזון הקהילה נכתב ואושר", "nucleus"),
    ("First holiday celebrated together", "החג הראשון נחגג יחד", "building"),
    ("Leadership team elected", "נבחר צוות הנהגה", "building"),
    ("Weekly learning group started", "נפתחה קבוצת לימוד שבועית", "building"),
    ("Decision-making procedures approved", "אושרו נהלי קבלת החלטות", "established"),
    ("Community registered as a nonprofit", "הקהילה נרשמה כעמותה", "established"),
    ("Representatives chosen for the network", "נבחרו נציגים לרשת הקהילות", "joined"),
)
WORKSHOPS = (
    ("Building a community vision", "בניית חזון קהילתי"),
    ("Leading volunteers", "הובלת מתנדבים"),
    ("Decision making in a young community", "קבלת החלטות בקהילה צעירה"),
    ("The Jewish year as a community anchor", "מעגל השנה העברי כעוגן קהילתי"),
    ("Fundraising basics for new communities", "יסודות גיוס משאבים לקהילות חדשות"),
    ("Handling conflict in the community", "התמודדות עם קונפליקטים בקהילה"),
    ("Israeli identity abroad", "זהות ישראלית בחו\"ל"),
    ("From nucleus to community: the organisational skeleton", "מגרעין לקהילה: שלד ארגוני"),
)
WORKSHOP_DESCRIPTION = ("A training day for leaders of new communities, with mentors of the network.",
                        "יום השתלמות למובילי קהילות חדשות, עם מלווים מרשת הקהילות.")
WORKSHOP_PLACES = (("Jewish Agency house, Jerusalem", "בית הסוכנות, ירושלים"), ("Online", "מקוון"),
                   ("Community centre, Be'er Sheva", "המרכז הקהילתי, באר שבע"), ("Kibbutz Hanaton", "קיבוץ חנתון"))
LEADER_TITLES = ("Founder", "Chair of the nucleus", "Community coordinator", "Treasurer")

# Collective impact
MINISTRIES = (
    ("Ministry of Welfare and Social Affairs", "משרד הרווחה והביטחון החברתי"),
    ("Prime Minister's Office", "משרד ראש הממשלה"), ("Ministry of Education", "משרד החינוך"),
    ("Ministry of Diaspora Affairs", "המשרד לתפוצות"), ("Ministry of Aliyah and Integration", "משרד העלייה והקליטה"),
    ("Ministry of Culture and Sport", "משרד התרבות והספורט"), ("Ministry of the Interior", "משרד הפנים"),
    ("Ministry of Health", "משרד הבריאות"),
    ("Ministry for the Development of the Negev and Galilee", "המשרד לפיתוח הנגב והגליל"),
    ("National Insurance Institute", "המוסד לביטוח לאומי"),
)
BUSINESS_PREFIXES = (("Galil", "גליל"), ("Negev", "נגב"), ("Carmel", "כרמל"), ("Arava", "ערבה"), ("Emek", "עמק"),
                     ("Ofek", "אופק"), ("Shaked", "שקד"), ("Rimon", "רימון"), ("Tamar", "תמר"), ("Hadas", "הדס"))
BUSINESS_SUFFIXES = (("Technologies", "טכנולוגיות"), ("Foods", "מזון"), ("Insurance", "ביטוח"), ("Energy", "אנרגיה"),
                     ("Logistics", "לוגיסטיקה"), ("Software", "תוכנה"), ("Communications", "תקשורת"),
                     ("Pharma", "פארמה"))
NONPROFITS = (
    ("Israel Volunteer Association", "איגוד המתנדבים בישראל"), ("Netivim Youth Association", "עמותת נתיבים לנוער"),
    ("Gesharim Volunteering Network", "רשת ההתנדבות גשרים"), ("Lev Tov Food Bank", "בנק המזון לב טוב"),
    ("Kesher Academic Forum on Volunteering", "הפורום האקדמי קשר לחקר ההתנדבות"),
    ("Ofek Association for Older Adults", "עמותת אופק לאזרחים ותיקים"), ("Ma'agan Families Network", "רשת משפחות מעגן"),
    ("Center for Civil Society Studies", "המרכז לחקר החברה האזרחית"),
)
NONPROFIT_PATTERNS = (("Volunteer Centre of {c}", "מרכז ההתנדבות {c}"), ("{c} Community Foundation", "הקרן הקהילתית {c}"),
                      ("Friends of the Youth of {c}", "ידידי הנוער ב{c}"))
ORG_DESCRIPTION = ("A partner of the cross-sector volunteering initiative.", "שותף במיזם ההתנדבות הבין-מגזרי.")
APPLICATION_THEMES = ("Youth; volunteer management", "Older adults", "Corporate volunteering; measurement",
                      "Local authorities", "נוער וצעירים", "ניהול מתנדבים; מדידה")
APPLICATION_MOTIVATION = (
    "We run volunteer programs and want to share what works and learn from other sectors.",
    "אנחנו מפעילים מתנדבים ורוצים ללמוד משותפים מהמגזרים האחרים ולהשפיע על מדיניות ההתנדבות.",
)
APPLICATION_DECLINE = ("The forum on this theme is full this year.", "The application is outside the initiative's themes.",
                       "הפורום בנושא זה מלא השנה.")
CONTACT_ROLES = ("Director of volunteering", "CEO", "Community relations manager", "Head of social responsibility")

# (en, he, theme_en, theme_he, description_en, description_he, is_national)
FORUMS = (
    ("Youth and young adults forum", "פורום נוער וצעירים", "Volunteering of youth and young adults",
     "התנדבות בקרב בני נוער וצעירים"),
    ("Volunteer management forum", "פורום ניהול מתנדבים", "Recruiting, training and retaining volunteers",
     "גיוס, הכשרה ושימור מתנדבים"),
    ("Older adults forum", "פורום אזרחים ותיקים", "Older adults as volunteers and partners",
     "אזרחים ותיקים כמתנדבים וכשותפים"),
    ("Corporate volunteering forum", "פורום התנדבות עסקית", "Employee volunteering and business partnerships",
     "התנדבות עובדים ושותפויות עסקיות"),
    ("Local authorities forum", "פורום רשויות מקומיות", "Volunteering infrastructure in local authorities",
     "תשתיות התנדבות ברשויות המקומיות"),
    ("Measurement and knowledge forum", "פורום מדידה וידע", "Shared measurement of volunteering",
     "מדידה משותפת של התנדבות"),
)
NATIONAL_FORUM = ("National volunteering forum", "הפורום הארצי להתנדבות", "All themes of the initiative",
                  "כלל נושאי המיזם")
FORUM_DESCRIPTION = ("At most 20 members chosen by a representation key across the three sectors.",
                     "עד 20 חברים שנבחרו לפי מפתח ייצוג של שלושת המגזרים.")
FORUM_PLACES = (("Jewish Agency house, Jerusalem", "בית הסוכנות, ירושלים"),
                ("Ministry of Welfare, Tel Aviv", "משרד הרווחה, תל אביב"), ("Online", "מקוון"))

# (en, he, unit_en, unit_he, direction, baseline, yearly change)
PARTNERSHIP_INDICATORS = (
    ("Participants in Living Bridge activities", "משתתפים בפעילויות גשר חי", "participants", "משתתפים", "increase"),
    ("Active volunteers", "מתנדבים פעילים", "volunteers", "מתנדבים", "increase"),
    ("Share of the budget for personal connections", "שיעור התקציב לקשרים אישיים", "%", "%", "increase"),
    ("Volunteer turnover", "תחלופת מתנדבים", "%", "%", "decrease"),
)
FORUM_INDICATORS = (
    ("Adult volunteering rate", "שיעור ההתנדבות בקרב מבוגרים", "%", "%", "increase"),
    ("Volunteers placed through partner organisations", "מתנדבים ששובצו דרך ארגונים שותפים", "volunteers", "מתנדבים",
     "increase"),
    ("Volunteer turnover within a year", "תחלופת מתנדבים בתוך שנה", "%", "%", "decrease"),
)
INDICATOR_DESCRIPTION = ("Agreed by all partners; reported once a year.", "מדד מוסכם על כל השותפים; מדווח פעם בשנה.")
