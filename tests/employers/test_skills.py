"""The skills vocabulary and the ESCO importer, against the real ESCO v1.1.1 download."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import EscoOccupation, EscoOccupationSkill, Skill, SkillKind
from app.skills.vocabulary import ESCO_ATTRIBUTION, essential_skills, find_or_create_skill, search_occupations, search_skills
from app.skills.esco_import import EscoImportError, import_esco
from tests import factories

ESCO_DIR = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "esco"
CLASSIFICATION = ESCO_DIR / "esco-v1.1.1-classification-en-csv.zip"
RELATIONS = ESCO_DIR / "esco-v1.1.1-relations-csv.zip"

SKILLS_CSV = (
    "conceptType,conceptUri,skillType,reuseLevel,preferredLabel,altLabels,hiddenLabels,status,description\n"
    "KnowledgeSkillCompetence,http://data.europa.eu/esco/skill/aaa11111-1,skill/competence,sector-specific,"
    "manage sales pipeline,\"pipeline management\nfunnel management\",,released,Keeps deals moving.\n"
    "KnowledgeSkillCompetence,http://data.europa.eu/esco/skill/bbb22222-2,knowledge,cross-sector,"
    "CRM software,,,released,Customer relationship tools.\n"
    "KnowledgeSkillCompetence,http://data.europa.eu/esco/skill/ccc33333-3,skill/competence,transversal,"
    "communicate with customers,,,released,Talk and listen.\n"
)
OCCUPATIONS_CSV = (
    "conceptType,conceptUri,iscoGroup,preferredLabel,altLabels,description,code\n"
    "Occupation,http://data.europa.eu/esco/occupation/occ-1,3322,sales representative,SDR,Sells.,3322.1\n"
)
RELATIONS_CSV = (
    "occupationUri,relationType,skillType,skillUri\n"
    "http://data.europa.eu/esco/occupation/occ-1,essential,skill/competence,http://data.europa.eu/esco/skill/aaa11111-1\n"
    "http://data.europa.eu/esco/occupation/occ-1,optional,knowledge,http://data.europa.eu/esco/skill/bbb22222-2\n"
    "http://data.europa.eu/esco/occupation/occ-1,essential,skill/competence,http://data.europa.eu/esco/skill/ccc33333-3\n"
    "http://data.europa.eu/esco/occupation/gone,essential,skill/competence,http://data.europa.eu/esco/skill/ccc33333-3\n"
)


def write_download(folder: Path, skills=SKILLS_CSV, occupations=OCCUPATIONS_CSV, relations=RELATIONS_CSV) -> Path:
    """A tiny ESCO-shaped download: the classification as a zip, the relations as a loose CSV."""
    folder.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(folder / "classification.zip", "w") as archive:
        if skills is not None:
            archive.writestr("skills_en.csv", skills)
        if occupations is not None:
            archive.writestr("occupations_en.csv", occupations)
    if relations is not None:
        (folder / "occupationSkillRelations.csv").write_text(relations, encoding="utf-8")
    return folder


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


# --- vocabulary --------------------------------------------------------------------------------


def test_find_or_create_skill_matches_case_and_spacing():
    made = find_or_create_skill("  Customer   Discovery ", SkillKind.foundational)
    assert (made.label, made.label_key, made.kind) == ("Customer Discovery", "customer discovery", SkillKind.foundational)
    assert find_or_create_skill("customer discovery") is made
    with pytest.raises(ValueError):
        find_or_create_skill("   ")


def test_search_skills_puts_prefix_matches_first_and_escapes_wildcards():
    for label in ("Data visualisation", "Big data", "SQL", "100% accuracy", "data_modelling"):
        factories.SkillFactory(label=label)
    labels = [s.label for s in search_skills("data")]
    assert set(labels) == {"Data visualisation", "Big data", "data_modelling"}
    assert labels.index("Big data") == 2, "contains-matches come after prefix matches"
    assert [s.label for s in search_skills("100%")] == ["100% accuracy"]
    assert [s.label for s in search_skills("a_m")] == ["data_modelling"]
    assert search_skills("  ") == []


# --- the real ESCO download -----------------------------------------------------------------------


def test_import_the_real_esco_download_then_again_from_its_folder():
    started = time.perf_counter()
    messages: list[str] = []
    result = import_esco([CLASSIFICATION, RELATIONS], echo=messages.append)
    first_run = time.perf_counter() - started
    assert (result.skills_added, result.occupations_added) == (13_896, 3_007)
    # 67 of the 123,855 relations name one occupation that occupations_en.csv does not list
    assert (result.relations_added, result.relations_skipped) == (123_788, 67)
    assert result.labels_suffixed == 0
    assert count(Skill) == 13_896 and count(EscoOccupation) == 3_007 and count(EscoOccupationSkill) == 123_788
    kinds = dict(db.session.execute(select(Skill.kind, func.count()).group_by(Skill.kind)).all())
    assert kinds == {SkillKind.knowledge: 3_059, SkillKind.foundational: 374, SkillKind.skill: 10_463}
    assert any("13,896" in m for m in messages)
    assert first_run < 60, f"the import took {first_run:.1f} s"

    again = import_esco([ESCO_DIR], echo=messages.append)
    assert (again.skills_added, again.skills_updated, again.occupations_added, again.occupations_updated) == (0, 0, 0, 0)
    assert (again.relations_added, again.relations_updated, again.relations_removed) == (0, 0, 0)
    assert count(Skill) == 13_896 and count(EscoOccupationSkill) == 123_788

    sales = search_occupations("sales manager")[0]
    assert sales.label == "sales manager" and sales.isco_group == "1221"
    assert "analyse consumer buying trends" in {s.label for s in essential_skills(sales)}


# --- small downloads: upserts, label clashes, broken files ------------------------------------------


def test_reimport_updates_changed_rows_and_removes_dropped_relations(tmp_path):
    folder = write_download(tmp_path / "v1")
    first = import_esco([folder], echo=lambda _: None)
    assert (first.skills_added, first.occupations_added, first.relations_added, first.relations_skipped) == (3, 1, 3, 1)
    crm = db.session.scalar(select(Skill).where(Skill.esco_uri.like("%bbb22222-2")))
    pipeline = db.session.scalar(select(Skill).where(Skill.esco_uri.like("%aaa11111-1")))
    assert crm.kind == SkillKind.knowledge and pipeline.alt_labels == "pipeline management\nfunnel management"
    assert db.session.scalar(select(Skill.kind).where(Skill.label == "communicate with customers")) \
        == SkillKind.foundational

    relations = "\n".join(RELATIONS_CSV.splitlines()[:3]).replace("optional", "essential") + "\n"
    changed = write_download(tmp_path / "v2", skills=SKILLS_CSV.replace("CRM software", "CRM systems"),
                             relations=relations)
    second = import_esco([changed], echo=lambda _: None)
    assert (second.skills_added, second.skills_updated) == (0, 1)
    assert (second.relations_added, second.relations_updated, second.relations_removed) == (0, 1, 1)
    db.session.expire_all()
    assert crm.label == "CRM systems" and crm.label_key == "crm systems"
    occupation = db.session.scalar(select(EscoOccupation))
    assert [s.label for s in essential_skills(occupation)] == ["CRM systems", "manage sales pipeline"]


def test_a_hand_made_skill_is_adopted_and_a_clashing_label_gets_a_suffix(tmp_path):
    hand_made = factories.SkillFactory(label="Manage Sales Pipeline")
    skills = SKILLS_CSV + (
        "KnowledgeSkillCompetence,http://data.europa.eu/esco/skill/ddd44444-4,skill/competence,sector-specific,"
        "CRM  Software,,,released,A different concept with the same label.\n")
    result = import_esco([write_download(tmp_path, skills=skills)], echo=lambda _: None)
    assert (result.skills_added, result.skills_updated, result.labels_suffixed) == (3, 1, 1)
    assert hand_made.esco_uri.endswith("aaa11111-1") and count(Skill) == 4
    labels = set(db.session.scalars(select(Skill.label)))
    assert {"CRM software", "CRM Software (ESCO ddd44444)"} <= labels


@pytest.mark.parametrize("broken, message", [
    ({"relations": None}, "could not find occupationSkillRelations.csv"),
    ({"skills": None, "occupations": None}, "could not find skills_en.csv, occupations_en.csv"),
    ({"skills": "name,price\nwidget,3\n"}, "skills_en.csv is missing the column(s) conceptUri"),
    ({"occupations": OCCUPATIONS_CSV.replace("iscoGroup", "group")}, "occupations_en.csv is missing the column(s) iscoGroup"),
    ({"skills": SKILLS_CSV.splitlines()[0] + "\n"}, "skills_en.csv has no rows"),
    ({"relations": RELATIONS_CSV.replace("optional", "sometimes")}, "unknown relationType(s): sometimes"),
    ({"skills": SKILLS_CSV.replace("CRM software", "")}, "has no conceptUri or preferredLabel"),
    ({"skills": "\x89PNG\r\n\x1a\n\x00\x00\xff\xfe binary"}, "skills_en.csv"),
])
def test_a_broken_or_foreign_download_is_refused_and_writes_nothing(tmp_path, broken, message):
    folder = write_download(tmp_path, **broken)
    with pytest.raises(EscoImportError) as refused:
        import_esco([folder], echo=lambda _: None)
    assert message in str(refused.value)
    assert count(Skill) == 0 and count(EscoOccupation) == 0 and count(EscoOccupationSkill) == 0


def test_a_file_that_is_not_a_zip_is_refused(tmp_path):
    fake = tmp_path / "esco.zip"
    fake.write_text("this is not a zip")
    with pytest.raises(EscoImportError, match="not a readable zip"):
        import_esco([fake], echo=lambda _: None)


# --- the command line -----------------------------------------------------------------------------


def test_cli_imports_and_reports(app, tmp_path):
    result = app.test_cli_runner().invoke(args=["skills", "import-esco", str(write_download(tmp_path))])
    assert result.exit_code == 0, result.output
    assert "Skills: 3 added, 0 updated" in result.output
    assert "1 skipped" in result.output and ESCO_ATTRIBUTION in result.output
    assert count(Skill) == 3 and count(EscoOccupationSkill) == 3


def test_cli_refuses_a_foreign_file_with_exit_code_1(app, tmp_path):
    folder = write_download(tmp_path, occupations="id,title\n1,clerk\n")
    result = app.test_cli_runner().invoke(args=["skills", "import-esco", str(folder)])
    assert result.exit_code == 1
    assert "occupations_en.csv is missing the column(s) conceptUri" in result.output
    assert "Nothing was imported" in result.output
    assert count(Skill) == 0
