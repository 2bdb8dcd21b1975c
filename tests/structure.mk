# tests/structure.mk -- included by Makefile.am
# Unit tests of the governance, leverage, engagement and equity criteria
# through the mock host (tests/mock, built in tests/finance.mk). Each test
# compiles its plugin's source in and reaches the descriptor through the
# entry symbol; test_governance also dlopen()s the four built modules.

STRUCTURE_TEST_CFLAGS = $(AM_CFLAGS) $(GSL_CFLAGS) $(CHECK_CFLAGS) \
	-I$(top_srcdir)/tests/mock
STRUCTURE_TEST_LDADD = libconsortia-mock.la $(GSL_LIBS) $(CHECK_LIBS) -lm

check_PROGRAMS += tests/test_governance tests/test_leverage \
	tests/test_engagement tests/test_equity
TESTS += tests/test_governance tests/test_leverage \
	tests/test_engagement tests/test_equity

tests_test_governance_SOURCES = tests/test_governance.c plugins/governance.c
tests_test_governance_CFLAGS = $(STRUCTURE_TEST_CFLAGS)
tests_test_governance_LDADD = $(STRUCTURE_TEST_LDADD)

tests_test_leverage_SOURCES = tests/test_leverage.c plugins/leverage.c
tests_test_leverage_CFLAGS = $(STRUCTURE_TEST_CFLAGS)
tests_test_leverage_LDADD = $(STRUCTURE_TEST_LDADD)

tests_test_engagement_SOURCES = tests/test_engagement.c plugins/engagement.c
tests_test_engagement_CFLAGS = $(STRUCTURE_TEST_CFLAGS)
tests_test_engagement_LDADD = $(STRUCTURE_TEST_LDADD)

tests_test_equity_SOURCES = tests/test_equity.c plugins/equity.c plugins/equity_ci.c
tests_test_equity_CFLAGS = $(STRUCTURE_TEST_CFLAGS)
tests_test_equity_LDADD = $(STRUCTURE_TEST_LDADD)

# Every default has its source: each parameter's doc string and each default
# value scale's source cites a year or a document or says ASSUMPTION, and
# each parameter has a sourced row in docs/models*.md (issue 10).
TESTS += tests/param-sources.sh
EXTRA_DIST += tests/param-sources.sh
