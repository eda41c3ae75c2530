"""Checks across reports run by esep ingest: computed over the whole dataset, never repeated."""

from __future__ import annotations

import subprocess
import sys

import pyarrow.parquet as pq

from tests.conftest import REPO
from tests.docx_factory import p, tbl, tc, tr, write_docx

WORKS_HEADER = tr(tc("№"), tc("Задача мероприятия"), tc("Мероприятий согласно Детальному плану"),
                  tc("Срок исполнения мероприятия"), tc("Количество участников"), tc("Описание"),
                  tc("Приложенные подтверждающие документы"), tc("Стоимость мероприятия"))


def report(path, kind: str, grantee: str, amount: str, participants: int):
    title = {"interim": "ПРОМЕЖУТОЧНЫЙ ПРОГРАММНЫЙ ОТЧЕТ", "final": "ЗАКЛЮЧИТЕЛЬНЫЙ ПРОГРАММНЫЙ ОТЧЕТ"}[kind]
    body = (
        p("Приложение № 4 к договору о предоставлении гранта от «31» марта 2022 года № 43")
        + p(title)
        + p(f"Грантополучатель: {grantee}")
        + p("Тема гранта: «Развитие местного самоуправления»")
        + p(f"Сумма гранта: {amount} тенге")
    )
    if kind == "interim":
        body += tbl(WORKS_HEADER, tr(tc("1"), tc("Задача"), tc("Тренинг"), tc("Май 2022 года"), tc(str(participants)),
                                     tc("Проведен тренинг."), tc("Список"), tc("100 000 тенге")), cols=8)
    else:
        body += p("Гендерный показатель:") + tbl(
            tr(tc("Количество участников проекта всего"), tc("Мужчин"), tc("Женщин")),
            tr(tc(str(participants)), tc(str(participants // 2)), tc(str(participants - participants // 2))), cols=3)
    return write_docx(path, body)


def ingest(root, out):
    proc = subprocess.run([sys.executable, "-m", "esep.cli", "ingest", str(root), "--out", str(out), "--jobs", "1"],
                          capture_output=True, text=True, timeout=300, cwd=REPO)
    assert proc.returncode == 0, proc.stderr
    return [(f["code"], f["report_id"]) for f in pq.read_table(out / "findings.parquet").to_pylist()
            if f["location"] == "dataset"]


def test_dataset_checks_in_ingest(tmp_path):
    root, out = tmp_path / "root", tmp_path / "dataset"
    root.mkdir()
    report(root / "interim.docx", "interim", "ОЮЛ «ГАМО»", "29 364 470", 300)
    report(root / "final.docx", "final", "ОЮЛ «ГАМО»", "29 364 470", 595)
    assert ingest(root, out) == []  # an interim and a final of one grant that agree
    report(root / "final.docx", "final", "ОЮЛ «ГАМО»", "29 000 000", 250)  # now they disagree twice
    found = ingest(root, out)
    assert sorted(code for code, _ in found) == ["interim_final_mismatch"] * 4
    assert ingest(root, out) == found  # a re-run recomputes, never repeats
    report(root / "other.docx", "interim", "НУ «Другой»", "5 000 000", 10)  # the same agreement number
    found = ingest(root, out)
    assert sorted(code for code, _ in found).count("duplicate_agreement") == 3
    (root / "other.docx").unlink()
    report(root / "other.docx", "interim", "ОЮЛ «ГАМО»", "29 364 470", 300)  # interim.docx saved again
    # the same report twice: counted once, so no agreement clash and the interim disagrees with the final
    # only once (2 figures x 2 reports); the copy says which report it repeats
    found = ingest(root, out)
    assert sorted(code for code, _ in found) == ["interim_final_mismatch"] * 4 + ["same_report"]
    copy = pq.read_table(out / "reports.parquet").to_pylist()
    kept = {r["source_file"]: r["report_id"] for r in copy}["interim.docx"]
    assert {r["source_file"]: r["duplicate_of"] for r in copy} == {
        "interim.docx": None, "final.docx": None, "other.docx": kept}
