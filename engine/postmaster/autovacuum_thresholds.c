/*-------------------------------------------------------------------------
 * autovacuum_thresholds.c
 *	  Does a table need VACUUM or ANALYZE?  (The rule is in autovacuum.h.)
 *
 * Pure arithmetic over the statistics and pg_class.reltuples, so that
 * test_autovacuum_thresholds.c can check the boundaries.
 *-------------------------------------------------------------------------
 */
#include "postmaster/autovacuum.h"

#include "utils/guc.h"

void
autovac_thresholds_from_gucs(AutoVacThresholds *t)
{
	t->vacuum_threshold = guc_autovacuum_vacuum_threshold;
	t->vacuum_scale_factor = guc_autovacuum_vacuum_scale_factor;
	t->analyze_threshold = guc_autovacuum_analyze_threshold;
	t->analyze_scale_factor = guc_autovacuum_analyze_scale_factor;
	t->vacuum_insert_threshold = guc_autovacuum_vacuum_insert_threshold;
	t->vacuum_insert_scale_factor = guc_autovacuum_vacuum_insert_scale_factor;
}

void
autovac_table_needs(const AutoVacThresholds *t, double reltuples,
					const PgStatTableCounters *c, bool *dovacuum, bool *doanalyze)
{
	if (reltuples < 0)
		reltuples = 0;			/* never vacuumed or analyzed */
	double		vacthresh = (double) t->vacuum_threshold + t->vacuum_scale_factor * reltuples;
	double		anlthresh = (double) t->analyze_threshold + t->analyze_scale_factor * reltuples;

	*dovacuum = (double) c->n_dead_tup > vacthresh;
	if (!*dovacuum && t->vacuum_insert_threshold >= 0)
	{
		double		insthresh = (double) t->vacuum_insert_threshold +
			t->vacuum_insert_scale_factor * reltuples;

		*dovacuum = (double) c->n_ins_since_vacuum > insthresh;
	}
	*doanalyze = (double) c->n_mod_since_analyze > anlthresh;
}
