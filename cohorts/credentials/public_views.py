"""Public pages, no login: the issuer's profile, keys and status list, a shared credential, and the verifier."""

from __future__ import annotations

from flask import Response, abort, jsonify, render_template, request

from app.extensions import csrf, db
from cohorts.credentials import badges, keys, queries, status
from cohorts.credentials.forms import MAX_CREDENTIAL_CHARS, VerifyForm
from cohorts.credentials.verification import verify_credential


def issuer_profile():
    return jsonify(badges.issuer_profile())


def jwks():
    response = jsonify(keys.jwks())
    response.cache_control.max_age = 300
    return response


def status_list():
    """The revocation list as a signed BitstringStatusListCredential (the first request makes the first key)."""
    signed = status.status_list_credential()
    db.session.commit()
    return Response(signed, mimetype="application/vc+jwt", headers={"Cache-Control": "max-age=60"})


def _shared_or_404(public_token: str):
    credential = queries.by_public_token(public_token)
    if credential is None or not credential.compact_jwt:
        abort(404)
    return credential


def shared_credential(public_token: str):
    credential = _shared_or_404(public_token)
    verdict = verify_credential(credential.compact_jwt)
    return render_template("cohorts/credentials/shared.html", credential=credential, verdict=verdict,
                           document=verdict.claims.get("vc", {}))


def download_credential(public_token: str):
    credential = _shared_or_404(public_token)
    return Response(credential.compact_jwt, mimetype="application/jwt", headers={
        "Content-Disposition": f'attachment; filename="credential-{credential.jti}.jwt"'})


def credential_json(public_token: str):
    credential = _shared_or_404(public_token)
    return jsonify(verify_credential(credential.compact_jwt).claims.get("vc", {}))


# Exempt from the global CSRF check: a JSON client (another site's verifier) has no session or token, and the
# answer changes nothing. The HTML form below still checks its own CSRF token (FlaskForm validates it).
@csrf.exempt
def verify():
    if request.method == "POST" and (request.is_json or request.mimetype in ("application/jwt", "text/plain")):
        return _verify_json()
    form = VerifyForm()
    verdict = verify_credential(form.compact()) if form.validate_on_submit() else None
    status_code = 422 if form.errors else 200
    return render_template("cohorts/credentials/verify.html", form=form, verdict=verdict), status_code


def _verify_json():
    """POST {"credential": "<compact JWT>"} (or the bare JWT as application/jwt) → {"result": …}."""
    body = request.get_json(silent=True) if request.is_json else request.get_data(as_text=True)
    compact = body.get("credential") if isinstance(body, dict) else body
    if not isinstance(compact, str) or not compact.strip() or len(compact) > MAX_CREDENTIAL_CHARS:
        return jsonify({"error": "Send the compact JWT as {\"credential\": \"…\"}."}), 400
    return jsonify(verify_credential(compact).as_json())
