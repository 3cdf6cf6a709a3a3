#!/usr/bin/env python3
"""Writes the synthetic E-Klaim TXT exports of tests/audit/ (synthetic patients, E-Klaim 5.x's real
78-column layout, EKLAIM.md §1): eklaim.txt (78 columns, CRLF, DD/MM/YYYY and spreadsheet day
serials) and eklaim77.txt (the same claims, 77 columns: the last cost column left out, LF).
Koder team, CC0-1.0. Run from the repository root: python3 tests/audit/make_eklaim.py"""

COLUMNS = (
    "KODE_RS KELAS_RS KELAS_RAWAT KODE_TARIF PTD ADMISSION_DATE DISCHARGE_DATE BIRTH_DATE BIRTH_WEIGHT SEX "
    "DISCHARGE_STATUS DIAGLIST PROCLIST ADL1 ADL2 IN_SP IN_SR IN_SI IN_SD INACBG SUBACUTE CHRONIC SP SR SI SD "
    "DESKRIPSI_INACBG TARIF_INACBG TARIF_SUBACUTE TARIF_CHRONIC DESKRIPSI_SP TARIF_SP DESKRIPSI_SR TARIF_SR "
    "DESKRIPSI_SI TARIF_SI DESKRIPSI_SD TARIF_SD TOTAL_TARIF TARIF_RS TARIF_POLI_EKS LOS ICU_INDIKATOR ICU_LOS "
    "VENT_HOUR NAMA_PASIEN MRN UMUR_TAHUN UMUR_HARI DPJP SEP NOKARTU PAYOR_ID CODER_ID VERSI_INACBG "
    "VERSI_GROUPER C1 C2 C3 C4 PROSEDUR_NON_BEDAH PROSEDUR_BEDAH KONSULTASI TENAGA_AHLI KEPERAWATAN PENUNJANG "
    "RADIOLOGI LABORATORIUM PELAYANAN_DARAH REHABILITASI KAMAR_AKOMODASI RAWAT_INTENSIF OBAT ALKES BMHP "
    "SEWA_ALAT OBAT_KRONIS OBAT_KEMO"
).split()
assert len(COLUMNS) == 78

# ptd, admission, discharge, birth, sex, status, diaglist, proclist, inacbg, description, tariff, los
CLAIMS = [
    ("1", "09/09/2025", "11/09/2025", "01/03/1952", "1", "1", "S71.0;A00.1", "81.52;86.22", "M-1-04-II",
     "PROSEDUR PADA SENDI TUNGKAI BAWAH (SEDANG)", "45401200", "3"),
    ("1", "09/09/2025", "11/09/2025", "01/03/1952", "1", "1", "S71.0", "81.52;88.380;86.22", "X-0-96-X",
     "GAGAL: KODE PROSEDUR TIDAK BERLAKU", "0", "3"),
    ("2", "45910", "45910", "12/07/1988", "2", "1", "J45.9", "93.94", "J-3-13-0",
     "PROSEDUR TERAPI SALURAN PERNAFASAN", "327000", "1"),
    ("1", "10/09/2025", "10/09/2025", "05/05/1970", "1", "1", "B50.9", "90.59", "A-4-14-I",
     "PENYAKIT INFEKSI BAKTERI DAN PARASIT LAIN-LAIN RINGAN", "2218100", "1"),
    ("2", "11/09/2025", "11/09/2025", "30/01/1990", "2", "1", "Z09.8", "-", "Q-5-44-0",
     "PENYAKIT KRONIS KECIL LAIN-LAIN", "183000", "1"),
    ("1", "01/09/2025", "04/09/2025", "14/02/1968", "2", "1", "K80.2;I10", "-", "B-4-14-I",
     "GANGGUAN SALURAN EMPEDU LAIN-LAIN (RINGAN)", "4466500", "4"),
    ("1", "02/09/2025", "06/09/2025", "20/10/1973", "1", "1", "I10;R04.0", "-", "I-4-17-II",
     "HIPERTENSI (SEDANG)", "3139700", "5"),
    ("1", "45903", "45905", "03/03/2022", "2", "1", "J18.0", "-", "J-4-16-I",
     "SIMPLE PNEUMONIA & WHOOPING COUGH (RINGAN)", "5110800", "3"),
    ("1", "03/09/2025", "04/09/2025", "11/11/1985", "1", "1", "A09.9;E87.1", "-", "K-4-17-II",
     "NYERI ABDOMEN & GASTROENTERITIS LAIN-LAIN (SEDANG)", "3051000", "2"),
    ("2", "45910", "45910", "12/07/1988", "2", "1", "J45.9", "93.94", "J-3-13-0",
     "PROSEDUR TERAPI SALURAN PERNAFASAN", "327000", "1"),
    ("1", "05/09/2025", "08/09/2025", "09/09/1959", "1", "4", "I21.0;R57.0", "96.71", "I-4-10-III",
     "INFARK MIOKARD AKUT (BERAT)", "12250000", "4"),
    ("1", "31/09/2025", "02/10/2025", "01/01/1980", "1", "1", "K30", "-", "K-4-18-I",
     "GANGGUAN SISTEM PENCERNAAN LAIN-LAIN (RINGAN)", "2055000", "3"),
]

def row(i, c, cols):
    # Row 10 is claim 3 exported twice (same SEP, same patient): a double claim.
    who = 3 if i == 10 else i
    ptd, adm, dis, birth, sex, status, dx, px, cbg, desc, tariff, los = c
    v = dict.fromkeys(COLUMNS, "")
    costs = ["0"] * 18
    costs[10] = str(int(tariff) // 2 if tariff != "0" else 500000)
    costs[12] = "150000"
    v.update({
        "KODE_RS": "3201999", "KELAS_RS": "C", "KELAS_RAWAT": "3", "KODE_TARIF": "CP", "PTD": ptd,
        "ADMISSION_DATE": adm, "DISCHARGE_DATE": dis, "BIRTH_DATE": birth, "BIRTH_WEIGHT": "0", "SEX": sex,
        "DISCHARGE_STATUS": status, "DIAGLIST": dx, "PROCLIST": px, "ADL1": "0", "ADL2": "0",
        "IN_SP": "-", "IN_SR": "-", "IN_SI": "-", "IN_SD": "-", "INACBG": cbg, "SUBACUTE": "-", "CHRONIC": "-",
        "SP": "-", "SR": "-", "SI": "-", "SD": "-", "DESKRIPSI_INACBG": desc, "TARIF_INACBG": tariff,
        "TARIF_SUBACUTE": "0", "TARIF_CHRONIC": "0", "TARIF_SP": "0", "TARIF_SR": "0", "TARIF_SI": "0",
        "TARIF_SD": "0", "TOTAL_TARIF": tariff, "TARIF_RS": str(sum(int(x) for x in costs)),
        "TARIF_POLI_EKS": "0", "LOS": los, "ICU_INDIKATOR": "0", "ICU_LOS": "0", "VENT_HOUR": "0",
        # Synthetic identities: every one is unique, so a report that printed one would show it.
        "NAMA_PASIEN": f'PASIEN "UJI" SINTETIS {who:02}', "MRN": f"RM-SYN-{who:04}",
        "UMUR_TAHUN": "0", "UMUR_HARI": "0", "DPJP": "DR. CONTOH, SP.X",
        "SEP": f"3201R0010925V{who:06}", "NOKARTU": f"KARTU-SYN-{who:07}", "PAYOR_ID": "3",
        "CODER_ID": "1", "VERSI_INACBG": "5.10", "VERSI_GROUPER": "5", "C1": "", "C2": "", "C3": "", "C4": "",
    })
    for name, x in zip(COLUMNS[60:], costs):
        v[name] = x
    return "\t".join(v[c] for c in cols)

def write(path, cols, eol):
    lines = ["\t".join(cols)] + [row(i + 1, c, cols) for i, c in enumerate(CLAIMS)]
    with open(path, "w", newline="") as f:
        f.write(eol.join(lines) + eol)

write("tests/audit/eklaim.txt", COLUMNS, "\r\n")
write("tests/audit/eklaim77.txt", COLUMNS[:77], "\n")
