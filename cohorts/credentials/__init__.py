"""Verifiable credentials (Open Badges 3.0, VC-JWT signed with Ed25519): issue, publish the issuer, verify, revoke."""
