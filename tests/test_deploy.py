"""deploy/: the nginx configuration written for N replicas is valid for Debian's nginx (``nginx -t``)
and routes by the sticky cookie; the start script refuses several replicas without a shared store."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from deploy.replicas import NGINX, main, nginx_config


def test_the_configuration_lists_each_replica_once_and_hashes_the_route(tmp_path):
    text = nginx_config(tmp_path, "127.0.0.1:8500", ["127.0.0.1:8501", "127.0.0.1:8502", "10.0.0.7:8501"])
    servers = [line.split()[1] for line in text.splitlines() if line.strip().startswith("server 1")]
    assert servers == ["127.0.0.1:8501", "127.0.0.1:8502", "10.0.0.7:8501"]
    assert "hash $qcm_route consistent;" in text and "listen 127.0.0.1:8500;" in text
    assert "@" not in text.replace("$", "")  # every placeholder filled
    with pytest.raises(ValueError):
        nginx_config(tmp_path, "127.0.0.1:8500", [])


@pytest.mark.skipif(not Path(NGINX).exists(), reason="nginx is not installed (scripts/test installs it)")
def test_nginx_accepts_the_configuration(tmp_path):
    for folder in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (tmp_path / folder).mkdir()
    conf = tmp_path / "nginx.conf"
    conf.write_text(nginx_config(tmp_path, "127.0.0.1:8500", ["127.0.0.1:8501", "127.0.0.1:8502"]), encoding="utf-8")
    result = subprocess.run([NGINX, "-t", "-c", str(conf), "-p", str(tmp_path)], capture_output=True, text=True,
                            timeout=30)
    assert result.returncode == 0, result.stderr


def test_several_replicas_without_a_shared_store_are_refused(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("QCM_DATABASE_URL", raising=False)
    with pytest.raises(SystemExit) as stopped:
        main(["--replicas", "2", "--run-dir", str(tmp_path)])
    assert "QCM_DATABASE_URL" in str(stopped.value)
    assert not (tmp_path / "nginx.conf").exists()
