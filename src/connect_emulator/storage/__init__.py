"""Database backends implementing the domain's storage port (``domain/ports.py``).

sqlite.py            the embedded default: one process, a file or memory
postgres.py          several processes on one PostgreSQL database
postgres_session.py  opening one session with every wait bounded
watchdog.py          cutting a wait the database never answers
reconnecting.py      reconnecting on a thread while transactions fail at once
outage_log.py        an outage logged once, then counted, then over
queries.py           every statement, once; postgres_queries.py derives PostgreSQL's
sql_transaction.py   the Transaction port over either driver
migrations/<dialect>/NNNN_*.sql   the schema, one numbered step at a time
"""
