#!/usr/bin/env python3
"""Writes the synthetic IM code lists used by tests/codeset.rs.

Daftar kode IM sintetis untuk pengujian / synthetic IM code lists for the tests: the real shape of
a facility export (E-Klaim / SIMGOS column names, flags validcode / accpdx / asterisk / im) but NOT a
real list. The 2010 rows take Koder's own codes and titles (data/icd10, data/icd9cm); the IM rows
and their descriptions are written by the Koder team for the tests. No row comes from a real IM list.

    python3 tests/codeset/make_lists.py
"""
import csv
import io
import os

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, '..', '..', 'data')

# 2010 codes taken from Koder's own tables (by code prefix).
ICD10_PREFIXES = ['A00', 'A01', 'A09', 'A15', 'A16', 'A17', 'A18', 'A19', 'B95', 'B96', 'G01', 'G02', 'I10',
                  'J18', 'K35', 'S72', 'S73', 'S87', 'Z09', 'E11', 'I63', 'N18', 'O80', 'O82', 'P07']
ICD9_PREFIXES = ['81.', '83.1', '86.2', '88.3', '88.7', '91.7', '99.2']

# Team-written IM rows: code, description, validcode, accpdx, asterisk.
ICD10_IM = [
    ('A15.00', 'Lung tuberculosis, retreatment case, confirmed by smear microscopy (IM)', 1, 'Y', 0),
    ('A15.10', 'Lung tuberculosis, retreatment case, confirmed by culture alone (IM)', 1, 'Y', 0),
    ('A15.11', 'Lung tuberculosis confirmed by biomolecular test (IM)', 1, 'Y', 0),
    ('A15.12', 'Lung tuberculosis, retreatment case, confirmed by biomolecular test (IM)', 1, 'Y', 0),
    ('A15.21', 'Lung tuberculosis, retreatment case, confirmed by histology (IM)', 1, 'Y', 0),
    ('A15.50', 'Tuberculosis of larynx, trachea or bronchus confirmed by biomolecular test (IM)', 1, 'Y', 0),
    ('A15.80', 'Other respiratory tuberculosis, retreatment case, bacteriology or histology confirmed (IM)', 1, 'Y', 0),
    ('A15.81', 'Other respiratory tuberculosis confirmed by biomolecular test (IM)', 1, 'Y', 0),
    ('A16.20', 'Lung tuberculosis, retreatment case, no bacteriological or histological confirmation (IM)', 1, 'Y', 0),
    ('A16.80', 'Latent tuberculosis infection (IM)', 1, 'Y', 0),
    ('A16.81', 'Other respiratory tuberculosis, retreatment case, not confirmed (IM)', 1, 'Y', 0),
    ('B96.80', 'Other named bacterial agent, resistant to several drugs, as the cause of disease (IM)', 1, 'N', 0),
    ('S73.00', 'Dislocation of hip, type not specified (IM)', 1, 'Y', 0),
    ('S73.01', 'Dislocation of hip, posterior, without fracture (IM)', 1, 'Y', 0),
    ('S73.02', 'Dislocation of hip, posterior, with one large fracture fragment (IM)', 1, 'Y', 0),
    ('S87.9', 'Crush injury of lower leg, part not specified (IM)', 1, 'Y', 0),
]
ICD9_IM = [
    ('83.15', 'Escharotomy (IM)', 1),
    ('88.380', 'CT simulation for radiotherapy planning (IM)', 1),
    ('88.381', 'CT simulation for intensity-modulated radiotherapy, IMRT (IM)', 1),
    ('88.382', 'CT simulation for stereotactic radiotherapy (IM)', 1),
    ('88.383', 'Four-dimensional CT simulation, 4D (IM)', 1),
    ('88.384', 'CT simulation with deep-inspiration breath hold, DIBH (IM)', 1),
    ('88.70', 'Video urodynamic study (IM)', 1),
    ('88.720', 'Transesophageal echocardiography, TEE (IM)', 1),
    ('91.799', 'Other microscopic examination of a specimen, not listed elsewhere (IM)', 1),
]


def table(path):
    with open(path, encoding='utf-8') as f:
        rows = [l.rstrip('\n').split('\t') for l in f if l.strip() and not l.startswith('#')]
    return rows[1:]


def key(code):
    return code.replace('.', '')


def sort_key(code):
    return key(code)


def icd10():
    codes = [(r[0], r[1]) for r in table(os.path.join(DATA, 'icd10', 'codes.tsv'))
             if any(r[0].startswith(p) for p in ICD10_PREFIXES) and r[2] == 'yes']
    have = {c for c, _ in codes}
    rows = []
    for c, t in codes:
        header = any(o != c and o.startswith(c) for o in have)
        asterisk = c.startswith(('G01', 'G02'))
        not_pdx = asterisk or c.startswith(('B95', 'B96'))
        rows.append((c, t, 0 if header else 1, 'N' if not_pdx else 'Y', 1 if asterisk else 0, 0))
    rows += [(c, d, v, a, s, 1) for c, d, v, a, s in ICD10_IM]
    rows.sort(key=lambda r: sort_key(r[0]))
    out = io.StringIO()
    w = csv.writer(out, lineterminator='\r\n')
    w.writerow(['CODE', 'DESCRIPTION', 'VALIDCODE', 'ACCPDX', 'ASTERISK', 'IM'])
    w.writerows(rows)
    return out.getvalue()


def icd9():
    codes = [(r[0], r[1]) for r in table(os.path.join(DATA, 'icd9cm', 'codes.tsv'))
             if any(r[0].startswith(p) for p in ICD9_PREFIXES) or r[0] in ('81', '83', '86', '88', '91', '99')]
    have = {c for c, _ in codes}
    rows = []
    for c, t in codes:
        header = any(o != c and o.startswith(c) for o in have)
        rows.append((c, t, 0 if header else 1, 0, 'ICD9CM_2010'))
    rows += [(c, d, v, 1, 'ICD9CM_2010_IM') for c, d, v in ICD9_IM]
    rows.sort(key=lambda r: sort_key(r[0]))
    lines = ['KODE\tSTR\tVALIDCODE\tIM\tSAB']
    lines += ['\t'.join(str(x) for x in r) for r in rows]
    return '\n'.join(lines) + '\n'


if __name__ == '__main__':
    for name, text in [('icd10_im.csv', icd10()), ('icd9cm_im.tsv', icd9())]:
        with open(os.path.join(HERE, name), 'w', encoding='utf-8', newline='') as f:
            f.write(text)
        print(name, text.count('\n') - 1, 'rows')
