"""A one-node SLURM on this machine, for the SLURM test: munge, then slurmctld and slurmd (as
root), with partitions `cpu` (the default) and `gpu`, a declared generic resource `gpu:1`
and no accounting. The configuration goes to /etc/slurm (the plugin's job steps drop
SLURM_CONF, so srun inside a job reads the default place; an existing slurm.conf is never
overwritten) and is removed on exit; state and logs go to a temporary folder. Only the
daemons started here are stopped, by their process ids.

Needs Debian's `slurm-wlm` and `munge` (`.ci/run` installs them) and root; without them
`start_cluster` raises `ClusterUnavailable` saying what is missing.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

MUNGE_KEY = Path("/etc/munge/munge.key")
CONF = Path("/etc/slurm")
DAEMONS = ("munged", "slurmctld", "slurmd", "sbatch", "srun", "squeue", "sinfo", "scontrol")


class ClusterUnavailable(RuntimeError):
    """SLURM cannot be started here; the message says why."""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _memory_mb() -> int:
    """Nine tenths of this machine's memory (slurmd drains a node declared with more)."""
    total_kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
    return int(total_kb / 1024 * 0.9)


def _slurm_conf(folder: Path, cpus: int) -> str:
    host = socket.gethostname().split(".")[0]
    ports = [_free_port() for _ in range(2)]
    return f"""ClusterName=gdlbench
SlurmctldHost={host}
SlurmctldPort={ports[0]}
SlurmdPort={ports[1]}
SlurmUser=root
AuthType=auth/munge
StateSaveLocation={folder}/state
SlurmdSpoolDir={folder}/spool
SlurmctldPidFile={folder}/slurmctld.pid
SlurmdPidFile={folder}/slurmd.pid
SlurmctldLogFile={folder}/slurmctld.log
SlurmdLogFile={folder}/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
MinJobAge=3600
ReturnToService=2
GresTypes=gpu
NodeName={host} CPUs={cpus} RealMemory={_memory_mb()} Gres=gpu:1 State=UNKNOWN
PartitionName=cpu Nodes={host} Default=YES MaxTime=INFINITE State=UP
PartitionName=gpu Nodes={host} MaxTime=INFINITE State=UP
"""


def _wait(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.5)
    raise ClusterUnavailable(f"timed out after {seconds:.0f} s waiting for {what}")


def _munge_running() -> bool:
    return subprocess.run(["munge", "-n"], capture_output=True).returncode == 0


def _start_munge() -> int | None:
    """Start munged (with a 1024-byte key when there is none) unless one answers; its pid."""
    if _munge_running():
        return None
    if not MUNGE_KEY.exists() or MUNGE_KEY.stat().st_size < 1024:
        MUNGE_KEY.parent.mkdir(parents=True, exist_ok=True)
        MUNGE_KEY.write_bytes(os.urandom(1024))
        munge = pwd.getpwnam("munge")
        os.chown(MUNGE_KEY, munge.pw_uid, munge.pw_gid)
        MUNGE_KEY.chmod(0o400)
    for folder in (Path("/run/munge"), Path("/var/log/munge"), Path("/var/lib/munge")):
        folder.mkdir(parents=True, exist_ok=True)
        shutil.chown(folder, "munge", "munge")
    subprocess.run(["runuser", "-u", "munge", "--", "munged", "--force"], check=True)
    _wait(_munge_running, 20, "munged")
    return int(Path("/run/munge/munged.pid").read_text())


def _stop(pid: int | None) -> None:
    if pid is None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    for _ in range(40):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.25)


@contextlib.contextmanager
def start_cluster(folder: Path) -> Iterator[dict[str, str]]:
    """Run a one-node SLURM configured in `folder`; yields the environment its clients need
    (SLURM_CONF), and stops the daemons it started on exit."""
    missing = [name for name in DAEMONS if shutil.which(name) is None]
    if missing:
        raise ClusterUnavailable(
            f"{', '.join(missing)} not found: install Debian's slurm-wlm and munge "
            "(`apt-get install slurm-wlm munge`, as .ci/run does)"
        )
    if os.geteuid() != 0:
        raise ClusterUnavailable("a one-node SLURM is started as root; run the test as root")
    conf, gres = CONF / "slurm.conf", CONF / "gres.conf"
    if conf.exists() or gres.exists():
        raise ClusterUnavailable(f"{conf} or {gres} exists: this machine has a SLURM of its own")
    for name in ("state", "spool"):
        (folder / name).mkdir(parents=True, exist_ok=True)
    CONF.mkdir(parents=True, exist_ok=True)
    conf.write_text(_slurm_conf(folder, os.cpu_count() or 1))
    gres.write_text(f"Name=gpu File={conf}\n")  # a declared device; no real GPU behind it
    env = {**os.environ, "SLURM_CONF": str(conf)}
    pids: list[int | None] = []
    try:
        pids.append(_start_munge())
        for daemon, pidfile in (("slurmctld", "slurmctld.pid"), ("slurmd", "slurmd.pid")):
            subprocess.run([daemon, "-c"] if daemon == "slurmctld" else [daemon], env=env,
                           check=True)  # fmt: skip
            _wait((folder / pidfile).exists, 30, f"{daemon} (log: {folder}/{daemon}.log)")
            pids.append(int((folder / pidfile).read_text()))

        def node_idle() -> bool:
            state = subprocess.run(["sinfo", "-h", "-o", "%t"], env=env, capture_output=True,
                                   text=True).stdout  # fmt: skip
            return "idle" in state

        _wait(node_idle, 60, f"the node to be idle (sinfo; logs in {folder})")
        yield {"SLURM_CONF": str(conf)}
    finally:
        for pid in reversed(pids):
            _stop(pid)
        conf.unlink()
        gres.unlink()
