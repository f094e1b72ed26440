/*-------------------------------------------------------------------------
 * dest_remote.c
 *	  The DestReceiver that sends rows to the client: RowDescription and
 *	  DataRow messages, each column in text or binary format.
 *
 * Formats follow the Bind message's result-format codes: none means all
 * text, one code applies to every column, otherwise one per column.
 * Output functions allocate in a per-row memory context that is reset
 * after every row, so sending millions of rows uses constant memory.
 *-------------------------------------------------------------------------
 */
#include "tcop/dest_remote.h"

#include "sql/types/types.h"
#include "tcop/pqcomm.h"
#include "tcop/pqformat.h"
#include "utils/elog.h"
#include "utils/memctx.h"

typedef struct RemoteDest
{
	DestReceiver pub;
	bool		send_row_description;
	const int16_t *given_formats;
	int			n_given_formats;
	const ResultDesc *desc;
	int16_t    *formats;		/* resolved, one per column */
	MemoryContext row_context;
	StringBuf	row;
	long		rows_sent;
} RemoteDest;

int16_t
dest_remote_column_format(const int16_t *formats, int nformats, int column)
{
	if (nformats == 0)
		return 0;
	if (nformats == 1)
		return formats[0];
	return formats[column];
}

void
dest_remote_send_row_description(const ResultDesc *desc, const int16_t *formats, int nformats)
{
	StringBuf	buf;

	pq_begin(&buf, 'T');
	pq_send_int16(&buf, (uint16_t) desc->ncols);
	for (int i = 0; i < desc->ncols; i++)
	{
		const ResultColumn *c = &desc->cols[i];

		pq_send_string(&buf, c->name);
		pq_send_int32(&buf, c->table_oid);
		pq_send_int16(&buf, (uint16_t) c->attnum);
		pq_send_int32(&buf, c->type_oid);
		pq_send_int16(&buf, (uint16_t) c->typlen);
		pq_send_int32(&buf, (uint32_t) c->typmod);
		pq_send_int16(&buf, (uint16_t) dest_remote_column_format(formats, nformats, i));
	}
	pq_end(&buf);
}

static void
remote_startup(DestReceiver *self, const ResultDesc *desc)
{
	RemoteDest *d = (RemoteDest *) self;

	d->desc = desc;
	d->formats = palloc(sizeof(int16_t) * (size_t) Max(desc->ncols, 1));
	for (int i = 0; i < desc->ncols; i++)
	{
		int16_t		f = dest_remote_column_format(d->given_formats, d->n_given_formats, i);

		if (f != 0 && f != 1)
			ereport(ERROR, errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					errmsg("unsupported format code: %d", f));
		d->formats[i] = f;
	}
	if (d->send_row_description)
		dest_remote_send_row_description(desc, d->formats, desc->ncols);
	d->row_context = memctx_create(CurrentMemoryContext, "DataRow");
	MemoryContext old = memctx_switch_to(d->row_context);

	strbuf_init(&d->row);
	memctx_switch_to(old);
}

static void
remote_receive(DestReceiver *self, const Datum *values, const bool *nulls)
{
	RemoteDest *d = (RemoteDest *) self;
	MemoryContext old = memctx_switch_to(d->row_context);
	StringBuf	msg;

	pq_begin(&msg, 'D');
	pq_send_int16(&msg, (uint16_t) d->desc->ncols);
	for (int i = 0; i < d->desc->ncols; i++)
	{
		Oid			typid = d->desc->cols[i].type_oid;

		if (nulls[i])
		{
			pq_send_int32(&msg, (uint32_t) -1);
			continue;
		}
		if (d->formats[i] == 0)
		{
			char	   *text = type_output(typid, values[i]);
			int			len = (int) strlen(text);

			pq_send_int32(&msg, (uint32_t) len);
			pq_send_bytes(&msg, text, len);
		}
		else
		{
			StringBuf	bin;

			strbuf_init(&bin);
			type_send(typid, values[i], &bin);
			pq_send_int32(&msg, (uint32_t) bin.len);
			pq_send_bytes(&msg, bin.data, bin.len);
		}
	}
	pq_end(&msg);
	memctx_switch_to(old);
	memctx_reset(d->row_context);
	d->rows_sent++;
}

static void
remote_shutdown(DestReceiver *self)
{
	RemoteDest *d = (RemoteDest *) self;

	if (d->row_context)
	{
		memctx_delete(d->row_context);
		d->row_context = NULL;
	}
}

DestReceiver *
dest_remote_create(bool send_row_description, const int16_t *formats, int nformats)
{
	RemoteDest *d = palloc0(sizeof(RemoteDest));

	d->pub.startup = remote_startup;
	d->pub.receive = remote_receive;
	d->pub.shutdown = remote_shutdown;
	d->send_row_description = send_row_description;
	d->given_formats = formats;
	d->n_given_formats = nformats;
	return &d->pub;
}

/* ---- a receiver that discards ---- */

static void
none_startup(DestReceiver *self, const ResultDesc *desc)
{
	(void) self;
	(void) desc;
}

static void
none_receive(DestReceiver *self, const Datum *values, const bool *nulls)
{
	(void) self;
	(void) values;
	(void) nulls;
}

static void
none_shutdown(DestReceiver *self)
{
	(void) self;
}

DestReceiver *
dest_none(void)
{
	static DestReceiver none = {none_startup, none_receive, none_shutdown};

	return &none;
}
