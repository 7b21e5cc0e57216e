"""The Open Badges 3.0 document (an OpenBadgeCredential, W3C VC Data Model 2.0) and its VC-JWT claims."""

from __future__ import annotations

import hashlib
from datetime import datetime

from flask import current_app

from app.models import Skill
from app.templating import absolute_url
from cohorts.models import Cohort, CredentialKind, IssuedCredential, Participant

CONTEXT = ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]
#: the exit level (0–4) from which a competency counts as reached and earns its own credential
COMPETENT_LEVEL = 3


def _iso(instant: datetime) -> str:
    return instant.strftime("%Y-%m-%dT%H:%M:%SZ")


def issuer_id() -> str:
    """The issuer's URL: its published profile (also the JWT's iss)."""
    return absolute_url("credentials_public.issuer_profile")


def issuer_profile() -> dict:
    return {
        "@context": CONTEXT, "id": issuer_id(), "type": ["Profile"],
        "name": current_app.config["CREDENTIAL_ISSUER_NAME"], "url": absolute_url("credentials_public.verify"),
        "description": "Issues Open Badges 3.0 credentials to participants who complete a cohort or reach a "
                       "competency. Verify them at the url given; the signing keys are in the JWKS.",
        "jwks_uri": absolute_url("credentials_public.jwks"),
    }


def alignment(skill: Skill) -> dict:
    """An OB 3.0 Alignment to the skill's ESCO concept."""
    return {"type": ["Alignment"], "targetName": skill.label, "targetUrl": skill.esco_uri,
            "targetDescription": skill.description[:500], "targetFramework": "ESCO", "targetType": "ceasn:Competency"}


def taught_skills(cohort: Cohort) -> list[Skill]:
    """The cohort's competencies (from its modules) that carry an ESCO URI, in module order, once each."""
    seen = dict.fromkeys(ms.skill for module in cohort.modules for ms in module.skills)
    return [skill for skill in seen if skill.esco_uri]


def achievement(credential: IssuedCredential, cohort: Cohort) -> dict:
    programme = cohort.programme.name
    if credential.kind == CredentialKind.completion:
        skills = taught_skills(cohort)
        return {
            "id": f"{issuer_id()}#achievement-cohort-{cohort.id}",
            "type": ["Achievement"], "achievementType": "Certificate",
            "name": f"Completed {programme}: {cohort.name or cohort.code}",
            "description": cohort.description or cohort.programme.description or f"Completion of cohort {cohort.code}.",
            "criteria": {"narrative": f"Enrolled in cohort {cohort.code} of {programme}, took part in its sessions "
                                      f"and was recorded as having completed it ({len(skills)} aligned competencies)."},
            "alignment": [alignment(skill) for skill in skills],
        }
    skill = credential.skill
    return {
        "id": f"{issuer_id()}#achievement-skill-{skill.id}",
        "type": ["Achievement"], "achievementType": "Competency", "name": skill.label,
        "description": skill.description or f"The competency “{skill.label}”.",
        "criteria": {"narrative": f"Assessed at level {COMPETENT_LEVEL} or above (of 4) at the end of cohort "
                                  f"{cohort.code} of {programme}."},
        "alignment": [alignment(skill)] if skill.esco_uri else [],
    }


def identity(participant: Participant, salt: str) -> list[dict]:
    """Who holds it: their name, and their email only as a salted hash (OB 3.0 IdentityObject)."""
    digest = hashlib.sha256((participant.email.lower() + salt).encode()).hexdigest()
    return [
        {"type": "IdentityObject", "identityType": "name", "hashed": False, "identityHash": participant.full_name},
        {"type": "IdentityObject", "identityType": "emailAddress", "hashed": True, "salt": salt,
         "identityHash": f"sha256${digest}"},
    ]


def credential_claims(credential: IssuedCredential, cohort: Cohort) -> dict:
    """The VC-JWT payload: the registered claims (OB 3.0 §8.2) around the full credential in ``vc``."""
    subject_id = f"urn:uuid:{credential.jti}#subject"
    document = {
        "@context": CONTEXT, "id": f"urn:uuid:{credential.jti}", "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer_id(), "type": ["Profile"], "name": current_app.config["CREDENTIAL_ISSUER_NAME"]},
        "validFrom": _iso(credential.issued_at),
        "name": achievement(credential, cohort)["name"],
        "credentialSubject": {"id": subject_id, "type": ["AchievementSubject"],
                              "identifier": identity(credential.participant, credential.jti[:8]),
                              "achievement": achievement(credential, cohort)},
        "credentialStatus": {
            "id": absolute_url("credentials_public.status_list") + f"#{credential.status_index}",
            "type": "BitstringStatusListEntry", "statusPurpose": "revocation",
            "statusListIndex": str(credential.status_index),
            "statusListCredential": absolute_url("credentials_public.status_list"),
        },
    }
    claims = {"iss": issuer_id(), "jti": document["id"], "sub": subject_id,
              "iat": int(credential.issued_at.timestamp()), "nbf": int(credential.issued_at.timestamp()), "vc": document}
    if credential.expires_at is not None:
        document["validUntil"] = _iso(credential.expires_at)
        claims["exp"] = int(credential.expires_at.timestamp())
    return claims
