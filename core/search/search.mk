# core/search/search.mk -- see Makefile.am
# The coalition-structure solver (core/search/csg.h; docs/search-solver.md):
# part of the core library, its Check suite, and its synthetic benchmark.

libcscore_la_SOURCES += core/search/csg.h core/search/csg_int.h \
	core/search/csg_any.h core/search/csg.c core/search/csg_topk.c \
	core/search/csg_exact.c core/search/csg_anytime.c \
	core/search/csg_bound.c core/search/csg_local.c \
	core/search/csg_cover.c

check_PROGRAMS += tests/test_csg
TESTS += tests/test_csg
tests_test_csg_SOURCES = tests/test_csg.c
tests_test_csg_CPPFLAGS = $(CORE_TEST_CPPFLAGS)
tests_test_csg_CFLAGS = $(CORE_TEST_CFLAGS)
tests_test_csg_LDADD = $(CORE_TEST_LIBS) $(GSL_LIBS)

# tools/bench-csg: exact search against the plain dynamic programme on the
# literature's synthetic values; built with the tests, run by `make bench`.
check_PROGRAMS += tools/bench-csg
tools_bench_csg_SOURCES = tools/bench-csg.c
tools_bench_csg_CPPFLAGS = $(AM_CPPFLAGS)
tools_bench_csg_CFLAGS = $(AM_CFLAGS) $(GSL_CFLAGS)
tools_bench_csg_LDADD = libcscore.la $(GSL_LIBS)
