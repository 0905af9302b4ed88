"""What the submission and crash tests share: example notices, the database read-only, the Finnish calendar.

Everything a test compares the server against is computed here independently of the server: routing
expectations come from the Statistics Finland CSV files, hashes from the files and Python's own JSON
serialisation, deadlines from a calendar written from the holiday rules (Act 150/1930, LSL 26 §).

The example documents are written for expectations.json's reference_date; the notices made from them here are
re-dated to the day the server under test is on (`dated`), so that the tests pass on any day and with any
HUOLI_TEST_DATE.
"""
import copy
import csv
import datetime
import hashlib
import json
import os
import sqlite3
import zoneinfo

import harness
from harness import SOURCE_DIR

EXAMPLES = os.path.join(SOURCE_DIR, "schema", "examples")
ROUTING_DATA = os.path.join(SOURCE_DIR, "server", "routing", "data")
FORMS = ("child-welfare-notification", "anticipatory-notification", "contact-request")

# The object that describes the person a form is about.
SUBJECT = {"child-welfare-notification": "child", "anticipatory-notification": "expectant_parent",
           "contact-request": "person"}
MUNICIPALITY_FIELDS = ("residence_municipality", "home_municipality", "whereabouts_municipality")

# A professional notifier with a workplace municipality, so that every rule of the chain can be reached.
BASE_EXAMPLE = {
    "child-welfare-notification": "valid-teacher-kajaani.json",
    "anticipatory-notification": "valid-social-worker-kajaani.json",
    "contact-request": "valid-teacher-kajaani-joint-lsl-25a.json",  # about a child
}
ADULT_CONTACT_EXAMPLE = "valid-kela-rovaniemi-adult-with-consent.json"

RECEIPT_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"  # no 0/O, 1/I/L, U
RECEIPT_PATTERN = rf"^[{RECEIPT_ALPHABET}]{{4}}-[{RECEIPT_ALPHABET}]{{4}}-[{RECEIPT_ALPHABET}]{{2}}$"
# Notice ids are time-ordered UUIDv7 (RFC 9562).
UUID_PATTERN = r"^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"
TIMESTAMP_PATTERN = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$"


def submission_path(form):
    return "/api/v1/submissions/" + form


def example(form, name, today=None):
    """schema/examples/<form>/<name>, re-dated to `today` (default: the server's today, harness.server_today())."""
    with open(os.path.join(EXAMPLES, form, name), encoding="utf-8") as f:
        return dated(json.load(f), harness.server_today() if today is None else today)


def _expectations_document():
    with open(os.path.join(EXAMPLES, "expectations.json"), encoding="utf-8") as f:
        return json.load(f)


def expectations():
    return _expectations_document()["examples"]


def reference_date():
    """The "today" the examples were written for (expectations.json)."""
    return datetime.date.fromisoformat(_expectations_document()["reference_date"])


def dated(doc, today):
    """A copy of example `doc` as if it were written on `today` instead of on reference_date().

    - Every date of the notice's events (an observation, a consent) and every date after the reference date
      keeps its distance from "today": three days before it stays three days before, a date in the future stays
      as far in the future. A date "not in the future" stays so; one "in the future" stays so.
    - The due date of a pregnancy is made from the pregnancy week when there is one (40 weeks in all), else
      20 weeks on: the examples' own due dates are far in the future so that documents posted verbatim (the
      benchmarks) stay valid, and a realistic notice has a due date within months.
    - People keep their age: a birth date moves with the rest, and a valid identity code is rewritten for the
      moved birth date (same individual number, so a temporary code stays temporary). The server refuses a
      "child" of 18 (not_a_child), so a child of the examples must stay a child on every day a test runs.
      Only the documents posted verbatim (the benchmarks' bodies) keep their people's real birth dates; see
      adult_on().
    """
    reference = reference_date()
    shift = today - reference

    def moved_person(person):
        code = person.get("personal_identity_code")
        if not isinstance(code, str) or not is_valid_hetu(code):
            return person
        born = hetu_birth_date(code) + shift
        out = dict(person, personal_identity_code=hetu(born, int(code[7:10]), code[6]))
        if "birth_date" in person:
            out["birth_date"] = born.isoformat()
        return out

    def moved(key, value):
        try:
            d = datetime.date.fromisoformat(value)
        except ValueError:
            return value  # not a date, or one the example gets wrong on purpose
        if key == "due_date" and d > reference:
            return (today + datetime.timedelta(weeks=40 - week if week else 20)).isoformat()
        return (d + shift).isoformat()

    def walk(key, value):
        if isinstance(value, dict):
            shifted = {k: walk(k, v) for k, v in value.items()}
            return moved_person(shifted) if "personal_identity_code" in value else shifted
        if isinstance(value, list):
            return [walk(key, v) for v in value]
        if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
            return moved(key, value)
        return value

    week = doc.get("pregnancy_week")
    week = week if isinstance(week, int) and 0 < week < 40 else None
    return walk(None, doc)


HETU_CHECK = "0123456789ABCDEFHJKLMNPRSTUVWXY"
HETU_CENTURY = {"+": 1800, "-": 1900, "Y": 1900, "X": 1900, "W": 1900, "V": 1900, "U": 1900,
                "A": 2000, "B": 2000, "C": 2000, "D": 2000, "E": 2000, "F": 2000}


def hetu(born, individual, sign=None):
    """A valid personal identity code for someone born on `born` (individual number 900-999: temporary).

    `sign` is kept when it names the century of `born` (2000s: A-F, 1900s: - and U-Y), else the usual one is used.
    """
    digits = born.strftime("%d%m%y") + f"{individual:03d}"
    century = born.year // 100 * 100
    if sign is None or HETU_CENTURY.get(sign) != century:
        sign = {1800: "+", 1900: "-", 2000: "A"}[century]
    return born.strftime("%d%m%y") + sign + f"{individual:03d}" + HETU_CHECK[int(digits) % 31]


def is_valid_hetu(code):
    try:
        hetu_birth_date(code)
    except (KeyError, ValueError, IndexError):
        return False
    return len(code) == 11 and code[7:10].isdigit() and HETU_CHECK[int(code[0:6] + code[7:10]) % 31] == code[10]


def hetu_birth_date(code):
    """The date of birth a personal identity code gives (written here from DVV's rules, not the server's)."""
    return datetime.date(HETU_CENTURY[code[6]] + int(code[4:6]), int(code[2:4]), int(code[0:2]))


def eighteenth_birthday(born):
    """29 February's 18th birthday in a common year is 28 February (the server's documented choice)."""
    try:
        return born.replace(year=born.year + 18)
    except ValueError:
        return datetime.date(born.year + 18, 2, 28)


def adult_on(doc, form, today):
    """The JSON Pointer at which the server must refuse `doc` as not about a child on `today`, or None."""
    key = SUBJECT[form]
    subject = doc.get(key, {})
    if form == "anticipatory-notification" or (form == "contact-request" and subject.get("kind") != "child"):
        return None
    for field, born in (("personal_identity_code", lambda v: hetu_birth_date(v)),
                        ("birth_date", lambda v: datetime.date.fromisoformat(v))):
        if field in subject and today >= eighteenth_birthday(born(subject[field])):
            return f"/{key}/{field}"
    return None


def notice(form, home=None, residence=None, whereabouts=None, workplace=None, adult=False):
    """A valid example of `form` whose municipality fields are exactly the given ones (None = absent)."""
    name = ADULT_CONTACT_EXAMPLE if adult else BASE_EXAMPLE[form]
    doc = copy.deepcopy(example(form, name))
    subject = doc[SUBJECT[form]]
    for field in MUNICIPALITY_FIELDS:
        subject.pop(field, None)
    doc["notifier"].pop("workplace_municipality", None)
    for field, code in (("home_municipality", home), ("residence_municipality", residence),
                        ("whereabouts_municipality", whereabouts)):
        if code is not None:
            subject[field] = code
    if workplace is not None:
        doc["notifier"]["workplace_municipality"] = workplace
    return doc


def encode(doc):
    """The request body: UTF-8 JSON as a browser would send it (not canonical: spaces, insertion order)."""
    return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")


def canonical(doc):
    """Sorted keys, no whitespace, UTF-8: what server/json/canonical.hpp documents for integer-only documents."""
    return json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def as_stored(doc):
    """`doc` as the server stores it: phone numbers rewritten to E.164 (forms/validator.hpp), nothing else.

    Only the shapes of the example documents are handled: national "040 123 4567" and "+358 ..." forms.
    """
    def walk(value):
        if isinstance(value, dict):
            return {k: (_e164(v) if k == "phone" and isinstance(v, str) else walk(v)) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v) for v in value]
        return value
    return walk(doc)


def _e164(phone):
    digits = "".join(c for c in phone if c.isdigit() or c == "+")
    if digits.startswith("+"):
        return digits
    if digits.startswith("00"):
        return "+" + digits[2:]
    return "+358" + digits[1:]


def sha256_hex(data):
    return hashlib.sha256(data if isinstance(data, bytes) else data.encode("utf-8")).hexdigest()


def schema_sha256(form):
    """The hash the server records: the form's schema file followed by common.schema.json, as bytes."""
    parts = []
    for name in (form + ".schema.json", "common.schema.json"):
        with open(os.path.join(SOURCE_DIR, "schema", name), "rb") as f:
            parts.append(f.read())
    return sha256_hex(b"".join(parts))


def table_in_force(day=None):
    """The entry of tables.json in force on `day` (default: the servers' day): the last one from on or before it."""
    day = day or harness.server_today()
    with open(os.path.join(ROUTING_DATA, "tables.json"), encoding="utf-8") as f:
        tables = json.load(f)["tables"]
    in_force = [t for t in tables if datetime.date.fromisoformat(t["valid_from"]) <= day]
    if not in_force:
        raise AssertionError(f"no municipality table in force on {day}")
    return in_force[-1]


def routing_table_sha256():
    """The hash the server records for the table in force today: its municipality file, then its county file."""
    table = table_in_force()
    parts = []
    for name in (table["municipalities"], table["counties"]):
        with open(os.path.join(ROUTING_DATA, name), "rb") as f:
            parts.append(f.read())
    return sha256_hex(b"".join(parts))


def county_names():
    """County code → {fi, sv, en} from Statistics Finland's file of the table in force today."""
    with open(os.path.join(ROUTING_DATA, table_in_force()["counties"]), encoding="utf-8", newline="") as f:
        return {row["hyvinvointialue_koodi"]: {"fi": row["nimi_fi"], "sv": row["nimi_sv"], "en": row["nimi_en"]}
                for row in csv.DictReader(f)}


def county_of_municipality(code):
    with open(os.path.join(ROUTING_DATA, table_in_force()["municipalities"]), encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["kunta_koodi"] == code:
                return row["hyvinvointialue_koodi"]
    raise KeyError(code)


def stored_idempotency_key(form, key):
    """The idempotency_keys row's key for a public submission (api/submission_routes.cpp)."""
    return f"public:{form}:{key}"


def post(conn, form, doc, key=None, body=None, timeout=10.0):
    """POSTs `doc` (or raw `body`) on an open harness.Http connection."""
    headers = {"Content-Type": "application/json"}
    if key is not None:
        headers["Idempotency-Key"] = key
    return conn.request("POST", submission_path(form), headers, body if body is not None else encode(doc),
                        timeout=timeout)


# --- the database, read-only ---------------------------------------------------------------------------

def db_path(server):
    return os.path.join(server.workdir, "data", "huoli.db")


def open_db(server):
    """A read-only connection (the server keeps writing through its own)."""
    db = sqlite3.connect(f"file:{db_path(server)}?mode=ro", uri=True, timeout=10)
    db.row_factory = sqlite3.Row
    return db


def query(server, sql, args=()):
    db = open_db(server)
    try:
        return db.execute(sql, args).fetchall()
    finally:
        db.close()


def count(server, table):
    return query(server, f"SELECT count(*) FROM {table}")[0][0]


def stored_notices(server):
    """Notices stored, each counted once: the other children's cases of a notice about several
    children are rows of their own in `notices` without a payload (store/migrations.cpp, version 6)."""
    return query(server, "SELECT count(*) FROM notices WHERE id NOT IN "
                         "(SELECT notice_id FROM notice_links WHERE content_of <> notice_id)")[0][0]


def half_written_in(server):
    db = open_db(server)
    try:
        return half_written(db)
    finally:
        db.close()


def half_written(db):
    """Every way a notice could be stored in part, as readable strings; empty when every notice is whole."""
    checks = {
        "notice without routing record":
            "SELECT id FROM notices n WHERE NOT EXISTS (SELECT 1 FROM routing_records r WHERE r.notice_id = n.id)",
        "notice without queue item":
            "SELECT id FROM notices n WHERE NOT EXISTS (SELECT 1 FROM queue_items q WHERE q.notice_id = n.id)",
        "notice without exactly one submit audit event":
            "SELECT id FROM notices n WHERE (SELECT count(*) FROM audit_events a "
            "WHERE a.object = n.id AND a.action = 'submit') <> 1",
        "routing record without notice":
            "SELECT notice_id FROM routing_records r WHERE NOT EXISTS (SELECT 1 FROM notices n WHERE n.id = r.notice_id)",
        "queue item without notice":
            "SELECT notice_id FROM queue_items q WHERE NOT EXISTS (SELECT 1 FROM notices n WHERE n.id = q.notice_id)",
        "submit audit event without notice":
            "SELECT seq FROM audit_events a WHERE a.action = 'submit' "
            "AND NOT EXISTS (SELECT 1 FROM notices n WHERE n.id = a.object)",
        "idempotency key without notice":
            "SELECT key FROM idempotency_keys k WHERE NOT EXISTS (SELECT 1 FROM notices n WHERE n.id = k.notice_id)",
        "case linked to a notice that is not its group's first":
            "SELECT l.notice_id FROM notice_links l WHERE NOT EXISTS (SELECT 1 FROM notice_links f "
            "WHERE f.notice_id = l.content_of AND f.content_of = f.notice_id AND f.group_id = l.group_id)",
        "group with a case that holds its own payload or a first child without one":
            "SELECT l.notice_id FROM notice_links l JOIN notices n ON n.id = l.notice_id "
            "WHERE (n.payload = 'null') <> (l.notice_id <> l.content_of)",
        "queue item in another queue than its notice":
            "SELECT q.notice_id FROM queue_items q JOIN notices n ON n.id = q.notice_id WHERE q.queue_id <> n.queue_id",
    }
    problems = []
    for what, sql in checks.items():
        rows = db.execute(sql).fetchall()
        if rows:
            problems.append(f"{what}: {len(rows)} (e.g. {rows[0][0]})")
    # A linked child's case holds no payload; it is checked against its first child's.
    for row in db.execute("SELECT n.id, c.payload, n.payload_sha256 FROM notices n "
                          "JOIN notice_content c ON c.notice_id = n.id"):
        if sha256_hex(row[1]) != row[2]:
            problems.append(f"payload_sha256 does not match the payload of {row[0]}")
    integrity = db.execute("PRAGMA integrity_check").fetchall()
    if [tuple(r) for r in integrity] != [("ok",)]:
        problems.append(f"integrity_check: {[tuple(r) for r in integrity][:5]}")
    if db.execute("PRAGMA foreign_key_check").fetchall():
        problems.append("foreign_key_check reports violations")
    return problems


# --- the Finnish working-day calendar (written from the rules, not taken from the server) -----------------

def easter_sunday(year):
    """Gregorian Easter (the anonymous algorithm, Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month = (h + l - 7 * m + 114) // 31
    day = (h + l - 7 * m + 114) % 31 + 1
    return datetime.date(year, month, day)


def _first_weekday_on_or_after(start, weekday):
    return start + datetime.timedelta(days=(weekday - start.weekday()) % 7)


def public_holidays(year):
    """The days other than Saturdays and Sundays on which offices are closed in Finland."""
    easter = easter_sunday(year)
    day = datetime.timedelta(days=1)
    midsummer_eve = _first_weekday_on_or_after(datetime.date(year, 6, 19), 4)  # Friday 19–25 June
    return {
        datetime.date(year, 1, 1),                                   # New Year's Day
        datetime.date(year, 1, 6),                                   # Epiphany
        easter - 2 * day,                                            # Good Friday
        easter,                                                      # Easter Sunday
        easter + day,                                                # Easter Monday
        datetime.date(year, 5, 1),                                   # May Day
        easter + 39 * day,                                           # Ascension Day
        easter + 49 * day,                                           # Whit Sunday
        midsummer_eve,                                               # Midsummer Eve
        midsummer_eve + day,                                         # Midsummer Day
        _first_weekday_on_or_after(datetime.date(year, 10, 31), 5),  # All Saints' Day: Saturday 31.10–6.11
        datetime.date(year, 12, 6),                                  # Independence Day
        datetime.date(year, 12, 24),                                 # Christmas Eve
        datetime.date(year, 12, 25),                                 # Christmas Day
        datetime.date(year, 12, 26),                                 # St Stephen's Day
    }


def is_working_day(d):
    return d.weekday() < 5 and d not in public_holidays(d.year)


def decision_due(received):
    """The 7th working day after the day of receipt, which does not count (LSL 26 §)."""
    d, left = received, 7
    while left:
        d += datetime.timedelta(days=1)
        if is_working_day(d):
            left -= 1
    return d


def assessment_due(received):
    """Three months after receipt (the last day of a shorter month), then the next working day (Act 150/1930)."""
    month = received.month + 3
    year, month = received.year + (month - 1) // 12, (month - 1) % 12 + 1
    last = (datetime.date(year + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1)).day
    d = datetime.date(year, month, min(received.day, last))
    while not is_working_day(d):
        d += datetime.timedelta(days=1)
    return d


def helsinki_date(utc_timestamp):
    """The Europe/Helsinki calendar date of a "YYYY-MM-DDTHH:MM:SS.mmmZ" instant (tz database, not the server's)."""
    instant = datetime.datetime.strptime(utc_timestamp, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=datetime.timezone.utc)
    return instant.astimezone(zoneinfo.ZoneInfo("Europe/Helsinki")).date()
