"""The one SQLite store of checkoutctl: how a database file is opened (connection.py) and how its schema
grows (migrations.py). The journal (checkoutctl/journal/) and the sandbox (checkoutctl/sandbox/store.py)
both open their files through it, so both get the same guarantees:

    private    the folder is created 0700 and the file 0600 *before* SQLite opens it (no window in which
               another user could read it); SQLite gives its -wal/-shm files the database's mode
    shared     WAL (readers beside one writer), `busy_timeout` (writers queue instead of failing), every
               write a `BEGIN IMMEDIATE` transaction (no read-then-upgrade deadlock between processes)
    versioned  numbered migrations applied on open, in one transaction, each exactly once (llm's
               migrations.py is the model), so a file written by an older release opens and is upgraded
"""
