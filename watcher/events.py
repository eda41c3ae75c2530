"""File-system events (watchdog) as a set of paths to look at again.

Events only say *where to look*: the inbox decides from ``stat`` what a
file is and whether it is complete, so a lost, duplicated or reordered
event costs at most a delay (the periodic rescan catches what events
missed).
"""

from __future__ import annotations

import threading


class EventSource:
    def __init__(self, root: str):
        self.root = root
        self._lock = threading.Lock()
        self._paths: set[str] = set()
        self._observer = None
        self.kind = "none"

    def start(self) -> str | None:
        """Start watching; None on success, else why events are unavailable."""
        try:
            from watchdog.events import FileSystemEventHandler
            from watchdog.observers import Observer
        except ImportError as exc:  # pragma: no cover - watchdog is a dependency
            return f"watchdog unavailable ({exc})"
        source = self

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event):
                if event.event_type in ("opened", "closed_no_write"):
                    return
                if event.is_directory and event.event_type == "modified":
                    return  # a file in it changed: that file's own event says which
                paths = [event.src_path]
                if getattr(event, "dest_path", ""):
                    paths.append(event.dest_path)
                with source._lock:
                    for p in paths:
                        source._paths.add(p.decode("utf-8", "surrogateescape") if isinstance(p, bytes) else p)

        try:
            observer = Observer()
            observer.schedule(Handler(), self.root, recursive=True)
            observer.daemon = True
            observer.start()
        except Exception as exc:  # noqa: BLE001 - inotify limits, unsupported file system...
            return f"{type(exc).__name__}: {exc}"
        self._observer = observer
        self.kind = type(observer).__name__.replace("Observer", "").lower() or "events"
        return None

    def drain(self) -> set[str]:
        with self._lock:
            paths, self._paths = self._paths, set()
        return paths

    def alive(self) -> bool:
        return self._observer is not None and self._observer.is_alive()

    def stop(self) -> None:
        if self._observer is not None:
            try:
                self._observer.stop()
                self._observer.join(timeout=5)
            except Exception:  # noqa: BLE001 - stopping must not fail the exit
                pass
            self._observer = None
