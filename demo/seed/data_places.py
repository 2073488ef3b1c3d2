"""Places of the demo world: Diaspora hubs, Israeli cities and regions, the 46 partnerships.

Every name comes in English and Hebrew. A hub is a federation or consortium with its towns;
a place in Israel is a city, a regional council (with villages) or a local council.
"""

from typing import NamedTuple


class Town(NamedTuple):
    en: str
    he: str
    tz: str = ""  # empty: the hub's time zone
    country: str = ""  # empty: the hub's country


class Hub(NamedTuple):
    """A Diaspora federation or consortium and the towns of its communities."""

    en: str
    he: str
    country: str
    locality_en: str
    locality_he: str
    tz: str
    culture: str  # which name list its people come from: en, es, fr, ru_de, ...
    towns: tuple


class Place(NamedTuple):
    """A city, regional council or local council in Israel."""

    en: str
    he: str
    kind: str  # city | region
    priority: bool  # in a Region of National Priority
    villages: tuple = ()
    culture: str = "he"


class Spec(NamedTuple):
    key: str
    en: str
    he: str
    kind: str  # city_to_city | region_to_region
    founded: int
    hubs: tuple
    places: tuple
    currency: str = "USD"
    status: str = "active"


NY, CHI, LA_TZ, JLM = "America/New_York", "America/Chicago", "America/Los_Angeles", "Asia/Jerusalem"

HUBS = {
    "boston": Hub("Combined Jewish Philanthropies of Greater Boston", "הפדרציה היהודית של בוסטון רבתי", "US", "Boston", "בוסטון", NY, "en", (
        Town("Newton", "ניוטון"), Town("Brookline", "ברוקליין"), Town("Framingham", "פרמינגהם"),
        Town("Sharon", "שרון (מסצ'וסטס)"), Town("Lexington", "לקסינגטון"), Town("Marblehead", "מרבלהד"))),
    "chicago": Hub("Jewish United Fund of Metropolitan Chicago", "הקרן היהודית המאוחדת של שיקגו רבתי", "US", "Chicago", "שיקגו", CHI, "en", (
        Town("Evanston", "אוונסטון"), Town("Skokie", "סקוקי"), Town("Highland Park", "היילנד פארק"),
        Town("Deerfield", "דירפילד"), Town("Northbrook", "נורת'ברוק"), Town("Buffalo Grove", "באפלו גרוב"))),
    "baltimore": Hub("The Associated: Jewish Federation of Baltimore", "האסושיאייטד: הפדרציה היהודית של בולטימור", "US", "Baltimore", "בולטימור", NY, "en", (
        Town("Pikesville", "פייקסוויל"), Town("Owings Mills", "אואינגס מילס"), Town("Towson", "טאוסון"),
        Town("Columbia", "קולומביה (מרילנד)"))),
    "pittsburgh": Hub("Jewish Federation of Greater Pittsburgh", "הפדרציה היהודית של פיטסבורג רבתי", "US", "Pittsburgh", "פיטסבורג", NY, "en", (
        Town("Squirrel Hill", "סקוויראל היל"), Town("Monroeville", "מונרוויל"), Town("Fox Chapel", "פוקס צ'פל"),
        Town("Mt. Lebanon", "מאונט לבנון"), Town("Upper St. Clair", "אפר סנט קלייר"))),
    "atlanta": Hub("Jewish Federation of Greater Atlanta", "הפדרציה היהודית של אטלנטה רבתי", "US", "Atlanta", "אטלנטה", NY, "en", (
        Town("Dunwoody", "דנוודי"), Town("Sandy Springs", "סנדי ספרינגס"), Town("Marietta", "מריאטה"),
        Town("Alpharetta", "אלפרטה"))),
    "la": Hub("Jewish Federation of Greater Los Angeles", "הפדרציה היהודית של לוס אנג'לס רבתי", "US", "Los Angeles", "לוס אנג'לס", LA_TZ, "en", (
        Town("Encino", "אנסינו"), Town("Santa Monica", "סנטה מוניקה"), Town("Beverly Hills", "בוורלי הילס"),
        Town("Sherman Oaks", "שרמן אוקס"), Town("Pasadena", "פסדינה"), Town("Pico-Robertson", "פיקו-רוברטסון"))),
    "cleveland": Hub("Jewish Federation of Cleveland", "הפדרציה היהודית של קליבלנד", "US", "Cleveland", "קליבלנד", NY, "en", (
        Town("Beachwood", "ביצ'ווד"), Town("Shaker Heights", "שייקר הייטס"), Town("Cleveland Heights", "קליבלנד הייטס"),
        Town("Solon", "סולון"), Town("Pepper Pike", "פפר פייק"))),
    "detroit": Hub("Jewish Federation of Metropolitan Detroit", "הפדרציה היהודית של דטרויט רבתי", "US", "Detroit", "דטרויט", "America/Detroit", "en", (
        Town("Bloomfield Hills", "בלומפילד הילס"), Town("West Bloomfield", "וסט בלומפילד"), Town("Southfield", "סאות'פילד"),
        Town("Farmington Hills", "פרמינגטון הילס"), Town("Oak Park", "אוק פארק"), Town("Ann Arbor", "אן ארבור"))),
    "uk": Hub("UJIA United Kingdom", "UJIA בריטניה", "GB", "London", "לונדון", "Europe/London", "en", (
        Town("North London", "צפון לונדון"), Town("Manchester", "מנצ'סטר"), Town("Leeds", "לידס"),
        Town("Glasgow", "גלזגו"), Town("Liverpool", "ליברפול"), Town("Birmingham", "בירמינגהם"))),
    "melbourne": Hub("Jewish Community Council of Victoria", "מועצת הקהילה היהודית של ויקטוריה", "AU", "Melbourne", "מלבורן", "Australia/Melbourne", "en", (
        Town("St Kilda", "סנט קילדה"), Town("Caulfield", "קולפילד"), Town("Elsternwick", "אלסטרנוויק"),
        Town("Malvern", "מלברן"), Town("Doncaster", "דונקסטר"))),
    "buenos_aires": Hub("Comunidad Judía de Buenos Aires", "הקהילה היהודית של בואנוס איירס", "AR", "Buenos Aires", "בואנוס איירס", "America/Argentina/Buenos_Aires", "es", (
        Town("Belgrano", "בלגרנו"), Town("Once", "אונסה"), Town("Villa Crespo", "וייה קרספו"), Town("Palermo", "פלרמו"),
        Town("Rosario", "רוסאריו"), Town("Córdoba", "קורדובה", "America/Argentina/Cordoba"))),
    "montreal": Hub("Federation CJA Montreal", "הפדרציה CJA מונטריאול", "CA", "Montreal", "מונטריאול", "America/Toronto", "en", (
        Town("Côte-Saint-Luc", "קוט סן-לוק"), Town("Hampstead", "המפסטד"), Town("Outremont", "אוטרמון"),
        Town("Dollard-des-Ormeaux", "דולאר-דז-אורמו"))),
    "toronto": Hub("UJA Federation of Greater Toronto", "UJA הפדרציה של טורונטו רבתי", "CA", "Toronto", "טורונטו", "America/Toronto", "en", (
        Town("Thornhill", "תורנהיל"), Town("North York", "נורת' יורק"), Town("Forest Hill", "פורסט היל"),
        Town("Richmond Hill", "ריצ'מונד היל"), Town("Vaughan", "ווהן"))),
    "metrowest": Hub("Jewish Federation of Greater MetroWest NJ", "הפדרציה היהודית של מטרו-וסט ניו ג'רזי", "US", "Whippany", "ויפאני", NY, "en", (
        Town("West Orange", "וסט אורנג'"), Town("Livingston", "ליווינגסטון"), Town("Morristown", "מוריסטאון"),
        Town("Summit", "סאמיט"))),
    "philadelphia": Hub("Jewish Federation of Greater Philadelphia", "הפדרציה היהודית של פילדלפיה רבתי", "US", "Philadelphia", "פילדלפיה", NY, "en", (
        Town("Elkins Park", "אלקינס פארק"), Town("Bala Cynwyd", "באלה קינוויד"), Town("Cherry Hill", "צ'רי היל"),
        Town("Lower Merion", "לואר מריון"), Town("Bucks County", "מחוז באקס"))),
    "washington": Hub("Jewish Federation of Greater Washington", "הפדרציה היהודית של וושינגטון רבתי", "US", "Rockville", "רוקוויל", NY, "en", (
        Town("Bethesda", "בת'סדה"), Town("Silver Spring", "סילבר ספרינג"), Town("Potomac", "פוטומק"),
        Town("Arlington", "ארלינגטון"))),
    "cincinnati": Hub("Jewish Federation of Cincinnati", "הפדרציה היהודית של סינסינטי", "US", "Cincinnati", "סינסינטי", NY, "en", (
        Town("Amberley Village", "אמברלי וילג'"), Town("Blue Ash", "בלו אש"), Town("Montgomery", "מונטגומרי"))),
    "central_area": Hub("Central Area Consortium", "קונסורציום המרכז (ארה\"ב)", "US", "Kansas City", "קנזס סיטי", CHI, "en", (
        Town("Des Moines", "דה מוין"), Town("Omaha", "אומהה"), Town("Tulsa", "טולסה"), Town("Wichita", "וויצ'יטה"),
        Town("Lincoln", "לינקולן"), Town("Memphis", "ממפיס"), Town("Little Rock", "ליטל רוק"))),
    "budapest": Hub("Budapest Jewish Community", "הקהילה היהודית של בודפשט", "HU", "Budapest", "בודפשט", "Europe/Budapest", "ru_de", (
        Town("Újlipótváros", "אויליפוטוארוש"), Town("Óbuda", "אובודה"))),
    "southern": Hub("Southern Area Consortium", "קונסורציום הדרום (ארה\"ב)", "US", "Birmingham", "בירמינגהם (אלבמה)", CHI, "en", (
        Town("Nashville", "נאשוויל"), Town("New Orleans", "ניו אורלינס"), Town("Charlotte", "שארלוט", NY),
        Town("Savannah", "סוואנה", NY), Town("Jacksonville", "ג'קסונוויל", NY), Town("Mobile", "מובייל"))),
    "san_francisco": Hub("Jewish Community Federation of San Francisco", "הפדרציה היהודית של סן פרנסיסקו", "US", "San Francisco", "סן פרנסיסקו", LA_TZ, "en", (
        Town("Palo Alto", "פאלו אלטו"), Town("Marin County", "מחוז מרין"), Town("Oakland", "אוקלנד"),
        Town("San Mateo", "סן מטאו"))),
    "miami": Hub("Greater Miami Jewish Federation", "הפדרציה היהודית של מיאמי רבתי", "US", "Miami", "מיאמי", NY, "en", (
        Town("Aventura", "אוונטורה"), Town("Miami Beach", "מיאמי ביץ'"), Town("Coral Gables", "קורל גייבלס"),
        Town("Kendall", "קנדל"))),
    "san_diego": Hub("Jewish Federation of San Diego", "הפדרציה היהודית של סן דייגו", "US", "San Diego", "סן דייגו", LA_TZ, "en", (
        Town("La Jolla", "לה חויה"), Town("Carmel Valley", "כרמל ואלי"), Town("Del Mar", "דל מאר"))),
    "dallas": Hub("Jewish Federation of Greater Dallas", "הפדרציה היהודית של דאלאס רבתי", "US", "Dallas", "דאלאס", CHI, "en", (
        Town("Plano", "פלאנו"), Town("Richardson", "ריצ'רדסון"), Town("Frisco", "פריסקו"))),
    "houston": Hub("Jewish Federation of Greater Houston", "הפדרציה היהודית של יוסטון רבתי", "US", "Houston", "יוסטון", CHI, "en", (
        Town("Meyerland", "מאיירלנד"), Town("Bellaire", "בלייר"), Town("Sugar Land", "שוגר לנד"))),
    "phoenix": Hub("Jewish Community Foundation of Greater Phoenix", "הקרן הקהילתית היהודית של פיניקס רבתי", "US", "Phoenix", "פיניקס", "America/Phoenix", "en", (
        Town("Scottsdale", "סקוטסדייל"), Town("Tempe", "טמפי"), Town("Chandler", "צ'נדלר"))),
    "st_louis": Hub("Jewish Federation of St. Louis", "הפדרציה היהודית של סנט לואיס", "US", "St. Louis", "סנט לואיס", CHI, "en", (
        Town("Creve Coeur", "קריב קור"), Town("University City", "יוניברסיטי סיטי"), Town("Chesterfield", "צ'סטרפילד"))),
    "columbus": Hub("Jewish Federation of Columbus", "הפדרציה היהודית של קולומבוס", "US", "Columbus", "קולומבוס", NY, "en", (
        Town("Bexley", "בקסלי"), Town("New Albany", "ניו אלבני"), Town("Dublin", "דבלין (אוהיו)"))),
    "minneapolis": Hub("Minneapolis and St. Paul Jewish Federations", "הפדרציות היהודיות של מיניאפוליס וסנט פול", "US", "Minneapolis", "מיניאפוליס", CHI, "en", (
        Town("St. Paul", "סנט פול"), Town("St. Louis Park", "סנט לואיס פארק"), Town("Minnetonka", "מינטונקה"),
        Town("Golden Valley", "גולדן ואלי"))),
    "denver": Hub("JEWISHcolorado", "הקהילה היהודית של קולורדו", "US", "Denver", "דנוור", "America/Denver", "en", (
        Town("Boulder", "בולדר"), Town("Aurora", "אורורה"), Town("Greenwood Village", "גרינווד וילג'"))),
    "seattle": Hub("Jewish Federation of Greater Seattle", "הפדרציה היהודית של סיאטל רבתי", "US", "Seattle", "סיאטל", LA_TZ, "en", (
        Town("Mercer Island", "מרסר איילנד"), Town("Bellevue", "בלוויו"), Town("Seward Park", "סיוורד פארק"))),
    "rochester": Hub("Jewish Federation of Greater Rochester", "הפדרציה היהודית של רוצ'סטר רבתי", "US", "Rochester", "רוצ'סטר", NY, "en", (
        Town("Brighton", "ברייטון"), Town("Pittsford", "פיטספורד"))),
    "france": Hub("Consortium of French Jewish Communities", "קונסורציום הקהילות היהודיות בצרפת", "FR", "Paris", "פריז", "Europe/Paris", "fr", (
        Town("Paris 17e", "פריז (הרובע ה-17)"), Town("Lyon", "ליון"), Town("Marseille", "מרסיי"),
        Town("Strasbourg", "שטרסבורג"), Town("Nice", "ניס"), Town("Sarcelles", "סרסל"))),
    "south_africa": Hub("South African Jewish Communities", "הקהילות היהודיות בדרום אפריקה", "ZA", "Johannesburg", "יוהנסבורג", "Africa/Johannesburg", "en", (
        Town("Cape Town", "קייפטאון"), Town("Durban", "דרבן"), Town("Sandton", "סנדטון"), Town("Pretoria", "פרטוריה"))),
    "germany": Hub("Jewish Communities in Germany", "הקהילות היהודיות בגרמניה", "DE", "Berlin", "ברלין", "Europe/Berlin", "ru_de", (
        Town("Frankfurt am Main", "פרנקפורט"), Town("Munich", "מינכן"), Town("Düsseldorf", "דיסלדורף"),
        Town("Hamburg", "המבורג"), Town("Cologne", "קלן"))),
    "mexico": Hub("Comunidad Judía de México", "הקהילה היהודית של מקסיקו", "MX", "Mexico City", "מקסיקו סיטי", "America/Mexico_City", "es", (
        Town("Polanco", "פולנקו"), Town("Tecamachalco", "טקמצ'לקו"), Town("Interlomas", "אינטרלומס"))),
    "brazil": Hub("Jewish Federation of São Paulo", "הפדרציה היהודית של סאו פאולו", "BR", "São Paulo", "סאו פאולו", "America/Sao_Paulo", "es", (
        Town("Higienópolis", "איג'יינופוליס"), Town("Rio de Janeiro", "ריו דה ז'ניירו"), Town("Porto Alegre", "פורטו אלגרה"),
        Town("Curitiba", "קוריטיבה"))),
    "benelux": Hub("Jewish Communities of the Netherlands and Belgium", "הקהילות היהודיות בהולנד ובבלגיה", "NL", "Amsterdam", "אמסטרדם", "Europe/Amsterdam", "ru_de", (
        Town("Amstelveen", "אמסטלפן"), Town("The Hague", "האג"), Town("Antwerp", "אנטוורפן", "Europe/Brussels", "BE"),
        Town("Brussels", "בריסל", "Europe/Brussels", "BE"))),
    "ottawa": Hub("Jewish Federation of Ottawa", "הפדרציה היהודית של אוטווה", "CA", "Ottawa", "אוטווה", "America/Toronto", "en", (
        Town("Nepean", "ניפיאן"), Town("Kanata", "קנאטה"))),
    "winnipeg": Hub("Jewish Federation of Winnipeg", "הפדרציה היהודית של ויניפג", "CA", "Winnipeg", "ויניפג", "America/Winnipeg", "en", (
        Town("River Heights", "ריבר הייטס"), Town("Tuxedo", "טוקסידו"))),
    "vancouver": Hub("Jewish Federation of Greater Vancouver", "הפדרציה היהודית של ונקובר רבתי", "CA", "Vancouver", "ונקובר", "America/Vancouver", "en", (
        Town("Richmond", "ריצ'מונד"), Town("North Shore", "נורת' שור"), Town("Oakridge", "אוקרידג'"))),
    "southern_nj": Hub("Jewish Federation of Southern New Jersey", "הפדרציה היהודית של דרום ניו ג'רזי", "US", "Cherry Hill", "צ'רי היל", NY, "en", (
        Town("Voorhees", "וורהיז"), Town("Marlton", "מרלטון"), Town("Margate", "מרגייט"))),
    "hartford": Hub("Jewish Federation of Greater Hartford", "הפדרציה היהודית של הרטפורד רבתי", "US", "West Hartford", "וסט הרטפורד", NY, "en", (
        Town("Bloomfield", "בלומפילד"), Town("Glastonbury", "גלסטונברי"), Town("Simsbury", "סימסברי"))),
    "milwaukee": Hub("Milwaukee Jewish Federation", "הפדרציה היהודית של מילווקי", "US", "Milwaukee", "מילווקי", CHI, "en", (
        Town("Whitefish Bay", "וייטפיש ביי"), Town("Mequon", "מקוון"))),
    "westchester": Hub("UJA-Federation Westchester", "UJA-פדרציה וסטצ'סטר", "US", "White Plains", "וייט פליינס", NY, "en", (
        Town("Scarsdale", "סקרסדייל"), Town("New Rochelle", "ניו רושל"), Town("Rye", "ראיי"))),
    "sydney": Hub("Jewish Communal Appeal Sydney", "המגבית הקהילתית היהודית של סידני", "AU", "Sydney", "סידני", "Australia/Sydney", "en", (
        Town("Bondi", "בונדיי"), Town("St Ives", "סנט אייבס"), Town("Double Bay", "דאבל ביי"))),
    "upstate": Hub("Upstate New York Consortium", "קונסורציום צפון מדינת ניו יורק", "US", "Albany", "אולבני", NY, "en", (
        Town("Syracuse", "סירקיוז"), Town("Buffalo", "באפלו"), Town("Binghamton", "בינגהמטון"))),
}


def _v(*pairs):
    return tuple(pairs)


PLACES = {
    "haifa": Place("Haifa", "חיפה", "city", False),
    "kiryat_gat": Place("Kiryat Gat", "קריית גת", "city", True),
    "lachish": Place("Lachish Regional Council", "המועצה האזורית לכיש", "region", True, _v(
        ("Amatzia", "אמציה"), ("Shekef", "שקף"), ("Nehusha", "נחושה"), ("Zohar", "זוהר"), ("Sde David", "שדה דוד"),
        ("Otzem", "עוצם"))),
    "ashkelon": Place("Ashkelon", "אשקלון", "city", True),
    "karmiel": Place("Karmiel", "כרמיאל", "city", True),
    "misgav": Place("Misgav Regional Council", "המועצה האזורית משגב", "region", True, _v(
        ("Moreshet", "מורשת"), ("Yuvalim", "יובלים"), ("Eshchar", "אשחר"), ("Kamon", "כמון"), ("Lotem", "לוטם"),
        ("Manof", "מנוף"), ("Atzmon", "עצמון"), ("Hararit", "הררית"), ("Shorashim", "שורשים"), ("Tuval", "תובל"))),
    "yokneam": Place("Yokneam Illit", "יקנעם עילית", "city", True),
    "megiddo": Place("Megiddo Regional Council", "המועצה האזורית מגידו", "region", True, _v(
        ("Ramot Menashe", "רמות מנשה"), ("Dalia", "דליה"), ("Gal'ed", "גלעד"), ("Regavim", "רגבים"),
        ("Ein HaShofet", "עין השופט"), ("Mishmar HaEmek", "משמר העמק"), ("HaZorea", "הזורע"))),
    "tel_aviv": Place("Tel Aviv-Yafo", "תל אביב-יפו", "city", False),
    "beit_shean": Place("Beit She'an", "בית שאן", "city", True),
    "emek_hamaayanot": Place("Valley of Springs Regional Council", "המועצה האזורית עמק המעיינות", "region", True, _v(
        ("Ma'oz Haim", "מעוז חיים"), ("Neve Eitan", "נווה איתן"), ("Kfar Ruppin", "כפר רופין"), ("Sde Eliyahu", "שדה אליהו"),
        ("Tirat Zvi", "טירת צבי"), ("Hamadia", "חמדיה"), ("Nir David", "ניר דוד"), ("Beit Yosef", "בית יוסף"))),
    "nof_hagalil": Place("Nof HaGalil", "נוף הגליל", "city", True),
    "migdal_haemek": Place("Migdal HaEmek", "מגדל העמק", "city", True),
    "kfar_tavor": Place("Kfar Tavor Local Council", "המועצה המקומית כפר תבור", "region", True),
    "eilat": Place("Eilat", "אילת", "city", True),
    "eilot": Place("Eilot Regional Council", "המועצה האזורית חבל אילות", "region", True, _v(
        ("Yotvata", "יטבתה"), ("Ketura", "קטורה"), ("Grofit", "גרופית"), ("Lotan", "לוטן"), ("Samar", "סמר"),
        ("Elifaz", "אליפז"), ("Be'er Ora", "באר אורה"), ("Neot Smadar", "נאות סמדר"))),
    "tzfat": Place("Tzfat", "צפת", "city", True),
    "merom_hagalil": Place("Merom HaGalil Regional Council", "המועצה האזורית מרום הגליל", "region", True, _v(
        ("Sasa", "סאסא"), ("Bar'am", "ברעם"), ("Yir'on", "יראון"), ("Dovev", "דוב\"ב"), ("Kerem Ben Zimra", "כרם בן זמרה"),
        ("Meron", "מירון"))),
    "ofakim": Place("Ofakim", "אופקים", "city", True),
    "merhavim": Place("Merhavim Regional Council", "המועצה האזורית מרחבים", "region", True, _v(
        ("Gilat", "גילת"), ("Patish", "פטיש"), ("Brosh", "ברוש"), ("Tidhar", "תדהר"))),
    "beer_sheva": Place("Be'er Sheva", "באר שבע", "city", True),
    "kiryat_shmona": Place("Kiryat Shmona", "קריית שמונה", "city", True),
    "upper_galilee": Place("Upper Galilee Regional Council", "המועצה האזורית הגליל העליון", "region", True, _v(
        ("Kfar Blum", "כפר בלום"), ("Sde Nehemia", "שדה נחמיה"), ("Dafna", "דפנה"), ("Dan", "דן"), ("Snir", "שניר"),
        ("HaGoshrim", "הגושרים"), ("Amir", "עמיר"), ("Kfar Giladi", "כפר גלעדי"), ("Misgav Am", "משגב עם"),
        ("Yiftah", "יפתח"))),
    "raanana": Place("Ra'anana", "רעננה", "city", False),
    "netivot": Place("Netivot", "נתיבות", "city", True),
    "sdot_negev": Place("Sdot Negev Regional Council", "המועצה האזורית שדות נגב", "region", True, _v(
        ("Sa'ad", "סעד"), ("Alumim", "עלומים"), ("Kfar Maimon", "כפר מימון"), ("Tkuma", "תקומה"), ("Shokeda", "שוקדה"),
        ("Sharsheret", "שרשרת"), ("Zimrat", "זמרת"), ("Beit HaGadi", "בית הגדי"))),
    "beit_shemesh": Place("Beit Shemesh", "בית שמש", "city", False),
    "netanya": Place("Netanya", "נתניה", "city", False),
    "akko": Place("Akko", "עכו", "city", True),
    "mateh_asher": Place("Mateh Asher Regional Council", "המועצה האזורית מטה אשר", "region", True, _v(
        ("Gesher HaZiv", "גשר הזיו"), ("Kabri", "כברי"), ("Evron", "עברון"), ("Lohamei HaGeta'ot", "לוחמי הגטאות"),
        ("Shomrat", "שומרת"), ("Regba", "רגבה"), ("Bustan HaGalil", "בוסתן הגליל"), ("Shavei Zion", "שבי ציון"),
        ("Beit HaEmek", "בית העמק"), ("Hanita", "חניתה"), ("Eilon", "אילון"), ("Matzuva", "מצובה"))),
    "maale_yosef": Place("Ma'ale Yosef Regional Council", "המועצה האזורית מעלה יוסף", "region", True, _v(
        ("Goren", "גורן"), ("Ein Ya'akov", "עין יעקב"), ("Me'ona", "מעונה"), ("Tzuriel", "צוריאל"))),
    "maalot": Place("Ma'alot-Tarshiha", "מעלות-תרשיחא", "city", True),
    "shlomi": Place("Shlomi", "שלומי", "city", True),
    "arad": Place("Arad", "ערד", "city", True),
    "tamar": Place("Tamar Regional Council", "המועצה האזורית תמר", "region", True, _v(
        ("Neot HaKikar", "נאות הכיכר"), ("Ein Tamar", "עין תמר"), ("Ein Gedi", "עין גדי"), ("Neve Zohar", "נווה זוהר"))),
    "tiberias": Place("Tiberias", "טבריה", "city", True),
    "emek_hayarden": Place("Jordan Valley Regional Council", "המועצה האזורית עמק הירדן", "region", True, _v(
        ("Degania Alef", "דגניה א'"), ("Kinneret", "כנרת"), ("Afikim", "אפיקים"), ("Ashdot Ya'akov", "אשדות יעקב"),
        ("Sha'ar HaGolan", "שער הגולן"), ("Massada", "מסדה"), ("Ein Gev", "עין גב"), ("Ha'on", "האון"))),
    "afula": Place("Afula", "עפולה", "city", True),
    "gilboa": Place("Gilboa Regional Council", "המועצה האזורית הגלבוע", "region", True, _v(
        ("Ein Harod", "עין חרוד"), ("Beit Alfa", "בית אלפא"), ("Heftziba", "חפציבה"), ("Tel Yosef", "תל יוסף"),
        ("Ma'ale Gilboa", "מעלה גלבוע"), ("Ram-On", "רם-און"))),
    "shaar_hanegev": Place("Sha'ar HaNegev Regional Council", "המועצה האזורית שער הנגב", "region", True, _v(
        ("Ruhama", "רוחמה"), ("Dorot", "דורות"), ("Or HaNer", "אור הנר"), ("Nir Am", "ניר עם"), ("Gevim", "גבים"),
        ("Kfar Aza", "כפר עזה"), ("Mefalsim", "מפלסים"), ("Nahal Oz", "נחל עוז"), ("Ibim", "איבים"), ("Yakhini", "יכיני"))),
    "mitzpe_ramon": Place("Mitzpe Ramon", "מצפה רמון", "city", True),
    "ramat_hanegev": Place("Ramat HaNegev Regional Council", "המועצה האזורית רמת נגב", "region", True, _v(
        ("Sde Boker", "שדה בוקר"), ("Telalim", "טללים"), ("Mashabei Sade", "משאבי שדה"), ("Revivim", "רביבים"),
        ("Nitzana", "ניצנה"), ("Kmehin", "כמהין"), ("Ashalim", "אשלים"))),
    "yeruham": Place("Yeruham", "ירוחם", "city", True),
    "hod_hasharon": Place("Hod HaSharon", "הוד השרון", "city", False),
    "dimona": Place("Dimona", "דימונה", "city", True),
    "kiryat_malakhi": Place("Kiryat Malakhi", "קריית מלאכי", "city", True),
    "beer_tuvia": Place("Be'er Tuvia Regional Council", "המועצה האזורית באר טוביה", "region", True, _v(
        ("Kfar Warburg", "כפר ורבורג"), ("Arugot", "ערוגות"), ("Kfar Ahim", "כפר אחים"), ("Emunim", "אמונים"))),
    "jezreel": Place("Jezreel Valley Regional Council", "המועצה האזורית עמק יזרעאל", "region", True, _v(
        ("Nahalal", "נהלל"), ("Ginegar", "גניגר"), ("Mizra", "מזרע"), ("Kfar Yehoshua", "כפר יהושע"), ("Alonim", "אלונים"),
        ("Kfar HaHoresh", "כפר החורש"), ("Ramat David", "רמת דוד"), ("Timrat", "תמרת"))),
    "katzrin": Place("Katzrin", "קצרין", "city", True),
    "golan": Place("Golan Regional Council", "המועצה האזורית גולן", "region", True, _v(
        ("Ortal", "אורטל"), ("Merom Golan", "מרום גולן"), ("Ein Zivan", "עין זיוון"), ("Kidmat Tzvi", "קדמת צבי"),
        ("Had Nes", "חד נס"), ("Keshet", "קשת"))),
    "kiryat_tivon": Place("Kiryat Tiv'on", "קריית טבעון", "city", False),
    "zevulun": Place("Zevulun Regional Council", "המועצה האזורית זבולון", "region", False, _v(
        ("Kfar Hasidim", "כפר חסידים"), ("Usha", "אושה"), ("Kfar HaMaccabi", "כפר המכבי"), ("Ramat Yohanan", "רמת יוחנן"))),
    "modiin": Place("Modi'in-Maccabim-Re'ut", "מודיעין-מכבים-רעות", "city", False),
    "sderot": Place("Sderot", "שדרות", "city", True),
    "hatzor": Place("Hatzor HaGlilit", "חצור הגלילית", "city", True),
    "rosh_pina": Place("Rosh Pina Local Council", "המועצה המקומית ראש פינה", "region", True),
    "kiryat_yam": Place("Kiryat Yam", "קריית ים", "city", False),
    "or_akiva": Place("Or Akiva", "אור עקיבא", "city", True),
    "hof_ashkelon": Place("Hof Ashkelon Regional Council", "המועצה האזורית חוף אשקלון", "region", True, _v(
        ("Karmia", "כרמיה"), ("Yad Mordechai", "יד מרדכי"), ("Zikim", "זיקים"), ("Gvar'am", "גברעם"),
        ("Netiv HaAsara", "נתיב העשרה"), ("Bat Hadar", "בת הדר"), ("Mavki'im", "מבקיעים"))),
    "nahariya": Place("Nahariya", "נהריה", "city", True),
    "yoav": Place("Yoav Regional Council", "המועצה האזורית יואב", "region", True, _v(
        ("Kfar Menahem", "כפר מנחם"), ("Negba", "נגבה"), ("Gal On", "גל און"), ("Revadim", "רבדים"), ("Kedma", "קדמה"))),
    "daliyat": Place("Daliyat al-Karmel", "דאלית אל-כרמל", "city", True, culture="ar"),
    "isfiya": Place("Isfiya", "עספיא", "city", True, culture="ar"),
    "lower_galilee": Place("Lower Galilee Regional Council", "המועצה האזורית הגליל התחתון", "region", True, _v(
        ("Kfar Kisch", "כפר קיש"), ("Ilaniya", "אילניה"), ("Sde Ilan", "שדה אילן"), ("Kfar Kama", "כפר כמא"),
        ("Beit Keshet", "בית קשת"))),
    "bnei_shimon": Place("Bnei Shimon Regional Council", "המועצה האזורית בני שמעון", "region", True, _v(
        ("Beit Kama", "בית קמה"), ("Lahav", "להב"), ("Dvira", "דבירה"), ("Shomria", "שומריה"), ("Mishmar HaNegev", "משמר הנגב"))),
    "mateh_yehuda": Place("Mateh Yehuda Regional Council", "המועצה האזורית מטה יהודה", "region", False, _v(
        ("Tzuba", "צובה"), ("Ma'ale HaHamisha", "מעלה החמישה"), ("Kiryat Anavim", "קריית ענבים"), ("Nes Harim", "נס הרים"),
        ("Bar Giora", "בר גיורא"))),
    "hof_hacarmel": Place("Hof HaCarmel Regional Council", "המועצה האזורית חוף הכרמל", "region", False, _v(
        ("Ein Hod", "עין הוד"), ("Ma'agan Michael", "מעגן מיכאל"), ("Neve Yam", "נווה ים"), ("Ein Carmel", "עין כרמל"))),
    "kiryat_bialik": Place("Kiryat Bialik", "קריית ביאליק", "city", False),
    "emek_hefer": Place("Emek Hefer Regional Council", "המועצה האזורית עמק חפר", "region", False, _v(
        ("Kfar Vitkin", "כפר ויתקין"), ("Ma'abarot", "מעברות"), ("Mikhmoret", "מכמורת"), ("Ein HaHoresh", "עין החורש"),
        ("Hogla", "חוגלה"))),
    "mevoot_hahermon": Place("Mevo'ot HaHermon Regional Council", "המועצה האזורית מבואות החרמון", "region", True, _v(
        ("Beit Hillel", "בית הלל"), ("Ma'ayan Baruch", "מעיין ברוך"), ("Kfar Szold", "כפר סאלד"), ("Margaliot", "מרגליות"),
        ("Yuval", "יובל"))),
}

C2C, R2R = "city_to_city", "region_to_region"

PARTNERSHIPS = (
    Spec("boston", "Boston – Haifa", "בוסטון – חיפה", C2C, 1996, ("boston",), ("haifa",)),
    Spec("chicago", "Chicago – Kiryat Gat/Lachish", "שיקגו – קריית גת/לכיש", R2R, 1995, ("chicago",), ("kiryat_gat", "lachish")),
    Spec("pittsburgh", "Pittsburgh – Karmiel/Misgav", "פיטסבורג – כרמיאל/משגב", R2R, 1997, ("pittsburgh",), ("karmiel", "misgav")),
    Spec("uk", "UK – Eilat/Eilot", "בריטניה – אילת/אילות", R2R, 1996, ("uk",), ("eilat", "eilot"), "GBP"),
    Spec("buenos_aires", "Buenos Aires – Ofakim/Merhavim", "בואנוס איירס – אופקים/מרחבים", R2R, 2001, ("buenos_aires",),
         ("ofakim", "merhavim"), "ARS"),
    Spec("baltimore", "Baltimore – Ashkelon", "בולטימור – אשקלון", C2C, 2003, ("baltimore",), ("ashkelon",)),
    Spec("atlanta", "Atlanta – Yokneam/Megiddo", "אטלנטה – יקנעם/מגידו", R2R, 1997, ("atlanta",), ("yokneam", "megiddo")),
    Spec("la", "Los Angeles – Tel Aviv", "לוס אנג'לס – תל אביב", C2C, 1997, ("la",), ("tel_aviv",)),
    Spec("cleveland", "Cleveland – Beit She'an/Valley of Springs", "קליבלנד – בית שאן/עמק המעיינות", R2R, 1995, ("cleveland",),
         ("beit_shean", "emek_hamaayanot")),
    Spec("detroit", "Detroit – Central Galilee", "דטרויט – הגליל המרכזי", R2R, 1995, ("detroit",),
         ("nof_hagalil", "migdal_haemek", "kfar_tavor")),
    Spec("melbourne", "Melbourne – Tzfat/Merom HaGalil", "מלבורן – צפת/מרום הגליל", R2R, 1998, ("melbourne",),
         ("tzfat", "merom_hagalil"), "AUD"),
    Spec("montreal", "Montreal – Be'er Sheva", "מונטריאול – באר שבע", C2C, 1995, ("montreal",), ("beer_sheva",), "CAD"),
    Spec("toronto", "Toronto – Kiryat Shmona/Upper Galilee", "טורונטו – קריית שמונה/הגליל העליון", R2R, 1995, ("toronto",),
         ("kiryat_shmona", "upper_galilee"), "CAD"),
    Spec("metrowest", "MetroWest NJ – Ra'anana", "מטרו-וסט ניו ג'רזי – רעננה", C2C, 1995, ("metrowest",), ("raanana",)),
    Spec("philadelphia", "Philadelphia – Netivot/Sdot Negev", "פילדלפיה – נתיבות/שדות נגב", R2R, 1997, ("philadelphia",),
         ("netivot", "sdot_negev")),
    Spec("washington", "Washington – Beit Shemesh", "וושינגטון – בית שמש", C2C, 1998, ("washington",), ("beit_shemesh",)),
    Spec("cincinnati", "Cincinnati – Netanya", "סינסינטי – נתניה", C2C, 1995, ("cincinnati",), ("netanya",)),
    Spec("western_galilee", "Western Galilee – Central Area Consortium and Budapest",
         "הגליל המערבי – קונסורציום המרכז ובודפשט", R2R, 1995, ("central_area", "budapest"),
         ("akko", "mateh_asher", "maale_yosef", "maalot", "shlomi")),
    Spec("southern", "Southern Area Consortium – Arad/Tamar", "קונסורציום הדרום – ערד/תמר", R2R, 1998, ("southern",),
         ("arad", "tamar")),
    Spec("san_francisco", "San Francisco – Tiberias/Jordan Valley", "סן פרנסיסקו – טבריה/עמק הירדן", R2R, 1996,
         ("san_francisco",), ("tiberias", "emek_hayarden")),
    Spec("miami", "Miami – Afula/Gilboa", "מיאמי – עפולה/הגלבוע", R2R, 1997, ("miami",), ("afula", "gilboa")),
    Spec("san_diego", "San Diego – Sha'ar HaNegev", "סן דייגו – שער הנגב", R2R, 1998, ("san_diego",), ("shaar_hanegev",)),
    Spec("dallas", "Dallas – Mitzpe Ramon/Ramat HaNegev", "דאלאס – מצפה רמון/רמת נגב", R2R, 2002, ("dallas",),
         ("mitzpe_ramon", "ramat_hanegev")),
    Spec("houston", "Houston – Yeruham", "יוסטון – ירוחם", C2C, 2004, ("houston",), ("yeruham",)),
    Spec("phoenix", "Phoenix – Hod HaSharon", "פיניקס – הוד השרון", C2C, 2005, ("phoenix",), ("hod_hasharon",)),
    Spec("st_louis", "St. Louis – Dimona", "סנט לואיס – דימונה", C2C, 2003, ("st_louis",), ("dimona",)),
    Spec("columbus", "Columbus – Kiryat Malakhi/Be'er Tuvia", "קולומבוס – קריית מלאכי/באר טוביה", R2R, 2006, ("columbus",),
         ("kiryat_malakhi", "beer_tuvia")),
    Spec("minneapolis", "Minneapolis and St. Paul – Jezreel Valley", "מיניאפוליס וסנט פול – עמק יזרעאל", R2R, 1999,
         ("minneapolis",), ("jezreel",)),
    Spec("denver", "Denver/Boulder – Katzrin/Golan", "דנוור/בולדר – קצרין/גולן", R2R, 2007, ("denver",), ("katzrin", "golan")),
    Spec("seattle", "Seattle – Kiryat Tiv'on/Zevulun", "סיאטל – קריית טבעון/זבולון", R2R, 2008, ("seattle",),
         ("kiryat_tivon", "zevulun")),
    Spec("rochester", "Rochester – Modi'in", "רוצ'סטר – מודיעין", C2C, 2009, ("rochester",), ("modiin",)),
    Spec("france", "France – Sderot", "צרפת – שדרות", C2C, 2008, ("france",), ("sderot",), "EUR"),
    Spec("south_africa", "South Africa – Hatzor HaGlilit/Rosh Pina", "דרום אפריקה – חצור הגלילית/ראש פינה", R2R, 2002,
         ("south_africa",), ("hatzor", "rosh_pina"), "ZAR"),
    Spec("germany", "Germany – Kiryat Yam", "גרמניה – קריית ים", C2C, 2011, ("germany",), ("kiryat_yam",), "EUR"),
    Spec("mexico", "Mexico – Or Akiva", "מקסיקו – אור עקיבא", C2C, 2012, ("mexico",), ("or_akiva",)),
    Spec("brazil", "Brazil – Hof Ashkelon", "ברזיל – חוף אשקלון", R2R, 2004, ("brazil",), ("hof_ashkelon",)),
    Spec("benelux", "Netherlands and Belgium – Nahariya", "הולנד ובלגיה – נהריה", C2C, 2010, ("benelux",), ("nahariya",), "EUR"),
    Spec("ottawa", "Ottawa – Yoav", "אוטווה – יואב", R2R, 2006, ("ottawa",), ("yoav",), "CAD"),
    Spec("winnipeg", "Winnipeg – Daliyat al-Karmel/Isfiya", "ויניפג – דאלית אל-כרמל/עספיא", R2R, 2013, ("winnipeg",),
         ("daliyat", "isfiya"), "CAD"),
    Spec("vancouver", "Vancouver – Lower Galilee", "ונקובר – הגליל התחתון", R2R, 2010, ("vancouver",), ("lower_galilee",), "CAD"),
    Spec("southern_nj", "Southern New Jersey – Bnei Shimon", "דרום ניו ג'רזי – בני שמעון", R2R, 2007, ("southern_nj",),
         ("bnei_shimon",)),
    Spec("hartford", "Hartford – Mateh Yehuda", "הרטפורד – מטה יהודה", R2R, 2005, ("hartford",), ("mateh_yehuda",)),
    Spec("milwaukee", "Milwaukee – Hof HaCarmel", "מילווקי – חוף הכרמל", R2R, 2009, ("milwaukee",), ("hof_hacarmel",),
         status="dormant"),
    Spec("westchester", "Westchester – Kiryat Bialik", "וסטצ'סטר – קריית ביאליק", C2C, 2000, ("westchester",), ("kiryat_bialik",)),
    Spec("sydney", "Sydney – Emek Hefer", "סידני – עמק חפר", R2R, 2006, ("sydney",), ("emek_hefer",), "AUD"),
    Spec("upstate", "Upstate New York – Mevo'ot HaHermon", "צפון מדינת ניו יורק – מבואות החרמון", R2R, 2025, ("upstate",),
         ("mevoot_hahermon",), status="forming"),
)

# Names of new communities in establishment (seeds 002, 003): nuclei in Israel, school communities,
# communities of Israelis abroad. (en, he, kind, side, country, tz, locality_en, locality_he)
NEW_COMMUNITIES = (
    ("Garin Lev HaNegev", "גרעין לב הנגב", "nucleus", "israel", "IL", JLM, "Yeruham", "ירוחם"),
    ("Kehilat Shorashim, Karmiel", "קהילת שורשים, כרמיאל", "nucleus", "israel", "IL", JLM, "Karmiel", "כרמיאל"),
    ("Beit Midrash Community of Ofakim", "קהילת בית המדרש של אופקים", "nucleus", "israel", "IL", JLM, "Ofakim", "אופקים"),
    ("Yachad School Community, Kiryat Gat", "קהילת בית הספר יחד, קריית גת", "school_community", "israel", "IL", JLM,
     "Kiryat Gat", "קריית גת"),
    ("Israeli Community of Berlin", "קהילת הישראלים בברלין", "community_abroad", "diaspora", "DE", "Europe/Berlin",
     "Berlin", "ברלין"),
    ("Garin Tzameret, Eilat", "גרעין צמרת, אילת", "nucleus", "israel", "IL", JLM, "Eilat", "אילת"),
    ("Mixed Community of Migdal HaEmek", "הקהילה המעורבת של מגדל העמק", "nucleus", "israel", "IL", JLM,
     "Migdal HaEmek", "מגדל העמק"),
    ("Israeli Community of Amsterdam", "קהילת הישראלים באמסטרדם", "community_abroad", "diaspora", "NL", "Europe/Amsterdam",
     "Amsterdam", "אמסטרדם"),
    ("Gesher School Community, Netivot", "קהילת בית הספר גשר, נתיבות", "school_community", "israel", "IL", JLM,
     "Netivot", "נתיבות"),
    ("Garin Nitzanim, Sderot", "גרעין ניצנים, שדרות", "nucleus", "israel", "IL", JLM, "Sderot", "שדרות"),
    ("Israeli Community of London", "קהילת הישראלים בלונדון", "community_abroad", "diaspora", "GB", "Europe/London",
     "London", "לונדון"),
    ("Kehilat Ha'Ir, Beit She'an", "קהילת העיר, בית שאן", "nucleus", "israel", "IL", JLM, "Beit She'an", "בית שאן"),
    ("Garin Ha'Emek, Afula", "גרעין העמק, עפולה", "nucleus", "israel", "IL", JLM, "Afula", "עפולה"),
    ("Israeli Community of Paris", "קהילת הישראלים בפריז", "community_abroad", "diaspora", "FR", "Europe/Paris",
     "Paris", "פריז"),
    ("Tzafon School Community, Kiryat Shmona", "קהילת בית הספר צפון, קריית שמונה", "school_community", "israel", "IL", JLM,
     "Kiryat Shmona", "קריית שמונה"),
    ("Garin Arava, Yotvata", "גרעין ערבה, יטבתה", "nucleus", "israel", "IL", JLM, "Yotvata", "יטבתה"),
    ("Israeli Community of Munich", "קהילת הישראלים במינכן", "community_abroad", "diaspora", "DE", "Europe/Berlin",
     "Munich", "מינכן"),
    ("Kehilat Yam, Kiryat Yam", "קהילת ים, קריית ים", "nucleus", "israel", "IL", JLM, "Kiryat Yam", "קריית ים"),
    ("Garin Dimona Tzeira", "גרעין דימונה צעירה", "nucleus", "israel", "IL", JLM, "Dimona", "דימונה"),
    ("Israeli Community of Vienna", "קהילת הישראלים בווינה", "community_abroad", "diaspora", "AT", "Europe/Vienna",
     "Vienna", "וינה"),
    ("Shaked School Community, Arad", "קהילת בית הספר שקד, ערד", "school_community", "israel", "IL", JLM, "Arad", "ערד"),
    ("Garin Ma'alot, Ma'alot-Tarshiha", "גרעין מעלות, מעלות-תרשיחא", "nucleus", "israel", "IL", JLM,
     "Ma'alot-Tarshiha", "מעלות-תרשיחא"),
    ("Israeli Community of Barcelona", "קהילת הישראלים בברצלונה", "community_abroad", "diaspora", "ES", "Europe/Madrid",
     "Barcelona", "ברצלונה"),
    ("Kehilat Nofim, Nof HaGalil", "קהילת נופים, נוף הגליל", "nucleus", "israel", "IL", JLM, "Nof HaGalil", "נוף הגליל"),
    ("Garin Or, Or Akiva", "גרעין אור, אור עקיבא", "nucleus", "israel", "IL", JLM, "Or Akiva", "אור עקיבא"),
    ("Harmony School Community, Akko", "קהילת בית הספר הרמוניה, עכו", "school_community", "israel", "IL", JLM, "Akko", "עכו"),
    ("Israeli Community of Prague", "קהילת הישראלים בפראג", "community_abroad", "diaspora", "CZ", "Europe/Prague",
     "Prague", "פראג"),
    ("Garin Hatzor, Hatzor HaGlilit", "גרעין חצור, חצור הגלילית", "nucleus", "israel", "IL", JLM,
     "Hatzor HaGlilit", "חצור הגלילית"),
    ("Kehilat Lev Tiberias", "קהילת לב טבריה", "nucleus", "israel", "IL", JLM, "Tiberias", "טבריה"),
    ("Garin Mitzpe, Mitzpe Ramon", "גרעין מצפה, מצפה רמון", "nucleus", "israel", "IL", JLM, "Mitzpe Ramon", "מצפה רמון"),
    ("Israeli Community of Lisbon", "קהילת הישראלים בליסבון", "community_abroad", "diaspora", "PT", "Europe/Lisbon",
     "Lisbon", "ליסבון"),
    ("Ha'Kfar School Community, Kiryat Malakhi", "קהילת בית הספר הכפר, קריית מלאכי", "school_community", "israel", "IL", JLM,
     "Kiryat Malakhi", "קריית מלאכי"),
)
