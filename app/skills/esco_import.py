"""Importing the ESCO classification (skills, occupations, relations) from its CSV files."""

from __future__ import annotations

import io
import time
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import click
import pandas as pd
import sqlalchemy as sa
from flask.cli import AppGroup
from sqlalchemy import delete, insert, select, update

from app.extensions import db
from app.models import EscoOccupation, EscoOccupationSkill, EscoRelation, Skill, SkillKind
from app.skills.vocabulary import ESCO_ATTRIBUTION
from app.tasks.statistics import analyze

ESCO_FILES: dict[str, tuple[str, ...]] = {
    "skills_en.csv": ("conceptUri", "skillType", "reuseLevel", "preferredLabel", "altLabels", "description"),
    "occupations_en.csv": ("conceptUri", "iscoGroup", "preferredLabel", "altLabels", "code"),
    "occupationSkillRelations.csv": ("occupationUri", "relationType", "skillUri"),
}

skills_cli = AppGroup("skills", help="The competency vocabulary.")

CHUNK = 5000


class EscoImportError(Exception):
    """The download is missing, unreadable or not ESCO; nothing has been written."""


def _locate(paths: Sequence[Path]) -> dict[str, Callable[[], io.BufferedIOBase]]:
    """Map each ESCO file name to an opener, looking in zips and folders (and zips in folders)."""
    found: dict[str, Callable[[], io.BufferedIOBase]] = {}

    def from_zip(archive: Path) -> None:
        try:
            handle = zipfile.ZipFile(archive)
        except (zipfile.BadZipFile, OSError) as exc:
            raise EscoImportError(f"{archive} is not a readable zip file ({exc}).") from exc
        for member in handle.namelist():
            name = Path(member).name
            if name in ESCO_FILES and name not in found:
                found[name] = lambda h=handle, m=member: h.open(m)

    for path in paths:
        if path.is_dir():
            for name in ESCO_FILES:
                if (path / name).is_file() and name not in found:
                    found[name] = lambda p=path / name: open(p, "rb")
            for archive in sorted(path.glob("*.zip")):
                from_zip(archive)
        elif path.is_file() and path.suffix.lower() == ".zip":
            from_zip(path)
        elif path.is_file() and path.name in ESCO_FILES:
            found.setdefault(path.name, lambda p=path: open(p, "rb"))
        else:
            raise EscoImportError(f"{path} is neither a folder, a zip file nor an ESCO CSV file.")
    return found


def read_esco(paths: Sequence[Path]) -> dict[str, pd.DataFrame]:
    """Read and check the three files; raises EscoImportError naming the missing file or column."""
    openers = _locate(paths)
    missing = [name for name in ESCO_FILES if name not in openers]
    if missing:
        raise EscoImportError(
            "Not an ESCO CSV download: could not find " + ", ".join(missing)
            + " (give the classification and the relations downloads, as zips or folders)."
        )
    frames = {}
    for name, columns in ESCO_FILES.items():
        try:
            with openers[name]() as handle:
                frame = pd.read_csv(handle, dtype=str, keep_default_na=False, encoding="utf-8")
        except (ValueError, UnicodeDecodeError, zipfile.BadZipFile, OSError) as exc:
            raise EscoImportError(f"{name} could not be read as UTF-8 CSV ({exc}).") from exc
        absent = [column for column in columns if column not in frame.columns]
        if absent:
            raise EscoImportError(f"{name} is missing the column(s) {', '.join(absent)}: is it an ESCO file?")
        if frame.empty:
            raise EscoImportError(f"{name} has no rows.")
        frames[name] = frame[list(columns)].apply(lambda s: s.str.strip())
    _check_values(frames)
    return frames


def _check_values(frames: dict[str, pd.DataFrame]) -> None:
    for name, uri_column in (("skills_en.csv", "conceptUri"), ("occupations_en.csv", "conceptUri")):
        frame = frames[name]
        bad = frame[(frame[uri_column] == "") | (frame["preferredLabel"] == "")]
        if not bad.empty:
            raise EscoImportError(f"{name} row {bad.index[0] + 2} has no conceptUri or preferredLabel.")
        if frame[uri_column].duplicated().any():
            raise EscoImportError(f"{name} lists {frame[uri_column][frame[uri_column].duplicated()].iloc[0]} twice.")
        if frame[uri_column].str.len().max() > 255 or frame["preferredLabel"].str.len().max() > 300:
            raise EscoImportError(f"{name} has a URI or label longer than the vocabulary allows.")
    relations = frames["occupationSkillRelations.csv"]
    unknown = set(relations["relationType"]) - {r.value for r in EscoRelation}
    if unknown:
        raise EscoImportError(
            f"occupationSkillRelations.csv has unknown relationType(s): {', '.join(sorted(unknown))}."
        )


@dataclass
class EscoImportResult:
    skills_added: int = 0
    skills_updated: int = 0
    #: skills whose preferred label was already taken by another concept (label got a suffix)
    labels_suffixed: int = 0
    occupations_added: int = 0
    occupations_updated: int = 0
    relations_added: int = 0
    relations_updated: int = 0
    relations_removed: int = 0
    #: relation rows naming an occupation or skill absent from the download
    relations_skipped: int = 0
    seconds: float = 0.0


def _kind(skill_type: str, reuse_level: str) -> str:
    """knowledge → knowledge; transversal skills → foundational; the rest (and blanks) → skill."""
    if skill_type == "knowledge":
        return SkillKind.knowledge.value
    if reuse_level == "transversal":
        return SkillKind.foundational.value
    return SkillKind.skill.value


def _assign_labels(incoming: pd.DataFrame, existing: pd.DataFrame) -> int:
    """Give every incoming concept a unique label_key; returns how many needed a suffix.

    Concepts keep their preferred label unless a different concept already holds that
    (case-insensitive) label: the first concept in conceptUri order keeps it, a later one
    becomes "label (ESCO 1a2b3c4d)" after its URI. A hand-made skill (no esco_uri) with the
    same label is adopted by the concept instead of duplicated.
    """
    updating = set(incoming["id"].dropna().astype(int))
    taken = set(existing.loc[~existing["id"].isin(updating), "label_key"])
    labels, keys, suffixed = [], [], 0
    for label, uri in zip(incoming["label"], incoming["esco_uri"]):
        key = Skill.key_for(label)
        if key in taken:
            label = f"{label} (ESCO {uri.rsplit('/', 1)[-1][:8]})"
            key, suffixed = Skill.key_for(label), suffixed + 1
        taken.add(key)
        labels.append(label)
        keys.append(key)
    incoming["label"], incoming["label_key"] = labels, keys
    return suffixed


def _bulk(statement, rows: list[dict], label: str, echo: Callable[[str], None]) -> None:
    """Run one bulk statement over ``rows`` in chunks, with a progress bar on the terminal."""
    if not rows:
        return
    chunks = [rows[i:i + CHUNK] for i in range(0, len(rows), CHUNK)]
    quiet = echo is not click.echo  # a caller collecting messages gets no terminal bar
    with click.progressbar(chunks, label=f"  {label} ({len(rows):,})", file=io.StringIO() if quiet else None) as bar:
        for chunk in bar:
            db.session.execute(statement, chunk)


def _changed(incoming: pd.DataFrame, existing: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Incoming rows that match an existing id but differ in one of ``columns``."""
    if existing.empty:
        return incoming.iloc[0:0][["id", *columns]]
    existing = existing.astype({"id": "Int64"})
    merged = incoming.dropna(subset=["id"]).merge(existing, on="id", suffixes=("", "_old"))
    differs = pd.Series(False, index=merged.index)
    for column in columns:
        differs |= merged[column] != merged[f"{column}_old"]
    return merged.loc[differs, ["id", *columns]]


def _import_skills(frame: pd.DataFrame, result: EscoImportResult, echo) -> dict[str, int]:
    rows = db.session.execute(
        select(Skill.id, Skill.esco_uri, Skill.label_key, Skill.label, Skill.kind, Skill.alt_labels, Skill.description)
    ).all()
    existing = pd.DataFrame(rows, columns=["id", "esco_uri", "label_key", "label", "kind", "alt_labels", "description"])
    existing["kind"] = existing["kind"].map(lambda k: getattr(k, "value", k))
    incoming = pd.DataFrame({
        "esco_uri": frame["conceptUri"],
        "label": frame["preferredLabel"].map(lambda s: " ".join(s.split())),
        "kind": [_kind(t, r) for t, r in zip(frame["skillType"], frame["reuseLevel"])],
        "alt_labels": frame["altLabels"].str.replace("\r\n", "\n"),
        "description": frame["description"],
    }).sort_values("esco_uri", ignore_index=True)
    by_uri = dict(zip(existing["esco_uri"].dropna(), existing.loc[existing["esco_uri"].notna(), "id"]))
    hand_made = existing[existing["esco_uri"].isna()].drop_duplicates("label_key")
    by_key = dict(zip(hand_made["label_key"], hand_made["id"]))
    ids = []
    for uri, label in zip(incoming["esco_uri"], incoming["label"]):
        ids.append(by_uri[uri] if uri in by_uri else by_key.pop(Skill.key_for(label), None))
    incoming["id"] = pd.array(ids, dtype="Int64")
    result.labels_suffixed = _assign_labels(incoming, existing)
    columns = ["esco_uri", "label", "label_key", "kind", "alt_labels", "description"]
    changed = _changed(incoming, existing, columns)
    new = incoming[incoming["id"].isna()][columns]
    result.skills_updated, result.skills_added = len(changed), len(new)
    records = changed.astype(object).to_dict("records")
    _bulk(update(Skill), [dict(r, id=int(r["id"])) for r in records], "updating skills", echo)
    _bulk(insert(Skill), new.to_dict("records"), "adding skills", echo)
    return dict(db.session.execute(select(Skill.esco_uri, Skill.id).where(Skill.esco_uri.is_not(None))).all())


def _import_occupations(frame: pd.DataFrame, result: EscoImportResult, echo) -> dict[str, int]:
    rows = db.session.execute(
        select(EscoOccupation.id, EscoOccupation.esco_uri, EscoOccupation.label, EscoOccupation.isco_group,
               EscoOccupation.code, EscoOccupation.alt_labels)
    ).all()
    existing = pd.DataFrame(rows, columns=["id", "esco_uri", "label", "isco_group", "code", "alt_labels"])
    incoming = pd.DataFrame({
        "esco_uri": frame["conceptUri"],
        "label": frame["preferredLabel"].map(lambda s: " ".join(s.split())),
        "isco_group": frame["iscoGroup"].str.slice(0, 10),
        "code": frame["code"].str.slice(0, 40),
        "alt_labels": frame["altLabels"].str.replace("\r\n", "\n"),
    })
    ids = dict(zip(existing["esco_uri"], existing["id"]))
    incoming["id"] = incoming["esco_uri"].map(ids).astype("Int64")
    columns = ["esco_uri", "label", "isco_group", "code", "alt_labels"]
    changed = _changed(incoming, existing, columns)
    new = incoming[incoming["id"].isna()][columns]
    result.occupations_updated, result.occupations_added = len(changed), len(new)
    records = changed.astype(object).to_dict("records")
    _bulk(update(EscoOccupation), [dict(r, id=int(r["id"])) for r in records], "updating occupations", echo)
    _bulk(insert(EscoOccupation), new.to_dict("records"), "adding occupations", echo)
    return dict(db.session.execute(select(EscoOccupation.esco_uri, EscoOccupation.id)).all())


def _import_relations(frame: pd.DataFrame, skill_ids: dict, occupation_ids: dict,
                      result: EscoImportResult, echo) -> None:
    incoming = pd.DataFrame({
        "occupation_id": frame["occupationUri"].map(occupation_ids),
        "skill_id": frame["skillUri"].map(skill_ids),
        "relation": frame["relationType"],
    })
    known = incoming.dropna(subset=["occupation_id", "skill_id"])
    result.relations_skipped = len(incoming) - len(known)
    incoming = known.astype({"occupation_id": int, "skill_id": int}).drop_duplicates(["occupation_id", "skill_id"])
    rows = db.session.execute(
        select(EscoOccupationSkill.occupation_id, EscoOccupationSkill.skill_id, EscoOccupationSkill.relation)
    ).all()
    existing = pd.DataFrame(rows, columns=["occupation_id", "skill_id", "relation"]).astype(
        {"occupation_id": int, "skill_id": int})
    existing["relation"] = existing["relation"].map(lambda r: getattr(r, "value", r))
    merged = incoming.merge(existing, on=["occupation_id", "skill_id"], how="outer",
                            suffixes=("", "_old"), indicator=True)
    new = merged[merged["_merge"] == "left_only"][["occupation_id", "skill_id", "relation"]]
    changed = merged[(merged["_merge"] == "both") & (merged["relation"] != merged["relation_old"])]
    imported = set(occupation_ids.values())
    gone = merged[(merged["_merge"] == "right_only") & merged["occupation_id"].isin(imported)]
    result.relations_added, result.relations_updated, result.relations_removed = len(new), len(changed), len(gone)
    table = EscoOccupationSkill.__table__
    pair = (table.c.occupation_id == sa.bindparam("o")) & (table.c.skill_id == sa.bindparam("s"))
    _bulk(delete(table).where(pair), [{"o": int(o), "s": int(s)} for o, s in
                                      gone[["occupation_id", "skill_id"]].itertuples(index=False)],
          "removing relations", echo)
    _bulk(
        table.update().where(pair).values(relation=sa.bindparam("r")),
        [{"o": int(o), "s": int(s), "r": r} for o, s, r in changed[["occupation_id", "skill_id", "relation"]].itertuples(index=False)],
        "updating relations", echo,
    )
    _bulk(table.insert(), [{"occupation_id": int(o), "skill_id": int(s), "relation": r}
                           for o, s, r in new.itertuples(index=False)], "adding relations", echo)


def import_esco(paths: Iterable[Path | str], echo: Callable[[str], None] = click.echo) -> EscoImportResult:
    """Upsert ESCO skills, occupations and their relations; flushes, the caller commits."""
    started = time.perf_counter()
    echo("Reading the ESCO files…")
    frames = read_esco([Path(p) for p in paths])
    result = EscoImportResult()
    echo(f"Skills: {len(frames['skills_en.csv']):,} in the download")
    skill_ids = _import_skills(frames["skills_en.csv"], result, echo)
    echo(f"Occupations: {len(frames['occupations_en.csv']):,} in the download")
    occupation_ids = _import_occupations(frames["occupations_en.csv"], result, echo)
    echo(f"Occupation–skill relations: {len(frames['occupationSkillRelations.csv']):,} in the download")
    _import_relations(frames["occupationSkillRelations.csv"], skill_ids, occupation_ids, result, echo)
    db.session.flush()
    # bulk writes: fresh planner statistics, committed with them (judged from the tables' empty state,
    # PostgreSQL read an occupation's skills by a nested loop over every relation)
    analyze(db.session.connection(), [Skill.__tablename__, EscoOccupation.__tablename__,
                                      EscoOccupationSkill.__tablename__])
    db.session.expire_all()  # bulk statements bypass the identity map: loaded skills may be stale
    result.seconds = time.perf_counter() - started
    return result


@skills_cli.command("import-esco")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
def import_esco_command(paths: tuple[Path, ...]) -> None:
    """Import ESCO skills, occupations and relations from the official CSV download(s).

    PATHS are zips or folders: the classification download (skills_en.csv, occupations_en.csv)
    and the relations download (occupationSkillRelations.csv). Safe to run again.
    """
    try:
        result = import_esco(paths)
    except EscoImportError as exc:
        db.session.rollback()
        raise click.ClickException(f"{exc} Nothing was imported.") from exc
    db.session.commit()
    click.echo(
        f"Skills: {result.skills_added:,} added, {result.skills_updated:,} updated"
        f" ({result.labels_suffixed} labels suffixed to stay unique).\n"
        f"Occupations: {result.occupations_added:,} added, {result.occupations_updated:,} updated.\n"
        f"Relations: {result.relations_added:,} added, {result.relations_updated:,} updated, "
        f"{result.relations_removed:,} removed, {result.relations_skipped:,} skipped "
        f"(they name a concept missing from the download).\n"
        f"Done in {result.seconds:.1f} s. {ESCO_ATTRIBUTION}"
    )
