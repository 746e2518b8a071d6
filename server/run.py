"""Run the app under a production WSGI server (gunicorn), or Flask's dev server on request."""
from __future__ import annotations

from kg.config import Settings


def serve(settings: Settings, dev: bool = False) -> int:
    from . import create_app

    if dev:
        create_app(settings).run(host=settings.host, port=settings.port, debug=False)
        return 0
    from gunicorn.app.base import BaseApplication

    class _App(BaseApplication):
        def load_config(self):
            self.cfg.set("bind", f"{settings.host}:{settings.port}")
            self.cfg.set("workers", settings.workers)
            self.cfg.set("preload_app", True)
            self.cfg.set("accesslog", "-")

        def load(self):
            return create_app(settings)

    _App().run()
    return 0
