"""Every tunable of ``esep watch`` in one place (seconds unless named)."""

from __future__ import annotations

#: A file is complete once its size, mtime and inode have not changed for
#: this long (``--settle``) and it opens for reading.
SETTLE_S = 5.0

#: A complete file that does not open (permissions) is tried again this often.
OPEN_RETRY_S = 5.0

#: The main loop wakes at least this often (stat of pending files, signals).
TICK_S = 0.25
MIN_TICK_S = 0.05

#: With file-system events, the inbox is still walked this often, in case
#: events were lost (inotify queue overflow, a share that sends none).
RESCAN_S = 30.0

#: Poll interval used when events cannot be set up (no inotify, limits).
FALLBACK_POLL_S = 2.0

#: Batching: once a file is complete, wait while other files are about to
#: be (their settle ends within BATCH_WAIT_S), but never more than
#: BATCH_MAX_WAIT_S, so that a lone file goes in at once and 500 files
#: dropped together make a few dataset versions, not 500.
BATCH_WAIT_S = 0.5
BATCH_MAX_WAIT_S = 3.0

#: At most this many files per ingest run: bounds how long SIGTERM waits
#: for the current run to finish.
MAX_BATCH_FILES = 100

#: ``esep ingest`` holds the dataset: try again this often.
BUSY_RETRY_S = 1.0

#: An ingest run that raises (a parser fork server gone, a full disk) is
#: tried again after INGEST_RETRY_S; after MAX_INGEST_ERRORS failures in a
#: row the watcher exits 1 and leaves the restart to its service manager.
INGEST_RETRY_S = 5.0
MAX_INGEST_ERRORS = 3

#: A staged file that cannot be moved out (processed/ not writable): try
#: again this often.
STUCK_RETRY_S = 30.0

#: ``--once`` waits at most ONCE_SETTLE_FACTOR x settle for the files
#: present at start to become complete; files still changing are left for
#: the next run.
ONCE_SETTLE_FACTOR = 2.0

#: A staged file that no ingest run records (a concurrent ``esep ingest
#: --prune`` removed it) is ingested again at most this many times.
MAX_ATTEMPTS = 3

#: Inside DATASET: the watcher's own folder and lock.
WATCH_DIR = ".watch"
STAGING_DIR = "staging"
LOCK_FILE = ".watch.lock"

#: Default folders, siblings of INBOX.
PROCESSED_NAME = "processed"
FAILED_NAME = "failed"
ERROR_SUFFIX = ".error.txt"
DATE_FORMAT = "%Y-%m-%d"  # processed/<date>/..., local time

#: Names never taken from the inbox (compared case-insensitively).
IGNORED_PREFIXES = (".", "~$")                 # hidden, .~lock.x#, Office owner files
IGNORED_SUFFIXES = (".tmp", ".part", ".crdownload", ".partial", ".download", ".swp")
IGNORED_NAMES = ("thumbs.db", "desktop.ini")
