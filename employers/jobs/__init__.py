"""Jobs from any site a person adds: sources polled on the task queue, postings normalised and deduplicated."""
