# tests/cases.mk -- included by Makefile.am
# The scenario builder's unit tests, and the real cases end to end (the
# builder against ../shared/data, the scenarios regenerating, validating
# and appraising, and the structural expectations of issue 4).

CASES_TEST_CPPFLAGS = $(AM_CPPFLAGS) $(CS_STAGE_INCLUDES) -I$(top_srcdir)/tools \
	-DCS_TEST_SRCDIR='"$(abs_top_srcdir)"' \
	-DCS_TEST_BUILDDIR='"$(abs_top_builddir)"'
CASES_TEST_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(JANSSON_CFLAGS)
CASES_TEST_LIBS = tools/libcsbuild.la libcscore.la $(CHECK_LIBS) \
	$(JANSSON_LIBS)

check_PROGRAMS += tests/test_builder tests/test_cases
TESTS += tests/test_builder tests/test_cases
tests_test_builder_SOURCES = tests/test_builder.c
tests_test_builder_CPPFLAGS = $(CASES_TEST_CPPFLAGS)
tests_test_builder_CFLAGS = $(CASES_TEST_CFLAGS)
tests_test_builder_LDADD = $(CASES_TEST_LIBS)
tests_test_cases_SOURCES = tests/test_cases.c tests/runcmd.c tests/runcmd.h \
	tests/ranking_check.c tests/ranking_check.h
tests_test_cases_CPPFLAGS = $(CASES_TEST_CPPFLAGS)
tests_test_cases_CFLAGS = $(CASES_TEST_CFLAGS)
tests_test_cases_LDADD = $(CASES_TEST_LIBS)
EXTRA_DIST += tests/data/builder

# Value scales fixed in advance: adding an option to any seed scenario
# leaves the other options' criterion values unchanged.
check_PROGRAMS += tests/test_invariance
TESTS += tests/test_invariance
tests_test_invariance_SOURCES = tests/test_invariance.c tests/runcmd.c \
	tests/runcmd.h
tests_test_invariance_CPPFLAGS = $(CASES_TEST_CPPFLAGS)
tests_test_invariance_CFLAGS = $(CASES_TEST_CFLAGS)
tests_test_invariance_LDADD = $(CASES_TEST_LIBS)

# Votes as evidence: support, the pass share, page one; Staffordshire 2019.
check_PROGRAMS += tests/test_votes
TESTS += tests/test_votes
tests_test_votes_SOURCES = tests/test_votes.c tests/runcmd.c tests/runcmd.h
tests_test_votes_CPPFLAGS = $(CASES_TEST_CPPFLAGS)
tests_test_votes_CFLAGS = $(CASES_TEST_CFLAGS)
tests_test_votes_LDADD = $(CASES_TEST_LIBS)

# The face-validity tables of tools/make-cases (which way size pushes each
# criterion, SMAA b1, dominance) on a report with hand-set value scores, in a
# copy of the tree; skipped where jq is missing.
TESTS += tests/make-cases.sh
EXTRA_DIST += tests/make-cases.sh
