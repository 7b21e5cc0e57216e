"""The verify form (paste or upload a credential) and staff's revoke form."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length, Optional

#: the largest credential text the verifier reads (characters); an issued credential is a few KiB
MAX_CREDENTIAL_CHARS = 64_000


class VerifyForm(FlaskForm):
    credential = TextAreaField("Paste the credential (the text of its .jwt file)",
                               validators=[Optional(), Length(max=MAX_CREDENTIAL_CHARS)])
    upload = FileField("Or upload its .jwt file", validators=[FileAllowed(["jwt", "txt"], "Upload a .jwt file.")])

    def compact(self) -> str:
        """The credential from the upload, else the text box: "" when neither was given."""
        if self.upload.data:
            return self.upload.data.read(MAX_CREDENTIAL_CHARS + 1).decode("utf-8", "replace").strip()
        return (self.credential.data or "").strip()

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        if not self.compact():
            self.credential.errors = ["Paste a credential or upload its .jwt file."]
            return False
        if self.upload.data:
            self.upload.data.seek(0)
        return True


class RevokeForm(FlaskForm):
    reason = TextAreaField("Reason for revoking", validators=[DataRequired("Say why the credential is revoked."),
                                                              Length(max=500)])
