#!/usr/bin/env bash
# A single-node Slurm cluster on this machine, for the job-array tests (make test-slurm):
#
#   scripts/slurm/cluster.sh start DIR   installs slurm-wlm and munge if missing, writes
#                                         DIR/slurm.conf for this host, starts munged,
#                                         slurmctld and slurmd, and waits for the node
#   scripts/slurm/cluster.sh stop DIR    stops the daemons it started
#
# Run as root (or with sudo). The configuration keeps to what a container allows:
# proctrack/linuxproc and task/none (no cgroups), no accounting. Commands that talk to the
# cluster need SLURM_CONF=DIR/slurm.conf.
set -euo pipefail
action=$1 dir=$(mkdir -p "$2" && cd "$2" && pwd)
sudo=$([ "$(id -u)" = 0 ] || echo sudo)

start() {
  if ! dpkg -s slurm-wlm munge > /dev/null 2>&1; then
    echo "Installing slurm-wlm and munge with apt-get"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq slurm-wlm munge > /dev/null
  fi
  # munge: a key (the package makes one; make it if not), and the daemon.
  if [ ! -s /etc/munge/munge.key ]; then $sudo mungekey --create --force; fi
  $sudo chown munge:munge /etc/munge/munge.key && $sudo chmod 400 /etc/munge/munge.key
  $sudo mkdir -p /run/munge /var/log/munge /var/lib/munge
  $sudo chown -R munge:munge /run/munge /var/log/munge /var/lib/munge
  if ! pgrep -x munged > /dev/null; then
    if [ "$(id -u)" = 0 ]; then
      runuser -u munge -- /usr/sbin/munged
    else
      sudo -u munge /usr/sbin/munged
    fi
    touch "$dir/munged.started"
  fi
  for _ in $(seq 40); do
    if munge -n 2> /dev/null | unmunge > /dev/null 2>&1; then break; fi
    sleep 0.25
  done
  munge -n | unmunge > /dev/null
  # slurm.conf for this host, its CPUs and memory as slurmd sees them.
  local host node
  host=$(hostname -s)
  # The node's line as slurmd sees it, reached on the loopback address so that the host's name
  # need not resolve (containers).
  node=$(slurmd -C | head -n 1 | sed "s/^NodeName=\([^ ]*\)/NodeName=\1 NodeAddr=127.0.0.1/")
  mkdir -p "$dir/state" "$dir/spool"
  cat > "$dir/slurm.conf" <<CONF
ClusterName=skycut-test
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CryptoType=crypto/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
ReturnToService=2
MpiDefault=none
$node
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
  export SLURM_CONF=$dir/slurm.conf
  $sudo env SLURM_CONF="$SLURM_CONF" slurmctld -i
  $sudo env SLURM_CONF="$SLURM_CONF" slurmd
  for _ in $(seq 60); do
    if sinfo -h -o %t 2> /dev/null | grep -qx idle; then
      echo "Slurm is up: $(sinfo -h -o '%P %D %t %c CPUs')"
      return
    fi
    sleep 1
  done
  echo "Slurm did not come up; the logs:" >&2
  tail -n 20 "$dir/slurmctld.log" "$dir/slurmd.log" >&2 || true
  exit 1
}

stop() {
  for daemon in slurmd slurmctld; do
    if [ -f "$dir/$daemon.pid" ]; then
      pid=$(cat "$dir/$daemon.pid")
      $sudo kill "$pid" 2> /dev/null || true
      # Wait for it to exit: slurmctld writes its state as it stops, which raced the removal
      # of the cluster's folder.
      for _ in $(seq 100); do
        $sudo kill -0 "$pid" 2> /dev/null || break
        sleep 0.1
      done
      rm -f "$dir/$daemon.pid"
    fi
  done
  if [ -f "$dir/munged.started" ]; then
    $sudo pkill -x munged || true
    rm -f "$dir/munged.started"
  fi
}

case $action in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 64 ;;
esac
