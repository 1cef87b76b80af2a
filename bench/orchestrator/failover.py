#!/usr/bin/env python3
"""The orchestrator's failover benchmark, on a real local lab (`./lab up`), semi-sync db-nodes as the lab wires them.

Each run: a writer PUTs continuously to whatever `primary.db.lab.internal` names (asked of a lab resolver before
every write, no caching); the primary's JVM is SIGKILLed; failover time is from the kill to the first write
acknowledged (200) by another node through the name. Every write acknowledged before or after must then be on the
new primary: the lost-write count. Between runs the topology goes back to the start: the recovery is acknowledged
(lifting the recovery block), the old primary restarts and is repointed to the new one as a replica, and a
graceful takeover makes it primary again.

Standard library only. Usage (see run.sh): failover.py <repo root> <state dir> <runs> [budget seconds]
With a budget, no new run starts after it is spent; the summary covers the runs done (and says so).
"""
import json
import os
import random
import signal
import socket
import statistics
import struct
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

ROOT, STATE, RUNS = sys.argv[1], sys.argv[2], int(sys.argv[3])
BUDGET = float(sys.argv[4]) if len(sys.argv) > 4 and sys.argv[4] else float("inf")
FIRST_PRIMARY = "db-node-east-0"
PRIMARY_NAME = "primary.db.lab.internal."


def lab(*args, check=True):
    """The lab command, as ./lab runs it but never building: ./lab runs `mvn package` when a jar is missing, and a
    module being rebuilt elsewhere must not turn a benchmark into a build of the whole repository."""
    cmd = ["java", "-XX:TieredStopAtLevel=1", "-Dlab.root=" + ROOT, "-jar",
           os.path.join(ROOT, "lab-cli", "target", "lab.jar"), *args, "--state-dir", STATE]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if check and r.returncode != 0:
        raise RuntimeError(f"lab {' '.join(args)}: {r.returncode} {r.stdout} {r.stderr}")
    return r


def instances():
    return {i["name"]: i for i in json.loads(lab("status", "--json").stdout)}


def port_of(url):
    return int(url.rsplit(":", 1)[1].strip("/"))


def http(method, url, body=None, token=None, timeout=2.0):
    """(status, body text); status -1 when the node cannot be reached."""
    data = body.encode() if isinstance(body, str) else body
    req = urllib.request.Request(url, data=data, method=method)
    if token:
        req.add_header("Authorization", "Bearer " + token)
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()
    except (OSError, urllib.error.URLError):
        return -1, ""


def cname(dns_port, name=PRIMARY_NAME, timeout=1.0):
    """The first label of the CNAME target of `name` at a lab resolver (a plain RFC 1035 query over UDP)."""
    qid = random.randrange(65536)
    q = struct.pack(">HHHHHH", qid, 0x0100, 1, 0, 0, 0)
    q += b"".join(bytes([len(p)]) + p.encode() for p in name.strip(".").split(".")) + b"\0"
    q += struct.pack(">HH", 5, 1)  # CNAME, IN
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(timeout)
        try:
            s.sendto(q, ("127.0.0.1", dns_port))
            reply, _ = s.recvfrom(4096)
        except OSError:
            return None
    if struct.unpack(">H", reply[:2])[0] != qid or struct.unpack(">H", reply[6:8])[0] == 0:
        return None
    pos = len(q)  # the question is echoed back unchanged
    pos = skip_name(reply, pos)
    rtype, _, _, rdlen = struct.unpack(">HHIH", reply[pos:pos + 10])
    if rtype != 5:
        return None
    return read_name(reply, pos + 10)[0]


def skip_name(msg, pos):
    while True:
        n = msg[pos]
        if n == 0:
            return pos + 1
        if n & 0xC0 == 0xC0:
            return pos + 2
        pos += n + 1


def read_name(msg, pos):
    labels = []
    while True:
        n = msg[pos]
        if n == 0:
            return labels[0] if labels else "", pos + 1
        if n & 0xC0 == 0xC0:
            ptr = struct.unpack(">H", msg[pos:pos + 2])[0] & 0x3FFF
            labels.append(read_name(msg, ptr)[0])
            return labels[0], pos + 2
        labels.append(msg[pos + 1:pos + 1 + n].decode())
        pos += n + 1


def await_true(what, seconds, fn):
    deadline = time.time() + seconds
    last = None
    while time.time() < deadline:
        try:
            v = fn()
            if v:
                return v
            last = v
        except (OSError, ValueError, KeyError, RuntimeError) as e:
            last = e
        time.sleep(0.2)
    raise RuntimeError(f"timed out: {what} (last: {last!r})")


class NotYet(str):
    """A reason a condition does not hold yet: falsy, so await_true keeps waiting, and shown if it times out."""

    def __bool__(self):
        return False


class Writer(threading.Thread):
    """Writes through the name until stopped; remembers every acknowledged write and where it went."""

    def __init__(self, run, app_urls, dns_port):
        super().__init__(daemon=True)
        self.run_id, self.app_urls, self.dns_port = run, app_urls, dns_port
        self.acked = []  # (time, node, key, value, semiSync)
        self.last_problem = None
        self.stopping = False

    def run(self):
        seq = 0
        while not self.stopping:
            try:
                node = cname(self.dns_port)
                url = self.app_urls.get(node)
                if url is None:
                    self.last_problem = f"DNS named {node!r}"
                    time.sleep(0.02)
                    continue
                seq += 1
                key, value = f"bench-r{self.run_id}-{seq}", f"v{seq}"
                status, body = http("PUT", f"{url}/kv/{key}", value, timeout=3.0)
                if status == 200:
                    semi = json.loads(body).get("semiSync", "?")
                    self.acked.append((time.time(), node, key, value, semi))
                else:
                    self.last_problem = f"PUT on {node}: {status} {body[:200]}"
                    time.sleep(0.02)
            except Exception as e:  # one bad answer must not end the writer (and the run) silently
                self.last_problem = repr(e)
                time.sleep(0.02)


def main():
    token = open(os.path.join(STATE, "admin-token")).read().strip()
    inst = instances()
    app = {n: i["urls"]["app"] for n, i in inst.items()}
    mgmt = {n: i["urls"]["management"] for n, i in inst.items()}
    dns_port = port_of(inst["dns-resolver-0"]["urls"]["dns"])
    dbs = sorted(n for n in inst if n.startswith("db-node-"))
    orchs = sorted(n for n in inst if n.startswith("orchestrator-"))

    def leader():
        return await_true("an acting orchestrator leader", 30,
                          lambda: next((o for o in orchs if http("GET", app[o] + "/api/leader-check")[0] == 200), None))

    def status(db):
        s, body = http("GET", mgmt[db] + "/admin/db/status", token=token)
        if s != 200:
            raise RuntimeError(f"{db} status {s}")
        return json.loads(body)

    def healthy():
        """True, or a false value that says what is not there yet (shown when waiting times out)."""
        a = json.loads(http("GET", app[leader()] + "/api/analysis")[1])
        if a["code"] != "NoProblem" or a["primary"] != FIRST_PRIMARY:
            return NotYet(f"analysis {a['code']} on {a['primary']}")
        named = cname(dns_port)
        if named != FIRST_PRIMARY:
            return NotYet(f"DNS names {named}")
        for d in dbs:
            if d != FIRST_PRIMARY:
                st = status(d)
                if st["replication"]["state"] != "streaming" or st["source"] != app[FIRST_PRIMARY]:
                    return NotYet(f"{d} {st['replication']['state']} from {st['source']}")
        return True

    # Only db-nodes, resolvers and orchestrators take part; the rest would only add noise on a small machine.
    for n, i in inst.items():
        if i["component"] in ("cdn-edge", "status-page"):
            lab("stop", n, check=False)
    results = []
    await_true("the lab healthy before run 1", 300, healthy)
    started = time.time()
    try:
        for run in range(1, RUNS + 1):
            if time.time() - started > BUDGET:
                print(f"budget of {BUDGET:.0f} s spent: stopping after {len(results)} runs", flush=True)
                break
            one_run(run, results, token, app, mgmt, dns_port, leader, status, healthy)
    finally:
        summarize(results)


def one_run(run, results, token, app, mgmt, dns_port, leader, status, healthy):
    writer = Writer(run, app, dns_port)
    writer.start()
    await_true("writes flowing", 60,
               lambda: len(writer.acked) >= 20 or NotYet(f"{len(writer.acked)} writes; {writer.last_problem}"))
    victim_pid = instances()[FIRST_PRIMARY]["pid"]
    killed_at = time.time()
    os.kill(victim_pid, signal.SIGKILL)
    # The supervisor restarts a killed instance after 1 s; a real dead host stays dead, so stop it for good.
    lab("stop", FIRST_PRIMARY, check=False)
    first_new = await_true("a write acknowledged by a new primary", 60,
                           lambda: next((w for w in writer.acked if w[0] > killed_at and w[1] != FIRST_PRIMARY),
                                        None))
    took = first_new[0] - killed_at
    new_primary = first_new[1]
    more = len(writer.acked) + 20
    await_true("writes on the new primary", 30, lambda: len(writer.acked) >= more)
    writer.stopping = True
    writer.join(10)

    lost = [w for w in writer.acked
            if http("GET", f"{app[new_primary]}/kv/{w[2]}")[1] != w[3]]
    lost_semi = [w for w in lost if w[4] == "acknowledged"]
    rec = json.loads(http("GET", app[leader()] + "/api/recoveries")[1])["recoveries"][-1]
    results.append({"run": run, "seconds": took, "promoted": new_primary, "writes": len(writer.acked),
                    "lost": len(lost), "lostSemiSyncAcked": len(lost_semi), "timings": rec.get("timings")})
    print(f"run {run:2d}: {took:6.2f} s to a write acknowledged by {new_primary} through DNS; "
          f"{len(writer.acked)} writes acknowledged, {len(lost)} missing on the new primary "
          f"({len(lost_semi)} of them semi-sync acknowledged); orchestrator timings {rec.get('timings')}",
          flush=True)

    # Back to the starting topology for the next run.
    http("POST", mgmt[leader()] + "/admin/orchestrator/acknowledge",
         json.dumps({"recovery": rec["id"], "by": "bench", "comment": "benchmark run"}), token=token)
    for attempt in range(3):  # a module's build may be rewriting its jar right now; try again
        if lab("start", FIRST_PRIMARY, "--timeout", "180s", check=False).returncode == 0:
            break
        time.sleep(5)
    else:
        raise RuntimeError(f"lab start {FIRST_PRIMARY} failed three times")
    s, body = http("POST", mgmt[FIRST_PRIMARY] + "/admin/db/replicate-from",
                   json.dumps({"source": app[new_primary], "force": False}), token=token, timeout=10)
    if s == 409:
        # Writes the old primary made durable but never had acknowledged by a replica: errant here.
        print(f"        {FIRST_PRIMARY} holds errant GTIDs after the kill; repointing with force: {body}")
        s, body = http("POST", mgmt[FIRST_PRIMARY] + "/admin/db/replicate-from",
                       json.dumps({"source": app[new_primary], "force": True}), token=token, timeout=10)
    if s != 200:
        raise RuntimeError(f"repointing {FIRST_PRIMARY}: {s} {body}")
    await_true(f"{FIRST_PRIMARY} streaming from {new_primary}", 60,
               lambda: status(FIRST_PRIMARY)["replication"]["state"] == "streaming")
    s, body = http("POST", mgmt[leader()] + "/admin/orchestrator/graceful-takeover",
                   json.dumps({"candidate": FIRST_PRIMARY}), token=token, timeout=30)
    if s != 200:
        raise RuntimeError(f"graceful takeover back to {FIRST_PRIMARY}: {s} {body}")
    await_true("the starting topology again", 120, healthy)


def summarize(results):
    if not results:
        print("no run completed")
        return
    secs = sorted(r["seconds"] for r in results)
    p90 = secs[max(0, int(round(0.9 * len(secs))) - 1)]
    summary = {"runs": len(secs), "median": statistics.median(secs), "p90": p90, "max": secs[-1],
               "min": secs[0], "writesAcknowledged": sum(r["writes"] for r in results),
               "lost": sum(r["lost"] for r in results),
               "lostSemiSyncAcknowledged": sum(r["lostSemiSyncAcked"] for r in results)}
    print("SUMMARY " + json.dumps(summary))
    print()
    print("| runs | median | p90 | max | min | acknowledged writes | lost | lost (semi-sync acknowledged) |")
    print("|---|---|---|---|---|---|---|---|")
    print(f"| {summary['runs']} | {summary['median']:.2f} s | {summary['p90']:.2f} s | {summary['max']:.2f} s "
          f"| {summary['min']:.2f} s | {summary['writesAcknowledged']} | {summary['lost']} "
          f"| {summary['lostSemiSyncAcknowledged']} |")


if __name__ == "__main__":
    main()
