"""A participant's own job search: jobs for you from the sources people add, saved postings and applications."""
