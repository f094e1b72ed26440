#!/usr/bin/python3
"""t010_psycopg2: a psycopg2 program (parameters, transactions, errors with
SQLSTATE classes, COPY in and out, a server-side cursor, isolation levels)
behaves against minipg as against PostgreSQL 15, where the same program
(psycopg2_client.py) was checked.
"""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))
from cluster import Cluster, check, step  # noqa: E402


def main():
    with Cluster("t010") as c:
        c.start()
        step("psycopg2 client program")
        r = subprocess.run(["/usr/bin/python3", os.path.join(os.path.dirname(__file__),
                                                             "psycopg2_client.py")],
                           capture_output=True, text=True, env=c.env(), timeout=300)
        check(r.returncode == 0 and "all checks passed" in r.stdout,
              f"psycopg2 program failed:\n{r.stdout}\n{r.stderr}")
        print("PASS [t010_psycopg2]")


if __name__ == "__main__":
    main()
