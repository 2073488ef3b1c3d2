"""Names of people, each with a Latin spelling for the email address.

Israelis are written in Hebrew script, Druze members of the Carmel towns in Arabic script,
some members of the German and Hungarian communities in Cyrillic; Diaspora people in Latin script.
"""

HE_MALE = (
    ("אבי", "avi"), ("אורי", "uri"), ("איתי", "itai"), ("אלון", "alon"), ("אריאל", "ariel"), ("בועז", "boaz"),
    ("גיא", "guy"), ("גלעד", "gilad"), ("דוד", "david"), ("דני", "dani"), ("הראל", "harel"), ("יואב", "yoav"),
    ("יונתן", "yonatan"), ("יוסי", "yossi"), ("יעקב", "yaakov"), ("ירון", "yaron"), ("משה", "moshe"), ("נדב", "nadav"),
    ("נועם", "noam"), ("עומר", "omer"), ("עידו", "ido"), ("עמית", "amit"), ("רון", "ron"), ("רועי", "roi"),
    ("שגיא", "sagi"), ("שי", "shai"), ("שלמה", "shlomo"), ("תומר", "tomer"), ("אהרון", "aharon"), ("חיים", "haim"),
    ("אליהו", "eliyahu"), ("מאיר", "meir"), ("ניר", "nir"), ("עמרי", "omri"), ("יהודה", "yehuda"), ("אסף", "asaf"),
    ("זיו", "ziv"), ("אלעד", "elad"), ("יגאל", "yigal"), ("צבי", "tzvi"), ("אביתר", "evyatar"), ("מרדכי", "mordechai"),
)
HE_FEMALE = (
    ("אביגיל", "avigail"), ("אורית", "orit"), ("אילנה", "ilana"), ("איילת", "ayelet"), ("דנה", "dana"), ("הדס", "hadas"),
    ("חנה", "hana"), ("טל", "tal"), ("יעל", "yael"), ("לימור", "limor"), ("מיכל", "michal"), ("מירב", "merav"),
    ("נועה", "noa"), ("נעמה", "naama"), ("סיגל", "sigal"), ("עדי", "adi"), ("ענבל", "inbal"), ("קרן", "keren"),
    ("רחל", "rachel"), ("רונית", "ronit"), ("שירה", "shira"), ("שרה", "sara"), ("תמר", "tamar"), ("רבקה", "rivka"),
    ("אסתר", "ester"), ("מאיה", "maya"), ("ליאת", "liat"), ("אפרת", "efrat"), ("גלית", "galit"), ("הילה", "hila"),
    ("רותם", "rotem"), ("שני", "shani"), ("אורנה", "orna"), ("יפעת", "yifat"), ("ציפי", "tzipi"), ("אדווה", "adva"),
    ("מלכה", "malka"), ("סיון", "sivan"), ("נגה", "noga"), ("ורד", "vered"),
)
HE_LAST = (
    ("כהן", "cohen"), ("לוי", "levi"), ("מזרחי", "mizrahi"), ("פרץ", "peretz"), ("ביטון", "biton"), ("דהן", "dahan"),
    ("אברהם", "avraham"), ("פרידמן", "friedman"), ("אזולאי", "azulay"), ("מלכה", "malka"), ("כץ", "katz"),
    ("יוסף", "yosef"), ("עמר", "amar"), ("אוחיון", "ohayon"), ("חדד", "hadad"), ("גבאי", "gabay"),
    ("בן דוד", "ben-david"), ("שפירא", "shapira"), ("רוזנברג", "rosenberg"), ("גולדברג", "goldberg"),
    ("אשכנזי", "ashkenazi"), ("שלום", "shalom"), ("סויסה", "swissa"), ("ברק", "barak"), ("גולן", "golan"),
    ("שמעוני", "shimoni"), ("רבינוביץ", "rabinovich"), ("קליין", "klein"), ("וייס", "weiss"), ("נחום", "nahum"),
    ("אדרי", "edri"), ("מימון", "maimon"), ("חזן", "hazan"), ("ששון", "sasson"), ("זילברמן", "zilberman"),
    ("אלמוג", "almog"), ("הררי", "harari"), ("צור", "tzur"), ("נגר", "nagar"), ("עזרא", "ezra"), ("ספיר", "sapir"),
    ("קורן", "koren"), ("לנדאו", "landau"), ("שטרן", "stern"), ("בר-און", "bar-on"), ("טקה", "teka"),
    ("מלסה", "malesa"), ("אלקיים", "elkayam"), ("ברגר", "berger"), ("גרינברג", "greenberg"),
)

EN_MALE = (
    "David", "Michael", "Daniel", "Jonathan", "Benjamin", "Samuel", "Joshua", "Aaron", "Adam", "Ethan", "Jacob",
    "Matthew", "Andrew", "Robert", "Richard", "Steven", "Mark", "Paul", "Jeffrey", "Howard", "Alan", "Gary",
    "Kenneth", "Eric", "Noah", "Max", "Zachary", "Jeremy", "Brian", "Scott", "Joel", "Marc", "Neil", "Seth",
)
EN_FEMALE = (
    "Sarah", "Rachel", "Rebecca", "Deborah", "Susan", "Jennifer", "Jessica", "Lauren", "Emily", "Hannah", "Abigail",
    "Leah", "Miriam", "Naomi", "Ruth", "Karen", "Lisa", "Ellen", "Amy", "Julie", "Michelle", "Stephanie",
    "Elizabeth", "Judith", "Barbara", "Nancy", "Laura", "Dana", "Shira", "Alison", "Jill", "Rochelle",
)
EN_LAST = (
    "Cohen", "Levine", "Goldberg", "Friedman", "Rosen", "Katz", "Schwartz", "Klein", "Weiss", "Stein", "Greenberg",
    "Shapiro", "Feldman", "Kaplan", "Rubin", "Siegel", "Adler", "Bernstein", "Gold", "Horowitz", "Jacobs", "Marcus",
    "Miller", "Weinberg", "Rosenthal", "Abrams", "Berman", "Fisher", "Glass", "Hoffman", "Kramer", "Lerner",
    "Mandel", "Nathan", "Perlman", "Roth", "Sherman", "Stern", "Wexler", "Zimmerman", "Baker", "Brooks", "Cooper",
    "Davis", "Green", "Harris", "Lewis", "Morris", "Gordon", "Silver",
)

ES_MALE = ("Alejandro", "Martín", "Diego", "Pablo", "Sebastián", "Gabriel", "Daniel", "Nicolás", "Javier", "Mariano",
           "Ariel", "Leandro", "Tomás", "Federico")
ES_FEMALE = ("Florencia", "Valeria", "Lucía", "Sofía", "Carolina", "Gabriela", "Mariana", "Paula", "Julieta", "Ana",
             "Débora", "Natalia", "Silvia", "Verónica")
ES_LAST = ("Goldstein", "Szpigel", "Rosenfeld", "Kohan", "Levy", "Burstein", "Feldman", "Waisman", "Grinberg",
           "Schvartz", "Cherny", "Zylberberg", "Mizrahi", "Sasson", "Toledano", "Benchetrit", "Kleiner", "Brodsky",
           "Aizenberg", "Szteinberg")

FR_MALE = ("David", "Élie", "Julien", "Yoann", "Raphaël", "Nathan", "Thomas", "Benjamin", "Mickaël", "Jérémie",
           "Laurent", "Olivier")
FR_FEMALE = ("Sarah", "Léa", "Chloé", "Esther", "Déborah", "Laura", "Yaël", "Noémie", "Mélanie", "Audrey",
             "Sandrine", "Hélène")
FR_LAST = ("Cohen", "Benhamou", "Attal", "Azoulay", "Bensoussan", "Dahan", "Elbaz", "Haddad", "Lévy", "Sebag",
           "Toubiana", "Zerbib", "Amsellem", "Bensimon", "Chemla", "Guedj")

DE_MALE = ("Tobias", "Daniel", "Felix", "Jonas", "Lukas", "David", "Benjamin", "Simon", "Michael", "Aron")
DE_FEMALE = ("Anna", "Lea", "Miriam", "Hannah", "Julia", "Sarah", "Katharina", "Rebecca", "Judith", "Esther")
DE_LAST = ("Weiß", "Rosenberg", "Meyer", "Hirsch", "Oppenheimer", "Frank", "Kahn", "Wolff", "Strauss", "Löwenthal",
           "Schönfeld", "Blum", "Lehmann", "Neumann", "Adler", "Katz")

RU_MALE = (("Александр", "aleksandr"), ("Дмитрий", "dmitry"), ("Михаил", "mikhail"), ("Борис", "boris"),
           ("Григорий", "grigory"), ("Евгений", "evgeny"), ("Илья", "ilya"), ("Леонид", "leonid"), ("Юрий", "yury"),
           ("Семён", "semyon"))
RU_FEMALE = (("Анна", "anna"), ("Елена", "elena"), ("Ольга", "olga"), ("Ирина", "irina"), ("Наталья", "natalya"),
             ("Татьяна", "tatyana"), ("Мария", "maria"), ("Юлия", "yulia"), ("Светлана", "svetlana"),
             ("Евгения", "evgenia"))
RU_LAST = (("Кац", "kats"), ("Рабинович", "rabinovich"), ("Шапиро", "shapiro"), ("Гуревич", "gurevich"),
           ("Фридман", "fridman"), ("Зильберман", "zilberman"), ("Эпштейн", "epshtein"), ("Гольдберг", "goldberg"),
           ("Коган", "kogan"), ("Лифшиц", "lifshits"))

AR_MALE = (("سامي", "sami"), ("وليد", "walid"), ("نزيه", "nazih"), ("كمال", "kamal"), ("أمين", "amin"),
           ("فادي", "fadi"), ("رامي", "rami"), ("سليم", "salim"), ("جمال", "jamal"), ("نبيل", "nabil"))
AR_FEMALE = (("ليلى", "layla"), ("سعاد", "suad"), ("رنا", "rana"), ("منى", "muna"), ("هالة", "hala"),
             ("سهى", "suha"), ("نور", "nur"), ("ريم", "reem"), ("عبير", "abir"), ("سناء", "sana"))
AR_LAST = (("حلبي", "halabi"), ("نصر الدين", "nasreddin"), ("منصور", "mansour"), ("عامر", "amer"),
           ("أبو ركن", "aburukun"), ("حسون", "hassoun"), ("وهبة", "wahbe"), ("قاسم", "kassem"))
