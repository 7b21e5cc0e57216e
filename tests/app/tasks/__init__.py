"""The task queue and jobs: lifecycle in immediate mode, pages, and real workers on SQLite and Redis."""
