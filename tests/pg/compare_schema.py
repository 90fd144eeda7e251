#!/usr/bin/env python3
"""Compares the schema of migrations_pg/ (in a PostgreSQL database) with the SQLite schema of
migrations/ (in a SQLite file migrated by them): the same tables, the same columns in the same
order after a leading tenant_id, mapped types, NOT NULL, defaults, the number of CHECKs, every
primary, unique and plain index with tenant_id prepended, every foreign key made composite with
tenant_id (same ON DELETE / ON UPDATE), every trigger. Prints each difference; exit 1 if any.

usage: compare_schema.py SQLITE_FILE PSQL_ARGS...   (e.g. -h 127.0.0.1 -p 55432 -U owner -d db)
"""
import re
import subprocess
import sys

TYPES = {"INTEGER": "bigint", "TEXT": "text", "REAL": "double precision", "BLOB": "bytea"}


def sqlite(db, sql):
    out = subprocess.run(["sqlite3", "-batch", "-separator", "\x1f", db, sql],
                         check=True, capture_output=True, text=True).stdout
    return [line.split("\x1f") for line in out.splitlines()]


def pg(args, sql):
    out = subprocess.run(["psql", "-X", "-At", "-F", "\x1f", "-v", "ON_ERROR_STOP=1", *args,
                          "-c", sql], check=True, capture_output=True, text=True).stdout
    return [line.split("\x1f") for line in out.splitlines()]


def norm_default(d):
    if d is None or d == "":
        return None
    d = re.sub(r"::[a-z ]+$", "", d.strip())
    return d


def main():
    db, args = sys.argv[1], sys.argv[2:]
    problems = []
    s_tables = [r[0] for r in sqlite(db, "SELECT name FROM sqlite_master WHERE type = 'table' "
                                         "AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations' ORDER BY name")]
    p_tables = [r[0] for r in pg(args, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                                       "AND tablename NOT IN ('tenants', '_sqlx_migrations') ORDER BY 1")]
    if s_tables != p_tables:
        problems.append(f"tables differ: only SQLite {sorted(set(s_tables) - set(p_tables))}, "
                        f"only PostgreSQL {sorted(set(p_tables) - set(s_tables))}")
    for t in sorted(set(s_tables) & set(p_tables)):
        # ---- columns
        s_cols = sqlite(db, f"SELECT name, type, \"notnull\", coalesce(dflt_value, ''), pk "
                            f"FROM pragma_table_info('{t}') ORDER BY cid")
        p_cols = pg(args, "SELECT column_name, data_type, is_nullable, coalesce(column_default, '') "
                          f"FROM information_schema.columns WHERE table_schema = 'public' "
                          f"AND table_name = '{t}' ORDER BY ordinal_position")
        if not p_cols or p_cols[0][0] != "tenant_id":
            problems.append(f"{t}: tenant_id is not the first column")
        p_cols = p_cols[1:]
        if [c[0] for c in s_cols] != [c[0] for c in p_cols]:
            problems.append(f"{t}: columns differ\n  SQLite {[c[0] for c in s_cols]}\n  PG     {[c[0] for c in p_cols]}")
        s_create = " ".join(r[0] for r in sqlite(db, f"SELECT sql FROM sqlite_master WHERE type = 'table' AND name = '{t}'"))
        flag_cols = set(re.findall(r"CHECK \((\w+) IN \(0, ?1\)\)", s_create))
        s_flag_checks = len(flag_cols)
        for sc, pc in zip(s_cols, p_cols):
            name, stype, snn, sdef, spk = sc
            _, ptype, pnull, pdef = pc
            # 0/1 flag columns (CHECK (x IN (0, 1)) in SQLite) are native booleans here
            is_flag = name in flag_cols and stype == "INTEGER"
            if (ptype != "boolean") if is_flag else (TYPES.get(stype) != ptype):
                problems.append(f"{t}.{name}: type {stype} -> {ptype}")
            if is_flag:
                sdef = {"0": "false", "1": "true"}.get(sdef, sdef)
            s_notnull = snn == "1" or spk != "0"
            if s_notnull != (pnull == "NO"):
                problems.append(f"{t}.{name}: NOT NULL {s_notnull} vs {pnull == 'NO'}")
            ident = pdef == "" and spk != "0" and stype == "INTEGER"
            if not ident and norm_default(sdef) != norm_default(pdef):
                problems.append(f"{t}.{name}: default {sdef!r} vs {pdef!r}")
        # ---- checks
        s_sql = sqlite(db, f"SELECT sql FROM sqlite_master WHERE type = 'table' AND name = '{t}'")
        s_checks = len(re.findall(r"\bCHECK\b", " ".join(r[0] for r in s_sql))) - s_flag_checks
        p_checks = int(pg(args, f"SELECT count(*) FROM pg_constraint WHERE conrelid = 'public.{t}'::regclass "
                                "AND contype = 'c'")[0][0])
        if s_checks != p_checks:
            problems.append(f"{t}: {s_checks} CHECKs in SQLite, {p_checks} in PostgreSQL")
        # ---- primary key
        s_pk = tuple(r[0] for r in sqlite(db, f"SELECT name FROM pragma_table_info('{t}') WHERE pk > 0 ORDER BY pk"))
        # ---- unique and plain indexes: (unique, columns, partial) with tenant_id prepended
        s_idx = set()
        for name, unique, origin, partial in sqlite(db, f"SELECT name, \"unique\", origin, partial "
                                                        f"FROM pragma_index_list('{t}')"):
            cols = tuple(r[0] for r in sqlite(db, f"SELECT name FROM pragma_index_info('{name}') ORDER BY seqno"))
            s_idx.add((unique == "1", ("tenant_id",) + cols, partial == "1"))
        if s_pk and not any(u and c == ("tenant_id",) + s_pk for u, c, _ in s_idx):
            s_idx.add((True, ("tenant_id",) + s_pk, False))  # INTEGER PRIMARY KEY (the rowid)
        p_idx = set()
        for unique, cols, partial in pg(args, "SELECT i.indisunique, (SELECT string_agg(a.attname, ',' ORDER BY k.n) "
                                              "FROM unnest(i.indkey) WITH ORDINALITY k(att, n) "
                                              "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.att), "
                                              "i.indpred IS NOT NULL FROM pg_index i "
                                              f"WHERE i.indrelid = 'public.{t}'::regclass"):
            p_idx.add((unique == "t", tuple(cols.split(",")), partial == "t"))
        if s_idx != p_idx:
            problems.append(f"{t}: indexes differ\n  only SQLite {sorted(s_idx - p_idx)}\n  only PG     {sorted(p_idx - s_idx)}")
        # ---- foreign keys
        s_fk = {}
        for fid, table, frm, to, on_update, on_delete in sqlite(
                db, f"SELECT id, \"table\", \"from\", coalesce(\"to\", ''), on_update, on_delete "
                    f"FROM pragma_foreign_key_list('{t}') ORDER BY id, seq"):
            if not to:  # REFERENCES t without a column: the primary key
                to = sqlite(db, f"SELECT name FROM pragma_table_info('{table}') WHERE pk = 1")[0][0]
            key = s_fk.setdefault(fid, [table, ["tenant_id"], ["tenant_id"], on_update, on_delete])
            key[1].append(frm)
            key[2].append(to)
        s_fk = {(v[0], tuple(v[1]), tuple(v[2]), v[3], v[4]) for v in s_fk.values()}
        actions = {"a": "NO ACTION", "r": "RESTRICT", "c": "CASCADE", "n": "SET NULL", "d": "SET DEFAULT"}
        p_fk = set()
        for table, frm, to, upd, dele, delcols in pg(
                args, "SELECT c.confrelid::regclass::text, "
                      "(SELECT string_agg(a.attname, ',' ORDER BY k.n) FROM unnest(c.conkey) WITH ORDINALITY k(att, n) "
                      " JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.att), "
                      "(SELECT string_agg(a.attname, ',' ORDER BY k.n) FROM unnest(c.confkey) WITH ORDINALITY k(att, n) "
                      " JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.att), "
                      "c.confupdtype, c.confdeltype, coalesce(array_length(c.confdelsetcols, 1), 0) "
                      f"FROM pg_constraint c WHERE c.conrelid = 'public.{t}'::regclass AND c.contype = 'f'"):
            if table == "tenants":
                continue
            if dele in ("n", "d") and delcols == "0":
                problems.append(f"{t}: ON DELETE SET NULL/DEFAULT without a column list would clear tenant_id")
            p_fk.add((table, tuple(frm.split(",")), tuple(to.split(",")), actions[upd], actions[dele]))
        if s_fk != p_fk:
            problems.append(f"{t}: foreign keys differ\n  only SQLite {sorted(s_fk - p_fk)}\n  only PG     {sorted(p_fk - s_fk)}")
        if not any(r for r in pg(args, f"SELECT 1 FROM pg_constraint WHERE conrelid = 'public.{t}'::regclass "
                                       "AND contype = 'f' AND confrelid = 'public.tenants'::regclass")):
            problems.append(f"{t}: tenant_id does not reference tenants")
    # ---- triggers
    s_trg = {r[0] for r in sqlite(db, "SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    p_trg = {r[0] for r in pg(args, "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")}
    if s_trg - p_trg:
        problems.append(f"triggers missing in PostgreSQL: {sorted(s_trg - p_trg)}")
    for p in problems:
        print("DIFF", p)
    print(f"compared {len(s_tables)} tables: {len(problems)} differences")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
