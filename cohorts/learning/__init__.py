"""Learning resources that plug the gaps between what target jobs ask and what a participant has shown."""
