"""Browser journeys of the capabilities around the cohort loop: mentoring, learning, jobs and referrals."""
