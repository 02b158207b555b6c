#!/usr/bin/python3
"""The application of bench/takeover.sh: a small pgbench-like transaction every 5 ms on one of two servers.

When the server refuses the transaction (a frozen root: "Insert into queue disallowed", or a subscriber's deny
trigger: "change not allowed") it is rolled back and retried on the other server. Every commit is written to
COMMITS_FILE as "epoch_seconds server_index"; it stops when STOP_FILE exists.

Usage: takeover-writer.py DSN_A DSN_B COMMITS_FILE STOP_FILE
"""
import os
import random
import sys
import time

import psycopg2

dsns, commits, stop = sys.argv[1:3], sys.argv[3], sys.argv[4]
conns = [psycopg2.connect(d) for d in dsns]
cur = 0
refused = 0
with open(commits, "w", buffering=1) as out:
    while not os.path.exists(stop):
        c = conns[cur]
        try:
            with c.cursor() as k:
                aid = random.randint(1, 100000)
                k.execute("update pgbench_accounts set abalance = abalance + 1 where aid = %s", (aid,))
                k.execute("insert into pgbench_history (tid, bid, aid, delta, mtime)"
                          " values (1, 1, %s, 1, now())", (aid,))
            c.commit()
        except psycopg2.Error as e:
            c.rollback()
            if "disallowed" not in str(e) and "not allowed" not in str(e):
                raise
            cur = 1 - cur
            refused += 1
            if refused > 100000:
                raise RuntimeError("both servers refuse writes") from e
            time.sleep(0.001)
            continue
        refused = 0
        out.write("%.6f %d\n" % (time.time(), cur))
        time.sleep(0.005)
