"""gunicorn settings read from the repository root (gunicorn finds this file by itself).

Access logs are off unless asked for (--access-logfile); when on, a line carries the path
only, never the query string or the referrer: a search (?q=…) may be a person's name, and
names do not belong in server logs.
"""

access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(L)ss "%(a)s"'
