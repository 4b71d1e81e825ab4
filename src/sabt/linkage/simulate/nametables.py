"""Name tables for the simulator: Persian spellings with the Latin spellings
they are printed with (PERSIAN.md §3: o/u and e/i, doubled consonants, final
silent ه, kh/x, gh/q, ou/oo, compounds).

The parts are common names; the people the simulator makes from them are
random combinations and therefore fictional. Each entry is
``(persian, "latin1|latin2|...")``; the first Latin spelling is the commonest.
"""

from __future__ import annotations

from sabt.names import romanizations, script, surname_affixes

MALE_GIVEN: tuple[tuple[str, str], ...] = (
    ("محمد", "Mohammad|Muhammad|Mohamad|Mohammed"),
    ("علی", "Ali|Aly"),
    ("حسین", "Hossein|Hosein|Hussein|Husayn"),
    ("حسن", "Hassan|Hasan"),
    ("مهدی", "Mehdi|Mahdi"),
    ("رضا", "Reza|Rezza"),
    ("محمود", "Mahmoud|Mahmood|Mahmud"),
    ("مسعود", "Massoud|Masoud|Masood|Masud"),
    ("داوود", "Davoud|Davood|Dawood|Davud"),
    ("عباس", "Abbas|Abas"),
    ("غلامرضا", "Gholamreza|Qolamreza|Gholam-Reza|Gholam Reza"),
    ("اصغر", "Asghar|Asgar|Asqar"),
    ("اکبر", "Akbar"),
    ("جواد", "Javad|Djavad|Jawad"),
    ("خسرو", "Khosrow|Khosro|Xosrow"),
    ("مجید", "Majid|Madjid"),
    ("بهروز", "Behrouz|Behrooz|Behruz"),
    ("فرهاد", "Farhad"),
    ("سعید", "Saeed|Said|Saeid"),
    ("حمید", "Hamid"),
    ("ناصر", "Nasser|Naser"),
    ("منصور", "Mansour|Mansoor|Mansur"),
    ("جمشید", "Jamshid|Djamshid"),
    ("کاظم", "Kazem|Kazim"),
    ("هوشنگ", "Houshang|Hooshang|Hushang"),
    ("مصطفی", "Mostafa|Mustafa"),
    ("ابراهیم", "Ebrahim|Ibrahim"),
    ("اسماعیل", "Esmail|Ismail|Esmaeil"),
    ("یوسف", "Yousef|Yusuf|Yousof"),
    ("نادر", "Nader"),
    ("کریم", "Karim"),
    ("مرتضی", "Morteza|Murtaza"),
    ("محسن", "Mohsen|Muhsin"),
    ("بیژن", "Bijan|Bizhan"),
    ("منوچهر", "Manouchehr|Manuchehr|Manoochehr"),
    ("سیروس", "Sirous|Cyrus|Siroos"),
    ("پرویز", "Parviz|Parwiz"),
    ("فریدون", "Fereydoun|Fereidoon|Fereydun"),
    ("کامران", "Kamran"),
    ("شهرام", "Shahram"),
    ("بهمن", "Bahman"),
    ("رحیم", "Rahim"),
    ("مهرداد", "Mehrdad"),
    ("امیر", "Amir"),
    ("ایرج", "Iraj|Iradj"),
    ("هادی", "Hadi"),
    ("جعفر", "Jafar|Ja'far|Djafar"),
    ("قاسم", "Ghasem|Qasem|Gasem"),
    ("محمدعلی", "Mohammad-Ali|Mohammadali|Mohammad Ali|Muhammad Ali"),
    ("علی‌اکبر", "Ali-Akbar|Aliakbar|Ali Akbar"),
)

FEMALE_GIVEN: tuple[tuple[str, str], ...] = (
    ("فاطمه", "Fatemeh|Fateme|Fatima|Fatemah"),
    ("زهرا", "Zahra"),
    ("مریم", "Maryam|Mariam"),
    ("اعظم", "A'zam|Azam"),
    ("ژاله", "Zhaleh|Jaleh|Zhale"),
    ("منیژه", "Manijeh|Manizheh|Manije"),
    ("شهین", "Shahin"),
    ("پروین", "Parvin"),
    ("معصومه", "Masoumeh|Masumeh|Masoomeh"),
    ("طاهره", "Tahereh|Tahere"),
    ("اشرف", "Ashraf"),
    ("سیمین", "Simin"),
    ("فرشته", "Fereshteh|Fereshte"),
    ("مهین", "Mahin"),
    ("نسرین", "Nasrin"),
    ("زینب", "Zeynab|Zainab|Zeinab"),
    ("رقیه", "Roghayeh|Roqayeh|Roghaye"),
    ("شیرین", "Shirin"),
)

SURNAME_BASES: tuple[tuple[str, str], ...] = (
    ("کریمی", "Karimi|Karimy"),
    ("حسینی", "Hosseini|Hoseini|Husseini|Hosseyni"),
    ("رضایی", "Rezaei|Rezaie|Rezai|Rezaee"),
    ("محمدی", "Mohammadi|Mohamadi|Muhammadi"),
    ("احمدی", "Ahmadi"),
    ("موسوی", "Mousavi|Moosavi|Musavi"),
    ("جعفری", "Jafari|Ja'fari|Djafari"),
    ("قاسمی", "Ghasemi|Qasemi"),
    ("صادقی", "Sadeghi|Sadeqi"),
    ("رحیمی", "Rahimi"),
    ("نوری", "Nouri|Noori|Nuri"),
    ("طاهری", "Taheri"),
    ("اکبری", "Akbari"),
    ("یزدانی", "Yazdani"),
    ("شریفی", "Sharifi"),
    ("مومنی", "Momeni|Mo'meni"),
    ("عباسی", "Abbasi|Abasi"),
    ("خسروی", "Khosravi|Xosravi"),
    ("نجفی", "Najafi"),
    ("کاظمی", "Kazemi"),
    ("بهرامی", "Bahrami"),
    ("سلیمانی", "Soleimani|Soleymani|Suleimani"),
    ("فرهادی", "Farhadi"),
    ("امینی", "Amini"),
    ("زارعی", "Zarei|Zare'i"),
    ("قربانی", "Ghorbani|Qorbani"),
    ("مرادی", "Moradi"),
    ("افشار", "Afshar"),
    ("تهرانی", "Tehrani"),
    ("شیرازی", "Shirazi"),
    ("اصفهانی", "Esfahani|Isfahani"),
    ("تبریزی", "Tabrizi"),
    ("رشتی", "Rashti"),
    ("باقری", "Bagheri|Baqeri"),
    ("ملکی", "Maleki"),
    ("نیکخواه", "Nikkhah|Nikkhwah"),
    ("دهقان", "Dehghan|Dehqan"),
    ("جلالی", "Jalali"),
    ("وحیدی", "Vahidi|Vahidy"),
    ("میرزایی", "Mirzaei|Mirzaie|Mirzai"),
)

# Compound surnames: a given name or word and an affix. Persian writes the
# joint with ZWNJ, a space or nothing; Latin with a hyphen, a space or nothing.
SURNAME_STEMS: tuple[tuple[str, str], ...] = (
    ("حسین", "Hossein|Hosein"),
    ("علی", "Ali"),
    ("حسن", "Hassan|Hasan"),
    ("رضا", "Reza"),
    ("تقی", "Taghi|Taqi"),
    ("نقی", "Naghi|Naqi"),
    ("اسد", "Asad"),
    ("کاظم", "Kazem"),
    ("مهدی", "Mehdi|Mahdi"),
)
# The affixes are sabt.names' (below). Common ones are drawn more often; one the table gains later gets weight 1.
_AFFIX_WEIGHTS = {"زاده": 4.0, "پور": 3.0, "نژاد": 2.0, "نیا": 2.0, "فر": 2.0}
# Table keys drop the madda (name_key): print the affix as lists do.
_AFFIX_DISPLAY = {"ابادی": "آبادی"}


def _surname_affixes() -> tuple[tuple[tuple[str, str], ...], tuple[float, ...]]:
    """The affixes of sabt.names' table (``surname_affixes``, one list for every
    package), spelt as its romanisations spell them, and how often each closes a
    simulated compound. Sorted, so a seed gives the same draws in every process."""
    persian = sorted(a for a in surname_affixes() if script(a) == "persian")
    entries: list[tuple[str, str]] = []
    weights: list[float] = []
    for key in persian:
        fa = _AFFIX_DISPLAY.get(key, key)
        entries.append((fa, "|".join(form.lower() for form in romanizations(fa))))
        weights.append(_AFFIX_WEIGHTS.get(key, 1.0))
    return tuple(entries), tuple(weights)


SURNAME_AFFIXES, SURNAME_AFFIX_WEIGHTS = _surname_affixes()

# Titles mixed into name fields (PERSIAN.md §5).
TITLES: tuple[tuple[str, str], ...] = (
    ("سید", "Seyyed|Seyed|Sayyid"),
    ("حاج", "Haj|Hajj"),
    ("شهید", "Shahid"),
    ("میرزا", "Mirza"),
)

PRISONS: tuple[tuple[str, str], ...] = (
    ("اوین", "Evin"),
    ("گوهردشت", "Gohardasht"),
    ("قزلحصار", "Ghezel Hesar"),
    ("عادل‌آباد", "Adelabad"),
    ("وکیل‌آباد", "Vakilabad"),
    ("دیزل‌آباد", "Dizelabad"),
    ("تبریز", "Tabriz"),
)

CITIES: tuple[tuple[str, str], ...] = (
    ("تهران", "Tehran"),
    ("شیراز", "Shiraz"),
    ("مشهد", "Mashhad"),
    ("تبریز", "Tabriz"),
    ("اصفهان", "Isfahan"),
    ("رشت", "Rasht"),
    ("کرمانشاه", "Kermanshah"),
    ("اهواز", "Ahvaz"),
)

# Fictional organisations ("Star group", "Mountain group", ...): the simulator
# must not attribute an affiliation of a real movement to generated people.
AFFILIATIONS: tuple[tuple[str, str], ...] = (
    ("گروه ستاره", "Goruh-e Setareh"),
    ("گروه کوه", "Goruh-e Kuh"),
    ("گروه دریا", "Goruh-e Darya"),
    ("مستقل", "Mostaghel"),
)

JALALI_MONTHS: tuple[tuple[str, str], ...] = (
    ("فروردین", "Farvardin"),
    ("اردیبهشت", "Ordibehesht"),
    ("خرداد", "Khordad"),
    ("تیر", "Tir"),
    ("مرداد", "Mordad"),
    ("شهریور", "Shahrivar"),
    ("مهر", "Mehr"),
    ("آبان", "Aban"),
    ("آذر", "Azar"),
    ("دی", "Dey"),
    ("بهمن", "Bahman"),
    ("اسفند", "Esfand"),
)


def spellings(entry: tuple[str, str]) -> list[str]:
    """The Latin spellings of one table entry, commonest first."""
    return entry[1].split("|")
