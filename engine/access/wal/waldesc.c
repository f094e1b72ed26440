/*-------------------------------------------------------------------------
 * waldesc.c
 *	  Describing WAL records (see waldesc.h).  No shared memory, no elog:
 *	  usable from tools.
 *-------------------------------------------------------------------------
 */
#include "access/wal/waldesc.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#include "access/wal/walreader.h"

const char *
wal_rmgr_name(uint8_t rmid)
{
	static const char *const names[] = {"XLOG", "Transaction", "Storage", "Heap", "Btree"};

	return rmid <= RM_MAX_ID ? names[rmid] : "UNKNOWN";
}

const char *
wal_op_name(uint8_t rmid, uint8_t info)
{
	uint8_t		op = info & 0xF0;

	switch (rmid)
	{
		case RM_XLOG:
			switch (op)
			{
				case WAL_XLOG_CHECKPOINT_SHUTDOWN:
					return "CHECKPOINT_SHUTDOWN";
				case WAL_XLOG_CHECKPOINT_ONLINE:
					return "CHECKPOINT_ONLINE";
				case WAL_XLOG_END_OF_RECOVERY:
					return "END_OF_RECOVERY";
				case WAL_XLOG_FPI_FOR_HINT:
					return "FPI_FOR_HINT";
				case WAL_XLOG_FPI:
					return "FPI";
				case WAL_XLOG_SWITCH:
					return "SWITCH";
			}
			break;
		case RM_XACT:
			return op == WAL_XACT_COMMIT ? "COMMIT" : op == WAL_XACT_ABORT ? "ABORT" : "UNKNOWN";
		case RM_SMGR:
			return op == WAL_SMGR_CREATE ? "CREATE" : "UNKNOWN";
		case RM_HEAP:
			switch (op)
			{
				case WAL_HEAP_INSERT:
					return "INSERT";
				case WAL_HEAP_SET_XMAX:
					return "SET_XMAX";
				case WAL_HEAP_INIT_PAGE:
					return "INIT_PAGE";
				case WAL_HEAP_PRUNE:
					return "PRUNE";
				case WAL_HEAP_VACUUM:
					return "VACUUM";
			}
			break;
		case RM_BTREE:
			switch (op)
			{
				case WAL_BTREE_INSERT:
					return "INSERT";
				case WAL_BTREE_DELETE:
					return "DELETE";
				case WAL_BTREE_NEWROOT:
					return "NEWROOT";
				case WAL_BTREE_SPLIT:
					return "SPLIT";
				case WAL_BTREE_META:
					return "META";
				case WAL_BTREE_BUILD:
					return "BUILD";
			}
			break;
	}
	return "UNKNOWN";
}

typedef struct Out
{
	char	   *buf;
	size_t		len;
	size_t		used;
} Out;

static void
put(Out *o, const char *fmt,...) pg_printf_attr(2, 3);

static void
put(Out *o, const char *fmt,...)
{
	va_list		ap;

	if (o->used >= o->len)
		return;
	va_start(ap, fmt);
	int			n = vsnprintf(o->buf + o->used, o->len - o->used, fmt, ap);

	va_end(ap);
	if (n > 0)
		o->used = Min(o->len - 1, o->used + (size_t) n);
}

static void
describe_main(Out *o, const WalRecordHeader *rec, const WalDecoded *d)
{
	uint8_t		op = rec->info & 0xF0;

	put(o, "%s", wal_op_name(rec->rmid, rec->info));
	if (rec->rmid == RM_XLOG && (op == WAL_XLOG_CHECKPOINT_SHUTDOWN ||
								 op == WAL_XLOG_CHECKPOINT_ONLINE) &&
		d->main_len == sizeof(WalCheckpoint))
	{
		WalCheckpoint c;

		memcpy(&c, d->main_data, sizeof(c));
		put(o, " redo %X/%X; tli %u; next xid %u; next oid %u; oldest running xid %u; %s",
			LSN_FORMAT_ARGS(c.redo), c.timeline, c.next_xid, c.next_oid, c.oldest_active_xid,
			op == WAL_XLOG_CHECKPOINT_SHUTDOWN ? "shutdown" : "online");
	}
	else if (rec->rmid == RM_XACT && d->main_len >= sizeof(WalXactFinish))
	{
		WalXactFinish f;
		time_t		t;
		struct tm	tm;
		char		ts[64];

		memcpy(&f, d->main_data, sizeof(f));
		t = (time_t) (f.time_us / 1000000);
		gmtime_r(&t, &tm);
		strftime(ts, sizeof(ts), "%Y-%m-%d %H:%M:%S", &tm);
		put(o, " %s.%06d UTC", ts, (int) (f.time_us % 1000000));
		if (f.nrels > 0 && d->main_len == sizeof(f) + (size_t) f.nrels * sizeof(WalRelFile))
		{
			put(o, "; rels:");
			for (int i = 0; i < f.nrels; i++)
			{
				WalRelFile	rl;

				memcpy(&rl, d->main_data + sizeof(f) + (size_t) i * sizeof(rl), sizeof(rl));
				put(o, " %u/%u", rl.db_oid, rl.rel_number);
			}
		}
	}
	else if (rec->rmid == RM_SMGR && d->main_len == sizeof(WalSmgrCreate))
	{
		WalSmgrCreate c;

		memcpy(&c, d->main_data, sizeof(c));
		put(o, " %u/%u", c.rl.db_oid, c.rl.rel_number);
	}
	else if (rec->rmid == RM_HEAP && d->main_len == sizeof(WalHeapItem))
	{
		WalHeapItem h;

		memcpy(&h, d->main_data, sizeof(h));
		put(o, " off %u", h.offnum);
	}
}

const char *
wal_describe(const WalRecordHeader *rec, char *buf, size_t len)
{
	Out			o = {buf, len, 0};
	WalDecoded	d;
	char		err[128];

	buf[0] = '\0';
	if (!wal_decode(rec, &d, err, sizeof(err)))
	{
		put(&o, "%s (undecodable: %s)", wal_op_name(rec->rmid, rec->info), err);
		return buf;
	}
	describe_main(&o, rec, &d);
	for (int i = 0; i < d.nblocks; i++)
	{
		const WalBlockRef *b = &d.blocks[i].ref;

		put(&o, ", blkref #%d: rel %u/%u blk %u", i, b->rl.db_oid, b->rl.rel_number, b->blkno);
		if (b->kind == WAL_BLOCK_IMAGE)
			put(&o, " FPW (hole %u+%u)", b->hole_offset, b->hole_length);
		else
			put(&o, " delta %u bytes", b->data_len);
	}
	return buf;
}
