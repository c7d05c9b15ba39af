"""Start N replicas of the app behind nginx, sharing one PostGIS store.

    QCM_DATABASE_URL=postgresql://qcm@db.example/qcm .venv/bin/python deploy/replicas.py --replicas 3

starts ``streamlit run app.py`` N times on 127.0.0.1 (ports --port+1 … --port+N), writes
``<run>/nginx.conf`` from deploy/nginx.conf.template with one upstream per replica, starts Debian's
nginx on --listen (default 0.0.0.0:--port) with sticky sessions, waits until every replica answers
/_stcore/health, prints the address, and stops everything on Ctrl-C or SIGTERM (and when any replica
or nginx dies: a half-up deployment is not left running).

Every replica gets the same store (``QCM_DATABASE_URL``; a GeoPackage file cannot be shared between
machines, so the setting is required with more than one replica) and the same cookie secret
(``STREAMLIT_SERVER_COOKIE_SECRET``, from --cookie-secret-file, generated once into the run folder
if absent), so that a signed cookie made by one replica is accepted by the others. Secrets and
basemap keys come as for one process (.streamlit/secrets.toml, the environment). Several machines:
run this script on each with ``--replicas`` for that machine and point one nginx at all of them
(the template's upstream block lists ``host:port`` lines; see README, "Serving a city or a province").

The published layer files need no sharing: each replica writes them into its own static/cache/,
named by a hash of their content, and the same data gives the same bytes on every replica
(tests/map/test_publish_deterministic.py, tests/e2e/test_replicas.py).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).with_name("nginx.conf.template")
NGINX = "/usr/sbin/nginx"
START_TIMEOUT_S = 120


def free_block(n: int) -> int:
    """A port p with p … p+n all free (nginx on p, the replicas on the next ones)."""
    for _ in range(50):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            base = s.getsockname()[1]
        if base + n > 65535:
            continue
        try:
            for port in range(base, base + n + 1):
                with socket.socket() as probe:
                    probe.bind(("127.0.0.1", port))
            return base
        except OSError:
            continue
    raise RuntimeError("no block of free ports")


def nginx_config(run_dir: Path, listen: str, upstreams: Sequence[str], temp_dir: Path | None = None,
                 worker_user: str | None = None) -> str:
    """deploy/nginx.conf.template filled in: the run folder, the folder of temporary files (default: the
    run folder), the workers' account (only when nginx starts as root), the public address, one server
    per replica."""
    if not upstreams:
        raise ValueError("at least one replica")
    servers = "\n".join(f"        server {address} max_fails=1 fail_timeout=10s;" for address in upstreams)
    text = TEMPLATE.read_text(encoding="utf-8")
    for placeholder, value in (("@RUN@", str(run_dir)), ("@TEMP@", str(temp_dir or run_dir)),
                               ("@USER@", f"user {worker_user};" if worker_user else ""),
                               ("@LISTEN@", listen), ("@UPSTREAMS@", servers)):
        text = text.replace(placeholder, value)
    return text


def _worker_account() -> tuple[str, int, int] | None:
    """As root, nginx's workers drop to an unprivileged account: Debian's www-data (else nobody)."""
    if os.geteuid() != 0:
        return None
    for name in ("www-data", "nobody"):
        with contextlib.suppress(KeyError):
            account = pwd.getpwnam(name)
            return name, account.pw_uid, account.pw_gid
    return None


def _temp_dir(run_dir: Path, worker: tuple[str, int, int] | None) -> Path:
    """Where nginx's workers write request bodies: the run folder, or as root a folder of the workers'
    own under /tmp (the run folder and its parents may not be theirs to enter)."""
    if worker is None:
        temp = run_dir
    else:
        temp = Path(tempfile.mkdtemp(prefix="qcm-nginx-"))
        os.chown(temp, worker[1], worker[2])
    for folder in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (temp / folder).mkdir(exist_ok=True)
        if worker is not None:
            os.chown(temp / folder, worker[1], worker[2])
    return temp


@dataclass
class Deployment:
    """What :func:`start` started: the public URL (nginx), each replica's own URL, and the processes."""

    url: str
    replica_urls: list[str]
    run_dir: Path
    processes: list[subprocess.Popen] = field(default_factory=list)

    @property
    def pids(self) -> list[int]:
        """The replicas' and nginx's process ids (each the leader of its own process group)."""
        return [p.pid for p in self.processes]

    def access_log(self) -> list[str]:
        path = self.run_dir / "access.log"
        return path.read_text(encoding="utf-8", errors="replace").splitlines() if path.exists() else []


def _streamlit(port: int) -> list[str]:
    exe = ROOT / ".venv" / "bin" / "streamlit"
    head = [str(exe)] if exe.exists() else [sys.executable, "-m", "streamlit"]
    return [*head, "run", "app.py", "--server.port", str(port), "--server.address", "127.0.0.1",
            "--server.headless", "true", "--browser.gatherUsageStats", "false"]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.status == 200 and response.read().strip() == b"ok"
    except (urllib.error.URLError, OSError):
        return False


def stop_group(process: subprocess.Popen) -> None:
    """Stop a process started with ``start_new_session=True`` and everything it started (its group):
    SIGTERM, then SIGKILL after 10 s. Also used by the browser tests' app servers."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
    else:  # the leader is gone; make sure nothing it started lingers
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGTERM)


def _cookie_secret(run_dir: Path, secret_file: Path | None) -> str:
    path = secret_file or run_dir / "cookie-secret"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(32), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


@contextlib.contextmanager
def start(replicas: int, port: int, run_dir: Path, *, listen: str | None = None, database_url: str | None = None,
          env: dict[str, str] | None = None, cookie_secret_file: Path | None = None) -> Iterator[Deployment]:
    """Start ``replicas`` app processes and nginx in front of them; stop them all on leaving."""
    database_url = database_url or os.environ.get("QCM_DATABASE_URL", "").strip()
    if replicas > 1 and not database_url:
        raise SystemExit("More than one replica needs a shared store: set QCM_DATABASE_URL to a PostGIS "
                         "database (postgresql://user@host/db). A GeoPackage file is for one process.")
    if not Path(NGINX).exists():
        raise SystemExit(f"{NGINX} is missing: apt-get install nginx (Debian's package; it is not started "
                         "as a service by this script)")
    run_dir.mkdir(parents=True, exist_ok=True)
    worker = _worker_account()
    temp_dir = _temp_dir(run_dir, worker)
    ports = [port + 1 + i for i in range(replicas)]
    secret = _cookie_secret(run_dir, cookie_secret_file)
    base_env = {**os.environ, **(env or {}), "STREAMLIT_SERVER_COOKIE_SECRET": secret}
    if database_url:
        base_env["QCM_DATABASE_URL"] = database_url
    deployment = Deployment(url=f"http://127.0.0.1:{port}", replica_urls=[f"http://127.0.0.1:{p}" for p in ports],
                            run_dir=run_dir)
    try:
        for i, replica_port in enumerate(ports, start=1):
            log = (run_dir / f"replica-{i}.log").open("wb")
            deployment.processes.append(subprocess.Popen(
                _streamlit(replica_port), cwd=ROOT, env=base_env, stdout=log,
                stderr=subprocess.STDOUT, start_new_session=True))
            log.close()
        # One at a time would be slower; all at once, the first seeds the store and the others wait for
        # its write lock (geo/store/engine.py), so a fresh database is seeded once.
        deadline = time.monotonic() + START_TIMEOUT_S
        for i, url in enumerate(deployment.replica_urls):
            while not _healthy(url):
                if deployment.processes[i].poll() is not None or time.monotonic() > deadline:
                    tail = (run_dir / f"replica-{i + 1}.log").read_text(errors="replace")[-3000:]
                    raise RuntimeError(f"replica {i + 1} ({url}) did not start; its log:\n{tail}")
                time.sleep(0.2)
        conf = run_dir / "nginx.conf"
        conf.write_text(nginx_config(run_dir, listen or f"127.0.0.1:{port}",
                                     [u.removeprefix("http://") for u in deployment.replica_urls],
                                     temp_dir, worker[0] if worker else None), encoding="utf-8")
        log = (run_dir / "nginx.out").open("wb")
        nginx = subprocess.Popen([NGINX, "-c", str(conf), "-p", str(run_dir)], stdout=log, stderr=subprocess.STDOUT,
                                 start_new_session=True)
        log.close()
        deployment.processes.append(nginx)
        while not _healthy(deployment.url):
            if nginx.poll() is not None or time.monotonic() > deadline:
                error_log = run_dir / "error.log"
                errors = error_log.read_text(errors="replace")[-3000:] if error_log.exists() else ""
                raise RuntimeError(f"nginx did not start on {deployment.url}:\n{errors}")
            time.sleep(0.1)
        yield deployment
    finally:
        for process in reversed(deployment.processes):
            stop_group(process)
        if temp_dir != run_dir:
            shutil.rmtree(temp_dir, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicas", type=int, default=2, help="app processes on this machine")
    parser.add_argument("--port", type=int, default=8500,
                        help="nginx's port; the replicas listen on the next N ports, on 127.0.0.1 only")
    parser.add_argument("--listen", help="nginx's address (default 0.0.0.0:PORT)")
    parser.add_argument("--run-dir", type=Path, default=ROOT / "deploy" / "run",
                        help="logs, the written nginx.conf, pid and temporary files")
    parser.add_argument("--cookie-secret-file", type=Path,
                        help="the same secret on every machine (default: generated into the run folder)")
    args = parser.parse_args(argv)
    if args.replicas < 1:
        parser.error("--replicas must be at least 1")
    stopping = False

    def stop(*_):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    with start(args.replicas, args.port, args.run_dir.resolve(), listen=args.listen or f"0.0.0.0:{args.port}",
               cookie_secret_file=args.cookie_secret_file) as deployment:
        print(f"{args.replicas} replica(s) behind nginx: {deployment.url} (logs in {args.run_dir})", flush=True)
        while not stopping:
            if any(p.poll() is not None for p in deployment.processes):
                print("a replica or nginx stopped; stopping the others", file=sys.stderr, flush=True)
                return 1
            time.sleep(1)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
