#!/usr/bin/env python3
"""Writes the sample files under datasets/ (run from the repository root).

Real figures are copied from ../shared/datasets-real (population, GDP, remittances paid,
bilateral remittances received); everything else is illustrative, made here with fixed
numbers or a seeded generator so the files never change between runs. The committed CSVs are
what emp and its tests read: this script only documents how they were made.

    python3 datasets/tools/make_datasets.py [--shared ../shared]
"""
import argparse
import csv
import json
import os
import random

COUNTRIES = {"BGD": "Bangladesh", "JAM": "Jamaica", "MLI": "Mali", "MDA": "Moldova"}
YEARS = [2016, 2017, 2018, 2019, 2020]
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


def write(rel, rows, delimiter=",", newline="\n"):
    path = os.path.join(ROOT, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter=delimiter, lineterminator=newline)
        w.writerows(rows)


def split(total, weights):
    """Integer parts of total in proportion to weights; the rounding goes to the last part."""
    s = sum(weights)
    parts = [int(total * w / s) for w in weights[:-1]]
    return parts + [total - sum(parts)]


def comma(x):
    """A decimal-comma number as a Moldovan spreadsheet writes it."""
    return f"{x:.1f}".replace(".", ",")


# ---------------------------------------------------------------- real extracts

def real_reference(shared):
    src = os.path.join(shared, "datasets-real", "datahub-population-gdp-long")
    for name in ("population", "gdp"):
        rows = [["Country Name", "Country Code", "Year", "Value"]]
        with open(os.path.join(src, name + ".csv"), encoding="utf-8") as f:
            for r in csv.DictReader(f):
                if r["Country Code"] in COUNTRIES and 2015 <= int(r["Year"]) <= 2020:
                    rows.append([r["Country Name"], r["Country Code"], r["Year"], r["Value"]])
        write(f"reference/{name}.csv", rows)


def real_remittances_paid(shared):
    """WDI BM.TRF.PWKR.CD.DT, reshaped from years-as-columns to one row per country and year."""
    src = os.path.join(shared, "datasets-real", "wdi-remittances-paid-wide",
                       "API_BM.TRF.PWKR.CD.DT_DS2_en_csv_v2_3012027.csv")
    with open(src, encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    header = rows[4]
    out = [["country_code", "year", "usd"]]
    for r in rows[5:]:
        if len(r) > 1 and r[1] in COUNTRIES:
            for y in YEARS:
                out.append([r[1], y, r[header.index(str(y))]])
    out[1:] = sorted(out[1:], key=lambda r: (r[0], r[1]))
    write("remittances/wdi-remittances-paid.csv", out)


WB_NAMES = {  # World Bank spellings that iso-codes does not carry
    "Bahamas, The": "BHS", "Congo, Rep.": "COG", "Curacao": "CUW", "Egypt, Arab Rep.": "EGY",
    "Gambia, The": "GMB", "Hong Kong SAR, China": "HKG", "Korea, Dem. Rep.": "PRK",
    "Korea, Rep.": "KOR", "St. Kitts and Nevis": "KNA", "St. Lucia": "LCA",
    "St. Vincent and the Grenadines": "VCT", "Turkey": "TUR", "Venezuela, RB": "VEN",
    "Virgin Islands (U.S.)": "VIR",
}


def real_bilateral(shared):
    """FT / World Bank bilateral remittance matrix: every sender of the four receivers."""
    with open("/usr/share/iso-codes/json/iso_3166-1.json", encoding="utf-8") as f:
        iso = json.load(f)["3166-1"]
    names = {}
    for c in iso:
        for k in ("name", "official_name", "common_name"):
            if k in c:
                names[c[k]] = c["alpha_3"]
    names.update(WB_NAMES)
    names["WORLD"] = "_T"
    receivers = {v: k for k, v in COUNTRIES.items()}
    src = os.path.join(shared, "datasets-real", "ft-bilateral-remittances", "remittances_matrix.csv")
    out = [["receiver", "receiver_code", "sender", "sender_code", "usd_millions"]]
    with open(src, encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["target"] in receivers:
                out.append([r["target"], receivers[r["target"]], r["source"], names[r["source"]], r["total_mdollars"]])
    write("remittances/bilateral-received-2017.csv", out)


# ---------------------------------------------------------------- Bangladesh

BGD_OUT = {2016: 757731, 2017: 1008525, 2018: 734181, 2019: 700159, 2020: 217669}
BGD_DEST = ["SAU", "ARE", "OMN", "QAT", "KWT", "MYS", "SGP", "JOR", "BHR", "_O"]
BGD_DEST_W = {
    2016: [143, 6, 188, 123, 5, 40, 55, 22, 72, 103],
    2017: [551, 5, 89, 82, 50, 100, 40, 20, 1, 70],
    2018: [257, 4, 73, 76, 27, 175, 41, 10, 1, 70],
    2019: [399, 3, 72, 50, 30, 1, 50, 22, 1, 72],
    2020: [162, 2, 21, 12, 2, 1, 8, 3, 1, 5],
}
BGD_FEMALE_PCT = {2016: 16, 2017: 12, 2018: 14, 2019: 15, 2020: 10}


def bangladesh():
    rows = [["Country", "Year", "Destination", "Sex", "Workers", "Flag"]]
    for y in YEARS:
        for dest, n in zip(BGD_DEST, split(BGD_OUT[y], BGD_DEST_W[y])):
            f = n * BGD_FEMALE_PCT[y] // 100
            flag = "P" if y == 2020 else ""
            rows.append(["BGD", y, dest, "Female", f, flag])
            rows.append(["BGD", y, dest, "Male", n - f, flag])
    write("bangladesh/bmet-overseas-employment.csv", rows)

    # Skill of departing workers (ISCED groups as BMET-style labels), all ages.
    rows = [["year", "level", "workers"]]
    for y in YEARS:
        for label, n in zip(["Primary or less", "Secondary", "Tertiary", "Not stated"],
                            split(BGD_OUT[y], [52, 30, 3, 15])):
            rows.append([y, label, n])
    write("bangladesh/skills-of-departing-workers.csv", rows)

    # Arrivals by reason: Rohingya refugees from Myanmar dominate 2017.
    arrivals = {
        2016: {("MMR", "humanitarian"): 87000, ("IND", "labour"): 9200, ("CHN", "labour"): 4100, ("IND", "family"): 2300, ("LKA", "labour"): 1500, ("_O", "study"): 1800, ("_O", "other"): 900},
        2017: {("MMR", "humanitarian"): 688000, ("IND", "labour"): 9800, ("CHN", "labour"): 5200, ("IND", "family"): 2500, ("LKA", "labour"): 1600, ("_O", "study"): 1900, ("_O", "other"): 1000},
        2018: {("MMR", "humanitarian"): 14500, ("IND", "labour"): 10400, ("CHN", "labour"): 6900, ("IND", "family"): 2600, ("LKA", "labour"): 1700, ("_O", "study"): 2000, ("_O", "other"): 1100},
        2019: {("MMR", "humanitarian"): 1000, ("IND", "labour"): 10900, ("CHN", "labour"): 7800, ("IND", "family"): 2700, ("LKA", "labour"): 1800, ("_O", "study"): 2100, ("_O", "other"): 1200},
        2020: {("MMR", "humanitarian"): 500, ("IND", "labour"): 6100, ("CHN", "labour"): 3900, ("IND", "family"): 1900, ("LKA", "labour"): 900, ("_O", "study"): 700, ("_O", "other"): 800},
    }
    rows = [["country", "year", "origin", "reason", "persons"]]
    for y in YEARS:
        for (origin, reason), n in arrivals[y].items():
            rows.append(["BGD", y, origin, reason, n])
    write("bangladesh/arrivals-by-reason.csv", rows)

    write("bangladesh/remittances-received.csv", [
        ["year", "usd_million", "flag"], [2018, "15566.8", ""], [2019, "18364.5", ""], [2020, "21750.3", "P"]])

    rows = [["year", "direction", "area", "sex", "persons"]]
    rows += [[2020, "immigrants", "_T", "Female", 1057000], [2020, "immigrants", "_T", "Male", 1058408]]
    for dest, n in [("IND", 2487000), ("SAU", 1310000), ("ARE", 1090000), ("KWT", 360000), ("GBR", 295000),
                    ("USA", 262000), ("OMN", 250000), ("QAT", 230000), ("MYS", 210000), ("ITA", 150000), ("_O", 450000)]:
        rows.append([2020, "emigrants", dest, "Total", n])
    write("bangladesh/migrant-stocks-2020.csv", rows)


# ---------------------------------------------------------------- Jamaica

def jamaica():
    # Emigrants by destination: tab-separated, Windows line ends, as exported from a desktop tool.
    dest = {2016: [23350, 2100, 3600, 1200, 800], 2017: [21905, 2250, 3400, 1150, 780],
            2018: [20347, 2300, 3300, 1250, 820], 2019: [21690, 2400, 3550, 1300, 900],
            2020: [12826, 1100, 1900, 600, 450]}
    rows = [["Country Code", "Year", "Destination", "Emigrants"]]
    for y in YEARS:
        for d, n in zip(["USA", "GBR", "CAN", "CYM", "_O"], dest[y]):
            rows.append(["JAM", y, d, n])
    write("jamaica/emigrants-by-destination.tsv", rows, delimiter="\t", newline="\r\n")

    # Work-permit holders (immigrants) by origin.
    orig = {2016: [3100, 2500, 1500, 900, 700, 1800], 2017: [3300, 2600, 1550, 950, 720, 1850],
            2018: [3500, 2700, 1600, 1000, 750, 1900], 2019: [3650, 2800, 1650, 1050, 760, 1950],
            2020: [2100, 1700, 900, 600, 400, 1200]}
    rows = [["country", "year", "origin", "permits"]]
    for y in YEARS:
        for o, n in zip(["CHN", "IND", "USA", "GBR", "CAN", "_O"], orig[y]):
            rows.append(["JAM", y, o, n])
    write("jamaica/work-permits-by-origin.csv", rows)

    # Work permits by industry (ISIC section) and occupation (ISCO major group), with the
    # spreadsheet's grand-total footer line left in.
    cells = [("F", "7", 9), ("F", "9", 6), ("I", "5", 8), ("I", "2", 3), ("P", "2", 7), ("Q", "2", 4),
             ("Q", "5", 3), ("M", "2", 5), ("C", "8", 4), ("G", "1", 3), ("_U", "_U", 1)]
    rows = [["year", "isic_section", "isco_major", "permits"]]
    grand = 0
    for y in YEARS:
        for (s, o, n) in zip([c[0] for c in cells], [c[1] for c in cells],
                             split(sum(orig[y]), [c[2] for c in cells])):
            rows.append([y, s, o, n])
            grand += n
    rows.append(["Total", "", "", grand])
    write("jamaica/work-permits-by-industry.csv", rows)

    # Men and women among immigrants and emigrants, with totals that equal their parts.
    rows = [["year", "group", "sex", "persons"]]
    for y in YEARS:
        imm = sum(orig[y])
        f = imm * 31 // 100
        rows += [[y, "Immigrants", "Total", imm], [y, "Immigrants", "Female", f], [y, "Immigrants", "Male", imm - f]]
        emi = sum(dest[y])
        u = emi // 50
        f = (emi - u) * 56 // 100
        rows += [[y, "Emigrants", "Total", emi], [y, "Emigrants", "Female", f],
                 [y, "Emigrants", "Male", emi - u - f], [y, "Emigrants", "Not stated", u]]
    write("jamaica/migrants-by-sex.csv", rows)

    # Departures by main reason: farm-work programmes make up the seasonal share.
    rows = [["year", "reason", "persons"]]
    reasons = {2016: [9100, 6200, 14800, 1500, 600, 400], 2017: [9400, 6000, 14100, 1550, 620, 380],
               2018: [9800, 5800, 13500, 1600, 650, 360], 2019: [10300, 6100, 14200, 1650, 700, 350],
               2020: [6900, 3200, 8100, 700, 400, 500]}
    for y in YEARS:
        for r, n in zip(["Seasonal agricultural work", "Employment", "Family", "Study", "Other", "Not stated"], reasons[y]):
            rows.append([y, r, n])
    write("jamaica/departures-by-reason.csv", rows)

    write("jamaica/remittances-received.csv", [
        ["Year", "USD (millions)", "Status"], [2018, "2345.6", ""], [2019, "2405.5", ""], [2020, "2904.9", "P"]],
        newline="\r\n")

    # Stocks from a census-based table: the UK and Canada are both rounded to 140,000.
    rows = [["year", "direction", "area", "sex", "persons"]]
    rows += [[2020, "immigrants", "_T", "Female", 11600], [2020, "immigrants", "_T", "Male", 11800]]
    for d, n in [("USA", 790000), ("GBR", 140000), ("CAN", 140000), ("CYM", 15000), ("_O", 45000)]:
        rows.append([2020, "emigrants", d, "Total", n])
    write("jamaica/migrant-stocks-2020.csv", rows)


# ---------------------------------------------------------------- Moldova (semicolons, decimal commas)

def moldova():
    # Immigrants by origin and sex; Total rows equal their parts; flags B (2018 break) and P.
    origins = ["UKR", "RUS", "ROU", "TUR", "ISR", "ITA", "_O"]
    base = {2016: [720, 610, 540, 520, 300, 220, 690], 2017: [760, 640, 560, 590, 310, 240, 700],
            2018: [820, 600, 600, 640, 280, 260, 720], 2019: [880, 590, 620, 700, 270, 280, 760],
            2020: [560, 410, 380, 420, 150, 170, 470]}
    rows = [["tara", "anul", "tara_origine", "sexul", "persoane", "nota"]]
    for y in YEARS:
        flag = "B" if y == 2018 else "P" if y == 2020 else ""
        for o, n in zip(origins, base[y]):
            u = 10 if o == "_O" else 0
            f = (n - u) * 41 // 100
            rows.append(["MDA", y, o, "Total", n, flag])
            rows.append(["MDA", y, o, "Femei", f, flag])
            rows.append(["MDA", y, o, "Barbati", n - u - f, flag])
            if u:
                rows.append(["MDA", y, o, "Nespecificat", u, flag])
    write("moldova/imigranti.csv", rows, delimiter=";")

    dests = ["RUS", "ITA", "DEU", "ISR", "USA", "ROU", "GBR", "FRA", "_O"]
    em = {2016: [1450, 900, 610, 420, 380, 300, 250, 180, 400], 2017: [1390, 950, 680, 430, 370, 320, 280, 190, 410],
          2018: [1300, 980, 760, 440, 360, 340, 300, 200, 420], 2019: [1240, 1000, 830, 450, 350, 360, 330, 210, 430],
          2020: [820, 620, 560, 260, 200, 230, 210, 130, 290]}
    rows = [["tara", "anul", "tara_destinatie", "persoane", "nota"]]
    for y in YEARS:
        flag = "B" if y == 2018 else "P" if y == 2020 else ""
        for d, n in zip(dests, em[y]):
            rows.append(["MDA", y, d, n, flag])
    write("moldova/emigranti.csv", rows, delimiter=";")

    # People working or looking for work abroad (labour force survey module), thousands kept
    # as persons; by length of stay and purpose.
    rows = [["anul", "durata", "scopul", "persoane"]]
    cells = [("pe termen lung", "munca", 52), ("pe termen lung", "familie", 9), ("pe termen lung", "studii", 3),
             ("pe termen scurt", "munca", 14), ("pe termen scurt", "munca sezoniera", 11),
             ("pe termen scurt", "altele", 2), ("nespecificat", "nespecificat", 4), ("pe termen lung", "altele", 5)]
    totals = {2016: 319000, 2017: 321500, 2018: 318400, 2019: 309700, 2020: 256300}
    for y in YEARS:
        for (d, r, _), n in zip(cells, split(totals[y], [c[2] for c in cells])):
            rows.append([y, d, r, n])
    write("moldova/durata-si-scopul.csv", rows, delimiter=";")

    # Emigrant workers by activity (ISIC section) and ISCO sub-major group: carers in Italy.
    rows = [["anul", "activitatea", "ocupatia", "persoane"]]
    cells = [("T", "53", 12), ("Q", "53", 6), ("Q", "22", 2), ("T", "91", 8), ("F", "71", 22), ("F", "93", 9),
             ("A", "61", 7), ("A", "92", 6), ("H", "83", 9), ("I", "51", 6), ("C", "81", 5), ("_U", "_U", 8)]
    for y in [2018, 2019, 2020]:
        for (s, o, _), n in zip(cells, split(totals[y] * 9 // 10, [c[2] for c in cells])):
            rows.append([y, s, o, n])
    write("moldova/sectoare-ocupatii.csv", rows, delimiter=";")

    # Education of emigrants by age group, so skill shares use ages 25 and over.
    rows = [["anul", "nivel", "varsta", "persoane"]]
    for y in [2018, 2019, 2020]:
        t = totals[y] * 9 // 10
        old, young = split(t, [82, 18])
        for age, n in (("25+", old), ("15-24", young)):
            for lvl, m in zip(["ISCED 0-2", "ISCED 3-4", "ISCED 5-8", "nespecificat"], split(n, [27, 55, 15, 3] if age == "25+" else [20, 70, 6, 4])):
                rows.append([y, lvl, age, m])
    write("moldova/educatie-varsta.csv", rows, delimiter=";")

    # Remittances received through banks, by sending country, USD millions with decimal commas.
    partners = ["RUS", "ITA", "DEU", "ISR", "USA", "GBR", "FRA", "_O"]
    amounts = {2018: [331.2, 224.6, 102.8, 131.7, 160.3, 58.4, 41.9, 222.8],
               2019: [298.4, 240.1, 121.6, 138.9, 166.0, 63.2, 45.7, 184.8],
               2020: [268.9, 285.3, 162.4, 145.0, 197.6, 79.5, 52.1, 296.8]}
    rows = [["anul", "tara", "suma_mil_usd", "nota"]]
    for y in [2018, 2019, 2020]:
        flag = "B" if y == 2018 else "P" if y == 2020 else ""
        rows.append([y, "Total", comma(sum(amounts[y])), flag])
        for p, a in zip(partners, amounts[y]):
            rows.append([y, p, comma(a), flag])
    write("moldova/remitente.csv", rows, delimiter=";")

    rows = [["anul", "directia", "tara", "sexul", "persoane"]]
    rows += [[2020, "imigranti", "_T", "Femei", 60100], [2020, "imigranti", "_T", "Barbati", 44300]]
    for d, n in [("RUS", 353000), ("UKR", 180000), ("ITA", 143000), ("ROU", 128000), ("DEU", 52000),
                 ("USA", 41000), ("ISR", 26000), ("_O", 237000)]:
        rows.append([2020, "emigranti", d, "Total", n])
    write("moldova/stocuri-2020.csv", rows, delimiter=";")


# ---------------------------------------------------------------- Mali (microdata, CFA francs)

MLI_PARTNERS_IN = [("CI", 30), ("BF", 22), ("SN", 14), ("GN", 12), ("NE", 9), ("MR", 6), ("FR", 3), ("", 4)]
MLI_PARTNERS_OUT = [("CI", 26), ("FR", 15), ("SN", 12), ("GA", 6), ("ES", 6), ("CG", 5), ("DZ", 9), ("BF", 10), ("NE", 7), ("", 4)]
MLI_REASONS = [("travail", 40), ("saisonnier", 14), ("famille", 22), ("etudes", 8), ("refuge", 8), ("autre", 5), ("", 3)]
MLI_SECTORS = [("A", 30), ("F", 18), ("G", 20), ("B", 9), ("I", 6), ("H", 7), ("Q", 4), ("T", 4), ("?", 2)]


def pick(rng, weighted):
    return rng.choices([w[0] for w in weighted], weights=[w[1] for w in weighted])[0]


def mali():
    rng = random.Random(466)  # Mali's ISO 3166 numeric code
    header = ["pays", "annee", "sens", "pays_partenaire", "sexe", "age", "niveau_isced", "duree_mois",
              "motif", "secteur_isic", "profession_isco", "poids"]
    rows = [header]
    for y in YEARS:
        for _ in range(120 + 10 * (y - 2016)):
            out = rng.random() < 0.55
            partner = pick(rng, MLI_PARTNERS_OUT if out else MLI_PARTNERS_IN)
            sex = "2" if rng.random() < (0.33 if out else 0.45) else "1"
            age = rng.randint(15, 64)
            isced = "" if rng.random() < 0.06 else str(pick(rng, [(0, 34), (1, 20), (2, 14), (3, 14), (4, 5), (5, 3), (6, 6), (7, 3), (8, 1)]))
            months = rng.choice([2, 4, 6, 9, 12, 18, 24, 36, 60])
            reason = pick(rng, MLI_REASONS)
            works = reason in ("travail", "saisonnier")
            sector = pick(rng, MLI_SECTORS) if works else ""
            occupation = ("?" if sector == "?" else str(rng.choice([5, 6, 7, 9] if sector != "Q" else [2, 3, 5]))) if works else ""
            weight = f"{rng.randint(12000, 48000) / 100:.2f}"
            rows.append(["MLI", y, "depart" if out else "arrivee", partner, sex, age, isced, months, reason,
                         sector, occupation, weight])
    write("mali/enquete-migration-microdonnees.csv", rows)

    # Remittances received, BCEAO, billions of CFA francs (XOF).
    write("mali/transferts-recus.csv", [["annee", "montant_mds_fcfa"], [2018, "548.3"], [2019, "607.9"], [2020, "629.4"]])

    rows = [["year", "direction", "area", "sex", "persons"]]
    rows += [[2020, "IN", "_T", "F", 230100], [2020, "IN", "_T", "M", 255600]]
    for d, n in [("CIV", 521000), ("NGA", 147000), ("FRA", 93000), ("BFA", 191000), ("GIN", 108000),
                 ("NER", 77000), ("SEN", 71000), ("GAB", 41000), ("_O", 203000)]:
        rows.append([2020, "OUT", d, "_T", n])
    write("mali/migrant-stocks-2020.csv", rows)


def exchange_rates():
    rows = [["currency", "year", "per_usd"]]
    for y, r in [(2015, "591.2"), (2016, "593.0"), (2017, "582.1"), (2018, "555.7"), (2019, "585.9"), (2020, "575.6")]:
        rows.append(["XOF", y, r])
    write("reference/exchange-rates.csv", rows)


# ---------------------------------------------------------------- refugees, asylum, returns (issue 14)

def protection_and_returns():
    # Bangladesh: Rohingya refugees hosted (from Myanmar, 2017 arrivals), and Bangladeshi
    # refugees and asylum-seekers abroad by country of asylum.
    hosted = {2016: 276200, 2017: 932200, 2018: 906600, 2019: 854700, 2020: 866500}
    abroad = {"GBR": [5100, 5200, 5300, 5350, 5400], "ITA": [3300, 3900, 4300, 4500, 4600],
              "FRA": [2500, 2700, 2900, 3100, 3200], "USA": [1900, 2000, 2100, 2200, 2250],
              "_O": [8300, 8600, 8900, 9200, 9500]}
    seekers = {"ITA": [9800, 7200, 4100, 3100, 2400], "FRA": [2200, 2400, 2900, 3300, 2100],
               "_O": [27000, 29000, 31000, 33000, 30000]}
    rows = [["year", "where", "asylum_or_origin", "status", "persons"]]
    for i, y in enumerate(YEARS):
        rows.append([y, "hosted", "MMR", "Refugees", hosted[y]])
        for area, n in abroad.items():
            rows.append([y, "abroad", area, "Refugees", n[i]])
        for area, n in seekers.items():
            rows.append([y, "abroad", area, "Asylum-seekers", n[i]])
    write("bangladesh/refugees-hosted-and-abroad.csv", rows)

    # Mali: Malian refugees in the neighbouring countries of asylum (French headers).
    refugies = {"MRT": [50600, 52500, 56500, 58200, 62800], "NER": [60300, 56900, 55500, 57400, 60500],
                "BFA": [32100, 24300, 25400, 26000, 22900], "_O": [4800, 5100, 5400, 5600, 5900]}
    rows = [["annee", "pays_asile", "statut", "personnes"]]
    for i, y in enumerate(YEARS):
        for area, n in refugies.items():
            rows.append([y, area, "REF", n[i]])
    write("mali/refugies-maliens-a-l-etranger.csv", rows)

    # Moldova: asylum applications and first-instance decisions (semicolons, Romanian labels).
    asylum = {2016: (96, 41, 48), 2017: (142, 58, 61), 2018: (174, 62, 87), 2019: (216, 70, 112), 2020: (125, 52, 66)}
    rows = [["anul", "indicator", "persoane"]]
    for y in YEARS:
        for label, n in zip(["cereri", "decizii pozitive", "decizii respinse"], asylum[y]):
            rows.append([y, label, n])
    write("moldova/azil-cereri-si-decizii.csv", rows, delimiter=";")

    # Jamaica: returning nationals by how they came back and where from (deportees mostly
    # from the United States, the United Kingdom and Canada).
    back = {"USA": {"Voluntary": [820, 860, 900, 940, 610], "Assisted": [40, 45, 50, 55, 30],
                    "Deported": [1050, 980, 930, 880, 640]},
            "GBR": {"Voluntary": [310, 320, 330, 340, 220], "Assisted": [25, 30, 35, 30, 20],
                    "Deported": [210, 190, 170, 160, 90]},
            "CAN": {"Voluntary": [150, 160, 170, 175, 110], "Deported": [260, 250, 240, 230, 150]},
            "_O": {"Not stated": [60, 55, 50, 45, 35]}}
    rows = [["year", "returned_from", "type", "persons"]]
    for i, y in enumerate(YEARS):
        for area, kinds in back.items():
            for kind, n in kinds.items():
                rows.append([y, area, kind, n[i]])
    write("jamaica/returning-nationals.csv", rows)


# ---------------------------------------------------------------- age structure (issue 14)

def age_structure():
    # Jamaica's immigrant stock of 2015 by SDMX age band, as a census table gives it: the bands
    # 15-24 and 25-64 add up to the working age; the ages not stated are a row of their own.
    rows = [["year", "age", "persons"]]
    for band, n in [("Y_LT15", 2100), ("Y15-24", 3400), ("Y25-64", 13300), ("Y_GE65", 2900), ("not stated", 300)]:
        rows.append([2015, band, n])
    write("jamaica/immigrant-stock-by-age-2015.csv", rows)


# ---------------------------------------------------------------- brain drain (issue 14)

def brain_drain():
    # Emigrants aged 25+ abroad by education, as destination censuses give them (OECD DIOC),
    # and the residents by education at home, for the Docquier-Marfouk rate of 2020.
    # Moldova: ages "25+" and "15-24" (the young are not in the rate), Romanian labels.
    rows = [["anul", "varsta", "nivel", "persoane"]]
    for level, n in [("ISCED 0-2", 310000), ("ISCED 3-4", 420000), ("ISCED 5-8", 162000), ("nespecificat", 8000)]:
        rows.append([2020, "25+", level, n])
    write("moldova/emigranti-stoc-educatie-2020.csv", rows, delimiter=";")
    rows = [["anul", "varsta", "nivel", "persoane"]]
    for age, levels in [("15-24", [120000, 160000, 20000, 3000]), ("25+", [520000, 905000, 410000, 15000])]:
        for level, n in zip(["ISCED 0-2", "ISCED 3-4", "ISCED 5-8", "nespecificat"], levels):
            rows.append([2020, age, level, n])
    write("moldova/populatia-educatie-2020.csv", rows, delimiter=";")
    # Jamaica: by destination, in the bands 25-64 and 65+ (together the 25 and over).
    rows = [["year", "destination", "age_group", "education", "persons"]]
    emigrants = {
        "USA": {"25-64": [60000, 190000, 110000], "65+": [45000, 50000, 25000]},
        "GBR": {"25-64": [20000, 40000, 18000], "65+": [30000, 15000, 6000]},
        "CAN": {"25-64": [8000, 30000, 22000], "65+": [5000, 6000, 4000]},
    }
    levels = ["Primary or less", "Secondary", "Tertiary"]
    for dest, ages in emigrants.items():
        for age, counts in ages.items():
            for level, n in zip(levels, counts):
                rows.append([2020, dest, age, level, n])
    write("jamaica/emigrants-by-education-2020.csv", rows)
    rows = [["year", "age_group", "education", "persons"]]
    residents = {
        "25-64": [310000, 760000, 250000, 12000], "65+": [170000, 70000, 30000, 4000],
        "not stated": [0, 3000, 2000, 0],
    }
    for age, counts in residents.items():
        for level, n in zip(levels + ["Not stated"], counts):
            if n:
                rows.append([2020, age, level, n])
    write("jamaica/population-by-education-2020.csv", rows)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "..", "shared"))
    args = ap.parse_args()
    bangladesh()
    jamaica()
    moldova()
    mali()
    protection_and_returns()
    age_structure()
    brain_drain()
    exchange_rates()
    if os.path.isdir(os.path.join(args.shared, "datasets-real")):
        real_reference(args.shared)
        real_remittances_paid(args.shared)
        real_bilateral(args.shared)
    else:
        print("../shared not found: real extracts left as they are")


if __name__ == "__main__":
    main()
