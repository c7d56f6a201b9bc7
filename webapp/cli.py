"""`kb serve`: the site on a development server, or on gunicorn with ``--prod``.

``kb export-site`` lives in :mod:`webapp.export`; it is looked up lazily here so that the
entry point ``webapp.cli:export_site_command`` works without importing it for ``kb serve``.
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import threading
from pathlib import Path
from typing import Any

import click

from webapp.serving import KEEPALIVE_SECONDS, LIMIT_REQUEST_LINE, THREADS, WORKER_TIMEOUT

DEFAULT_INDEX = Path(".kb-index")
DEFAULT_CONTENT = Path("practices")


def check_index(index_dir: Path, content_dir: Path) -> None:
    """Refuse to start without an index or with a corrupt one, saying how to build one.

    Raises:
        click.ClickException: no index in ``index_dir``, its live version fails its checksums,
            or it was built with another model than the configured one.
    """
    from indexer.config import resolve_model
    from indexer.errors import IndexProblem
    from indexer.store import check_model, current_version, read_manifest, verify

    try:  # a corrupt live index would only show up as 503s from every worker
        if current_version(index_dir) is None:
            raise click.ClickException(
                f"no search index in {index_dir}; build it first with "
                f"`kb index --content {content_dir} --index {index_dir}` (or `make index`)")
        version, folder, manifest = read_manifest(index_dir)
        check_model(manifest, resolve_model(), index_dir)
        verify(folder, manifest)
    except IndexProblem as exc:
        raise click.ClickException(str(exc)) from None


def app_config(index_dir: Path, content_dir: Path, public_url: str | None = None) -> dict[str, Any]:
    """The app settings of `kb serve`; ``public_url`` is checked here, so a bad one stops the start."""
    from webapp.security import checked_public_url

    try:
        public_url = checked_public_url(public_url)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--public-url") from None
    config: dict[str, Any] = {"INDEX_DIR": str(index_dir.resolve()), "CONTENT_DIR": str(content_dir.resolve()),
                              "WARM_START": True}  # /healthz says 503 until webapp.warmup has run
    if public_url:
        config["PUBLIC_URL"] = public_url
    return config


def ready_line(url: str, finished: int, warm: int, workers: int) -> tuple[int, str] | None:
    """What the log says once the last of the first ``workers`` has finished its warm-up
    (``finished`` of them have, ``warm`` successfully): (logging level, line), else None.
    Tests and the load benchmark wait for ``Ready:``; the count says whether all are warm (a
    worker whose warm-up failed answers 503 and tries again, see :mod:`webapp.warmup`)."""
    if finished != workers:
        return None
    if warm == workers:
        return logging.INFO, f"Ready: {url} ({workers} workers warm)"
    return logging.ERROR, (f"Ready: {url} ({warm} of {workers} workers warm; the others said why above "
                           "and answer 503 until a warm-up succeeds)")


def run_gunicorn(config: dict[str, Any], host: str, port: int, workers: int, threads: int = THREADS) -> None:
    """Serve ``create_app(config)`` with gunicorn: ``workers`` processes (each loads the model
    and the index once) of ``threads`` threads, so that slow clients cannot starve the others
    (see :mod:`webapp.serving`). The practice files are read once, in the master, before it
    forks: the workers share them and answer their first request without reading 5,000 files.
    Each worker then warms up before it accepts (:mod:`webapp.warmup`); once all have, the log
    says ``Ready:``.
    """
    from gunicorn.app.base import BaseApplication

    # N workers share the cores: one query encode per worker should not fan out over all of them
    os.environ.setdefault("KB_EMBED_THREADS", str(max(1, (os.cpu_count() or 1) // workers)))

    from webapp import create_app
    from webapp.content import get_corpus

    # shared with the forked workers: how many finished warming up, and how many of them are warm
    finished_workers = multiprocessing.Value("i", 0)
    warm_workers = multiprocessing.Value("i", 0)

    def post_worker_init(worker) -> None:
        """In each worker, after the fork and before it accepts: load model and index, run a search."""
        from webapp.warmup import warm_up

        # the master restarts a worker silent for WORKER_TIMEOUT; loading the model on a busy
        # machine can take longer, so the warm-up keeps saying it is alive
        done = threading.Event()

        def keep_alive() -> None:
            while not done.wait(1.0):
                worker.notify()

        threading.Thread(target=keep_alive, daemon=True).start()
        try:
            state = warm_up(worker.wsgi)
        finally:
            done.set()
        if state.warm:
            worker.log.info("worker %s warm in %.2f s (model, index and one search)", worker.pid, state.seconds)
        else:
            worker.log.error("worker %s is not warm: %s", worker.pid, state.reason)
        with finished_workers.get_lock():
            warm_workers.value += int(state.warm)
            finished_workers.value += 1
            finished, warm = finished_workers.value, warm_workers.value
        said = ready_line(f"http://{host}:{port}", finished, warm, workers)
        if said:
            level, line = said
            worker.log.log(level, "%s", line)

    class Server(BaseApplication):
        def load_config(self) -> None:
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("worker_class", "webapp.serving.GuardedThreadWorker")
            self.cfg.set("threads", threads)
            self.cfg.set("preload_app", True)
            self.cfg.set("post_worker_init", post_worker_init)
            self.cfg.set("accesslog", "-")
            self.cfg.set("timeout", WORKER_TIMEOUT)
            self.cfg.set("graceful_timeout", WORKER_TIMEOUT)
            self.cfg.set("keepalive", KEEPALIVE_SECONDS)
            self.cfg.set("limit_request_line", LIMIT_REQUEST_LINE)
            if "control_socket_disable" in self.cfg.settings:  # gunicorn >= 24 writes one to ~
                self.cfg.set("control_socket_disable", True)

        def load(self):
            app = create_app(config)
            with app.app_context():
                get_corpus()  # in the master (preload): shared by every worker
            return app

    Server().run()


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535), help="TCP port.")
@click.option("--index", "index_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Index folder (default: $KB_INDEX_DIR or .kb-index).")
@click.option("--content", "content_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Practices folder (default: $KB_CONTENT_DIR or practices).")
@click.option("--public-url", envvar="KB_PUBLIC_URL", metavar="URL",
              help="The site's public address, e.g. https://practices.example.org (default: $KB_PUBLIC_URL). "
                   "The only source of absolute URLs: the request's Host header is never trusted.")
@click.option("--prod", is_flag=True, help="Serve with gunicorn instead of the development server.")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64),
              help="gunicorn worker processes (with --prod).")
@click.option("--threads", default=THREADS, show_default=True, type=click.IntRange(1, 256),
              help="Threads per worker (with --prod); a slow client holds one for at most 10 s.")
def serve_command(host: str, port: int, index_dir: Path | None, content_dir: Path | None,
                  public_url: str | None, prod: bool, workers: int, threads: int) -> None:
    """Serve the web site (search, practices, cities, API) on http://HOST:PORT."""
    index_dir = index_dir or Path(os.environ.get("KB_INDEX_DIR") or DEFAULT_INDEX)
    content_dir = content_dir or Path(os.environ.get("KB_CONTENT_DIR") or DEFAULT_CONTENT)
    config = app_config(index_dir, content_dir, public_url)
    check_index(index_dir, content_dir)
    if not content_dir.is_dir():
        click.echo(f"warning: content folder {content_dir} does not exist; practice pages will be empty "
                   "(pass --content DIR)", err=True)
    if prod:
        click.echo(f"Serving on http://{host}:{port} with gunicorn ({workers} workers × {threads} threads)",
                   err=True)
        run_gunicorn(config, host, port, workers, threads)
        return
    from webapp import create_app

    from webapp.warmup import warm_up

    app = create_app(config)
    click.echo(f"Serving on http://{host}:{port} (development server; use --prod for gunicorn)", err=True)
    state = warm_up(app)  # before it listens: the first search is as fast as the next
    click.echo(f"Ready: http://{host}:{port} (warm in {state.seconds:.1f} s)" if state.warm
               else f"warning: not warm: {state.reason}", err=True)
    app.run(host=host, port=port, debug=False, use_reloader=False)


def __getattr__(name: str):
    if name == "export_site_command":
        from webapp.export import export_site_command

        return export_site_command
    raise AttributeError(name)
