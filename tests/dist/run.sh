#!/bin/sh
# tests/dist/run.sh -- a mailing split across a real scheduler (issue 17):
# a single-node Slurm cluster started in a temporary folder, on loopback
# only, runs `leaflet mail --shard K/4` as a job array of four tasks
# (sbatch --array=1-4) into one shared folder; then `leaflet mail merge`
# joins the parts, and the files are checked from outside: every row of
# the requests file in the merged manifest exactly once, made, its own PDF
# there, every print file listed with the bytes and SHA-256 it has, the
# requests of each print file adding up, qpdf --check on the print files.
#
# The cluster: munged with a key of its own in the folder and its socket
# there; slurmctld and slurmd as the current user (SlurmUser the current
# user), state, spool, logs and pid files in the folder, on two free ports
# of 127.0.0.1; ProctrackType=proctrack/linuxproc and TaskPlugin=task/none
# (no cgroups, no root needed), select/cons_tres, one partition of this
# machine's cores.  Every daemon is stopped on the way out, however the
# test ends (trap).
#
# If Slurm cannot run here (the daemons do not come up, or the node never
# becomes idle), the test says why, with the daemons' last log lines, and
# runs the same four parts with GNU parallel instead (DIST_RUNNER=parallel
# asks for that from the start); every check after is the same.
#
# Usage: sh tests/dist/run.sh [build/leaflet]   (make dist-test)
set -eu
bin=$(cd "$(dirname "${1:-build/leaflet}")" && pwd)/$(basename "${1:-build/leaflet}")
root=$(pwd)
runner=${DIST_RUNNER:-slurm}
rows=${DIST_ROWS:-600}
tmp=$(mktemp -d /tmp/leaflet-dist.XXXXXX)
chmod 755 "$tmp"    # munged wants every folder above its socket searchable
pids=""
failed=0

cleanup() {
  for p in $pids; do kill "$p" 2>/dev/null || true; done
  for p in $pids; do wait "$p" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP PIPE

ok() { echo "ok   $1"; }
fail() { echo "FAIL $1"; failed=1; }

# ---- the requests: $rows people, every format, four leaflet editions -----
python3 - "$tmp/requests.csv" "$rows" <<'PY'
import random, sys
rng = random.Random(17)
eds = ["pancreatic-net", "digestive-net", "lung-net", "lung-nec"]
fmts = (["standard", "large", "giant", "20", "16"], [70, 18, 7, 3, 2])
with open(sys.argv[1], "w", newline="") as f:
    f.write("ref,name,address_1,address_2,address_3,town,postcode,leaflet,tumour,format\r\n")
    for i in range(int(sys.argv[2])):
        lf, t = ("net-drugs-overview", "") if rng.random() < 0.3 else ("net-drugs", rng.choice(eds))
        f.write(f"D{i:05d},Person {i},{i + 1} Station Road,,,Newtown,NT{i % 9 + 1} 1AB,{lf},{t},"
                f"{rng.choices(*fmts)[0]}\r\n")
PY
out="$tmp/shared/mail"
mkdir -p "$tmp/shared"
mail_args="--out $out --content $root/content --today 2026-11-24 --batch-sheets 300 -j 1"

# ---- Slurm in the folder --------------------------------------------------
free_ports() {
  python3 -c 'import socket
s = [socket.socket() for _ in range(2)]
for x in s: x.bind(("127.0.0.1", 0))
print(*[x.getsockname()[1] for x in s])'
}

start_slurm() {
  for d in munged slurmctld slurmd sbatch sinfo; do
    command -v "$d" >/dev/null 2>&1 || PATH=$PATH:/usr/sbin
    command -v "$d" >/dev/null 2>&1 || { why="$d is not installed (Debian: slurm-wlm, munge)"; return 1; }
  done
  mkdir -p "$tmp/munge" "$tmp/state" "$tmp/spool" "$tmp/log"
  chmod 755 "$tmp/munge"
  dd if=/dev/urandom of="$tmp/munge/munge.key" bs=1024 count=1 2>/dev/null
  chmod 400 "$tmp/munge/munge.key"
  munged -F --key-file="$tmp/munge/munge.key" --socket="$tmp/munge/munge.socket" \
    --pid-file="$tmp/munge/munged.pid" --log-file="$tmp/log/munged.log" \
    --seed-file="$tmp/munge/munged.seed" >"$tmp/log/munged.out" 2>&1 &
  pids="$pids $!"
  i=0
  until [ -S "$tmp/munge/munge.socket" ]; do
    i=$((i + 1))
    if [ $i -gt 50 ]; then why="munged did not start: $(tail -n 3 "$tmp/log/munged.out")"; return 1; fi
    sleep 0.1
  done
  set -- $(free_ports)
  host=$(hostname)
  user=$(id -un)
  cat >"$tmp/slurm.conf" <<EOF
ClusterName=leaflet-dist
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$1
SlurmdPort=$2
SlurmUser=$user
SlurmdUser=$user
AuthType=auth/munge
AuthInfo=socket=$tmp/munge/munge.socket
CredType=cred/munge
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd.pid
SlurmctldLogFile=$tmp/log/slurmctld.log
SlurmdLogFile=$tmp/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
ReturnToService=2
SchedulerType=sched/backfill
NodeName=$host NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=dist Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
  export SLURM_CONF="$tmp/slurm.conf"
  slurmctld -D -f "$SLURM_CONF" >"$tmp/log/slurmctld.out" 2>&1 &
  pids="$pids $!"
  slurmd -D -f "$SLURM_CONF" -N "$host" >"$tmp/log/slurmd.out" 2>&1 &
  pids="$pids $!"
  i=0
  until [ "$(sinfo -h -o %t 2>/dev/null)" = idle ]; do
    i=$((i + 1))
    if [ $i -gt 150 ]; then
      why="the node did not become idle in 30 s: $(tail -n 3 "$tmp/log/slurmctld.log" "$tmp/log/slurmd.log" "$tmp/log/slurmctld.out" "$tmp/log/slurmd.out" 2>&1)"
      return 1
    fi
    sleep 0.2
  done
  return 0
}

why=""
if [ "$runner" = slurm ] && ! start_slurm; then
  echo "note: Slurm cannot run here: $why"
  echo "note: running the four parts with GNU parallel instead"
  runner=parallel
fi

started=$(date +%s)
if [ "$runner" = slurm ]; then
  ok "slurm: a single-node cluster on 127.0.0.1 ($(sinfo -h -o '%P %D %c %t'))"
  # the job array: task K makes part K of 4, all into the one folder
  cat >"$tmp/mail.sbatch" <<EOF
#!/bin/sh
#SBATCH --job-name=leaflet-mail
#SBATCH --array=1-4
#SBATCH --ntasks=1
#SBATCH --output=$tmp/part-%a.log
echo "slurm job \$SLURM_ARRAY_JOB_ID task \$SLURM_ARRAY_TASK_ID of \$SLURM_ARRAY_TASK_COUNT"
exec "$bin" mail "$tmp/requests.csv" --shard "\$SLURM_ARRAY_TASK_ID/4" $mail_args >/dev/null
EOF
  if timeout 600 sbatch --wait --chdir="$root" "$tmp/mail.sbatch" >"$tmp/sbatch.out" 2>&1; then
    ok "slurm: sbatch --array=1-4 --wait: $(cat "$tmp/sbatch.out"), every task exit 0"
  else
    fail "slurm: the job array failed: $(cat "$tmp/sbatch.out")"
    tail -n 20 "$tmp"/part-*.log "$tmp/log/slurmctld.log" 2>/dev/null || true
  fi
  tasks=$(cat "$tmp"/part-*.log 2>/dev/null | grep -c "^slurm job .* task [1-4] of 4$" || true)
  [ "$tasks" = 4 ] && ok "slurm: four array tasks ran, one per part" ||
    fail "slurm: $tasks array tasks ran (expected 4)"
  [ -z "$(squeue -h 2>/dev/null)" ] && ok "slurm: no job left in the queue" ||
    fail "slurm: jobs left: $(squeue -h)"
else
  command -v parallel >/dev/null 2>&1 || { echo "FAIL GNU parallel is not installed"; exit 1; }
  if parallel --will-cite -j 4 "$bin" mail "$tmp/requests.csv" --shard {}/4 $mail_args \
       '>' "$tmp/part-{}.log" '2>&1' ::: 1 2 3 4; then
    ok "parallel: four parts, every one exit 0"
  else
    fail "parallel: a part failed"
    tail -n 5 "$tmp"/part-*.log
  fi
fi
echo "     (parts took $(( $(date +%s) - started )) s)"

# ---- the merge, and the files checked from outside ------------------------
if "$bin" mail merge "$tmp/requests.csv" --out "$out" >"$tmp/merge.out" 2>&1; then
  ok "merge: exit 0: $(tail -n 1 "$tmp/merge.out")"
else
  fail "merge: $(cat "$tmp/merge.out")"
fi
if python3 - "$tmp/requests.csv" "$out" <<'PY'
import csv, hashlib, os, subprocess, sys
requests, out = sys.argv[1], sys.argv[2]
problems = []
with open(requests, newline="") as f:
    want = {i + 2: r["ref"] for i, r in enumerate(csv.DictReader(f))}
with open(os.path.join(out, "manifest.csv"), newline="") as f:
    rows = list(csv.DictReader(f))
seen = {}
for r in rows:
    seen.setdefault(int(r["line"]), []).append(r)
missing = sorted(set(want) - set(seen))
twice = sorted(l for l, rs in seen.items() if len(rs) > 1)
foreign = sorted(set(seen) - set(want))
if missing or twice or foreign:
    problems.append(f"rows missing {missing[:10]}, twice {twice[:10]}, not of the file {foreign[:10]}")
for line, rs in seen.items():
    r = rs[0]
    if r["ref"] != want.get(line) or r["status"] != "ok" or not os.path.exists(os.path.join(out, r["file"])):
        problems.append(f"line {line}: {r['ref']} {r['status']} {r['file']}")
with open(os.path.join(out, "batches.csv"), newline="") as f:
    batches = list(csv.DictReader(f))
listed = {b["print_file"]: b for b in batches}
parts = {b["part"] for b in batches}
if parts != {"1-of-4", "2-of-4", "3-of-4", "4-of-4"}:
    problems.append(f"print files of parts {sorted(parts)}")
for name, b in listed.items():
    path = os.path.join(out, name)
    data = open(path, "rb").read() if os.path.exists(path) else b""
    if len(data) != int(b["bytes"]) or hashlib.sha256(data).hexdigest() != b["sha256"]:
        problems.append(f"{name}: not the bytes batches.csv lists")
    if b["format"].endswith("-address"):
        continue  # braille requests' address sheets: no manifest row names them
    mine = [r for r in rows if r["print_file"] == name]
    if len(mine) != int(b["requests"]) or sum(int(r["sheets"]) for r in mine) != int(b["sheets"]):
        problems.append(f"{name}: {len(mine)} rows of {b['requests']} requests")
    if int(b["sheets"]) > 300 and int(b["requests"]) > 1:
        problems.append(f"{name}: {b['sheets']} sheets in a batch of at most 300")
    if name.endswith(".pdf") and subprocess.run(["qpdf", "--check", path], capture_output=True).returncode:
        problems.append(f"{name}: qpdf --check fails")
if any(r["print_file"] not in listed for r in rows):
    problems.append("a row's print file is not in batches.csv")
for p in problems[:20]:
    print("     " + p)
print(f"     {len(want)} rows, {len(rows)} in the manifest, {len(listed)} print files")
sys.exit(1 if problems else 0)
PY
then
  ok "merged: every row of the file once, made, its PDF there; every print file listed with its bytes and SHA-256, its rows adding up, qpdf --check clean"
else
  fail "merged: the files do not add up"
fi

if [ "$failed" = 0 ]; then
  echo "dist ($runner): passed"
else
  echo "dist ($runner): FAILED"
fi
exit "$failed"
