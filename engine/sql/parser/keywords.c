/*-------------------------------------------------------------------------
 * keywords.c
 *	  The keyword table (built from keyword_list.h) and its lookups.
 *
 * Invariant: keyword_table[i] describes KeywordId i, and the table is in
 * ASCII name order, so lookups binary-search it.
 *-------------------------------------------------------------------------
 */
#include "sql/parser/parser_internal.h"

#define UNRESERVED_KEYWORD		PARSER_KEYWORD_UNRESERVED
#define COL_NAME_KEYWORD		PARSER_KEYWORD_COL_NAME
#define TYPE_FUNC_NAME_KEYWORD	PARSER_KEYWORD_TYPE_FUNC_NAME
#define RESERVED_KEYWORD		PARSER_KEYWORD_RESERVED
#define BARE_LABEL				true
#define AS_LABEL				false

static const ParserKeyword keyword_table[] = {
#define KEYWORD(name, id, category, bare) {name, category, bare},
#include "sql/parser/keyword_list.h"
#undef KEYWORD
};

StaticAssert(lengthof(keyword_table) == KW__COUNT, "keyword table and enum disagree");

/* Longest keyword is "current_timestamp" (17 bytes); leave headroom. */
#define KEYWORD_MAX_LEN 32

int
parser_kw_find(const char *word, int len)
{
	int			lo = 0,
				hi = KW__COUNT - 1;

	if (len <= 0 || len > KEYWORD_MAX_LEN)
		return KW_NONE;
	while (lo <= hi)
	{
		int			mid = (lo + hi) / 2;
		const char *name = keyword_table[mid].name;
		int			cmp = strncmp(word, name, (size_t) len);

		if (cmp == 0 && name[len] != '\0')
			cmp = -1;			/* word is a proper prefix of name */
		if (cmp == 0)
			return mid;
		if (cmp < 0)
			hi = mid - 1;
		else
			lo = mid + 1;
	}
	return KW_NONE;
}

ParserKeywordCategory
parser_kw_category(int kw)
{
	Assert(kw >= 0 && kw < KW__COUNT);
	return keyword_table[kw].category;
}

bool
parser_kw_is_bare_label(int kw)
{
	Assert(kw >= 0 && kw < KW__COUNT);
	return keyword_table[kw].bare_label;
}

const char *
parser_kw_name(int kw)
{
	Assert(kw >= 0 && kw < KW__COUNT);
	return keyword_table[kw].name;
}

const ParserKeyword *
parser_keyword_lookup(const char *word)
{
	char		lower[KEYWORD_MAX_LEN + 1];
	size_t		len = strlen(word);
	int			kw;

	if (len == 0 || len > KEYWORD_MAX_LEN)
		return NULL;
	for (size_t i = 0; i < len; i++)
		lower[i] = (word[i] >= 'A' && word[i] <= 'Z') ? (char) (word[i] + 'a' - 'A') : word[i];
	lower[len] = '\0';
	kw = parser_kw_find(lower, (int) len);
	return kw == KW_NONE ? NULL : &keyword_table[kw];
}

int
parser_keyword_count(void)
{
	return KW__COUNT;
}

const ParserKeyword *
parser_keyword_get(int i)
{
	if (i < 0 || i >= KW__COUNT)
		return NULL;
	return &keyword_table[i];
}
