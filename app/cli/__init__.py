"""Core flask commands: admin accounts, backups, the ESCO import."""
