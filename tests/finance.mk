# tests/finance.mk -- included by Makefile.am
# The mock host (a convenience library for plugin unit tests), the risk
# and capacity unit tests, the validation tests and `make bench`.

# The mock host is installed (libconsortia-mock, <consortia/mockhost.h>,
# consortia-mock.pc) so a plugin's own unit tests run without the program;
# the project's tests link the same library, built from the same sources.
lib_LTLIBRARIES += libconsortia-mock.la
# Its scenario view comes from the program's own builder (core/model/view.c,
# compiled in; its symbol stays hidden), so the two views cannot drift.
libconsortia_mock_la_SOURCES = tests/mock/mockhost.c \
	tests/mock/mockrun.c tests/mock/mockparams.c \
	tests/mock/mockhost.h tests/mock/mockint.h \
	core/model/view.c core/model/view.h
libconsortia_mock_la_CFLAGS = $(AM_CFLAGS) $(GSL_CFLAGS) \
	-I$(top_srcdir)/core/model
libconsortia_mock_la_LIBADD = $(GSL_LIBS) -lm
libconsortia_mock_la_LDFLAGS = -version-info 0:0:0 \
	-export-symbols-regex '^cs_mock_'
consortiainclude_HEADERS += tests/mock/mockhost.h
pkgconfig_DATA += consortia-mock.pc

# Flags for a test that drives a plugin through the mock host.
CS_MOCK_TEST_CFLAGS = $(AM_CFLAGS) $(GSL_CFLAGS) $(CHECK_CFLAGS) \
	-I$(top_srcdir)/tests/mock
CS_MOCK_TEST_LDADD = libconsortia-mock.la $(GSL_LIBS) $(CHECK_LIBS)

check_PROGRAMS += tests/test_mock
TESTS += tests/test_mock
tests_test_mock_SOURCES = tests/mock/test_mock.c
tests_test_mock_CFLAGS = $(CS_MOCK_TEST_CFLAGS)
tests_test_mock_LDADD = $(CS_MOCK_TEST_LDADD)

check_PROGRAMS += tests/test_risk
TESTS += tests/test_risk
tests_test_risk_SOURCES = tests/test_risk.c
tests_test_risk_CFLAGS = $(CS_MOCK_TEST_CFLAGS)
tests_test_risk_LDADD = $(CS_MOCK_TEST_LDADD)

check_PROGRAMS += tests/test_risk_years
TESTS += tests/test_risk_years
tests_test_risk_years_SOURCES = tests/test_risk_years.c
tests_test_risk_years_CFLAGS = $(CS_MOCK_TEST_CFLAGS)
tests_test_risk_years_LDADD = $(CS_MOCK_TEST_LDADD)

# Shocks checked against closed forms, written for the mutants that the two
# suites above missed (docs/testing.md).
check_PROGRAMS += tests/test_risk_shocks
TESTS += tests/test_risk_shocks
tests_test_risk_shocks_SOURCES = tests/test_risk_shocks.c
tests_test_risk_shocks_CFLAGS = $(CS_MOCK_TEST_CFLAGS)
tests_test_risk_shocks_LDADD = $(CS_MOCK_TEST_LDADD)

check_PROGRAMS += tests/test_capacity
TESTS += tests/test_capacity
tests_test_capacity_SOURCES = tests/test_capacity.c
tests_test_capacity_CFLAGS = $(CS_MOCK_TEST_CFLAGS)
tests_test_capacity_LDADD = $(CS_MOCK_TEST_LDADD)

check_PROGRAMS += tests/test_transition
TESTS += tests/test_transition
tests_test_transition_SOURCES = tests/test_transition.c
tests_test_transition_CFLAGS = $(CS_MOCK_TEST_CFLAGS)
tests_test_transition_LDADD = $(CS_MOCK_TEST_LDADD)

# Every row of VALIDATION.md on risk and running costs; the settings of
# the special rows are parameter sets in tests/validation/*.params.
check_PROGRAMS += tests/validation/test_validation
TESTS += tests/validation/test_validation
tests_validation_test_validation_SOURCES = tests/validation/test_validation.c
tests_validation_test_validation_CFLAGS = $(CS_MOCK_TEST_CFLAGS) \
	-DCS_VALIDATION_DIR='"$(abs_top_srcdir)/tests/validation"'
tests_validation_test_validation_LDADD = $(CS_MOCK_TEST_LDADD)
EXTRA_DIST += tests/validation/mckinsey2010.params \
	tests/validation/crump1991.params tests/validation/asthana2011.params \
	tests/validation/capacity25.params \
	tests/validation/defaults-at-cost.params

# `make bench`: the risk plugin's speed (tools/bench.c), then what
# running plugins in worker processes costs (tools/bench-contain.sh); built with the
# tests (so it keeps compiling) but run only by `make bench`.
check_PROGRAMS += tools/bench
tools_bench_SOURCES = tools/bench.c
tools_bench_CFLAGS = $(AM_CFLAGS) $(GSL_CFLAGS) -I$(top_srcdir)/tests/mock
tools_bench_LDADD = libconsortia-mock.la $(GSL_LIBS)
EXTRA_DIST += tools/bench-contain.sh
.PHONY: bench
bench: tools/bench$(EXEEXT) plugins/risk.la
	./tools/bench$(EXEEXT) plugins/.libs/risk.so
	$(SHELL) $(top_srcdir)/tools/bench-contain.sh $(abs_top_builddir)
