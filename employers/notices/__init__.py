"""What the demand side tells people when something happens (a subpackage: employers/ holds 15 modules)."""
