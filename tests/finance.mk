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

# The exact Poisson generator of the risk plugin (compiled in) against the
# Poisson pmf: chi-square and moments.
check_PROGRAMS += tests/test_risk_poisson
TESTS += tests/test_risk_poisson
tests_test_risk_poisson_SOURCES = tests/test_risk_poisson.c \
	plugins/risk/risk_poisson.c
tests_test_risk_poisson_CFLAGS = $(CS_MOCK_TEST_CFLAGS)
tests_test_risk_poisson_LDADD = $(GSL_LIBS) $(CHECK_LIBS) -lm

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

# `make bench` (tools/bench): the speed targets as ratios measured in one
# run (docs/performance.md), with the numpy reference of the risk model
# (tools/bench_risk.py) and the random-number floor (tools/bench_floor.c);
# BENCH_DRAWS=N for fewer draws, BENCH_BASELINE=BIN to compare with
# another build. `make bench-plugin`: the risk plugin alone through the
# mock host (tools/bench.c). Built with the tests (so they keep
# compiling) but run only by these targets, never by `make check`.
check_PROGRAMS += tools/bench-plugin tools/bench-floor
tools_bench_plugin_SOURCES = tools/bench.c
tools_bench_plugin_CFLAGS = $(AM_CFLAGS) $(GSL_CFLAGS) -I$(top_srcdir)/tests/mock
tools_bench_plugin_LDADD = libconsortia-mock.la $(GSL_LIBS)
tools_bench_floor_SOURCES = tools/bench_floor.c
tools_bench_floor_CFLAGS = $(AM_CFLAGS) $(GSL_CFLAGS)
tools_bench_floor_LDADD = $(GSL_LIBS)
EXTRA_DIST += tools/bench tools/bench_risk.py tools/bench-contain.sh
BENCH_DRAWS = 10000
# the sweep's grid points per parameter (tools/bench-sweep) and the exact
# search's sizes (tools/bench-csg: LO HI DP_MAX THREADS); CI passes small
# ones to show the suite runs
BENCH_SWEEP_POINTS = 10
BENCH_CSG_ARGS = 18 24 20 2
PYTHON3 = /usr/bin/python3
.PHONY: bench bench-plugin
bench: all tools/bench-floor$(EXEEXT)
	$(PYTHON3) $(top_srcdir)/tools/bench --builddir . \
	    --draws $(BENCH_DRAWS) $(BENCH_BASELINE:%=--baseline %)
	POINTS=$(BENCH_SWEEP_POINTS) $(SHELL) $(top_srcdir)/tools/bench-sweep $(abs_top_builddir)
	$(MAKE) tools/bench-csg$(EXEEXT) && ./tools/bench-csg$(EXEEXT) $(BENCH_CSG_ARGS)
	$(SHELL) $(top_srcdir)/tools/bench-contain.sh $(abs_top_builddir)
bench-plugin: tools/bench-plugin$(EXEEXT) plugins/risk.la
	./tools/bench-plugin$(EXEEXT) plugins/.libs/risk.so

# Every allocation of each criterion plugin failing in turn, through the
# mock host (tests/test_plugin_oom.c, compiled once per plugin with the
# plugin's sources and the allocator wrapped at link time).
PLUGIN_OOM_WRAP = -Wl,--wrap=malloc -Wl,--wrap=calloc \
	-Wl,--wrap=realloc -Wl,--wrap=free -Wl,--wrap=strdup
check_PROGRAMS += tests/test_oom_governance
TESTS += tests/test_oom_governance
tests_test_oom_governance_SOURCES = tests/test_plugin_oom.c plugins/governance.c
tests_test_oom_governance_CFLAGS = $(CS_MOCK_TEST_CFLAGS)
tests_test_oom_governance_LDFLAGS = $(PLUGIN_OOM_WRAP)
tests_test_oom_governance_LDADD = $(CS_MOCK_TEST_LDADD) -lm
check_PROGRAMS += tests/test_oom_leverage
TESTS += tests/test_oom_leverage
tests_test_oom_leverage_SOURCES = tests/test_plugin_oom.c plugins/leverage.c
tests_test_oom_leverage_CFLAGS = $(CS_MOCK_TEST_CFLAGS)
tests_test_oom_leverage_LDFLAGS = $(PLUGIN_OOM_WRAP)
tests_test_oom_leverage_LDADD = $(CS_MOCK_TEST_LDADD) -lm
check_PROGRAMS += tests/test_oom_engagement
TESTS += tests/test_oom_engagement
tests_test_oom_engagement_SOURCES = tests/test_plugin_oom.c plugins/engagement.c
tests_test_oom_engagement_CFLAGS = $(CS_MOCK_TEST_CFLAGS)
tests_test_oom_engagement_LDFLAGS = $(PLUGIN_OOM_WRAP)
tests_test_oom_engagement_LDADD = $(CS_MOCK_TEST_LDADD) -lm
check_PROGRAMS += tests/test_oom_equity
TESTS += tests/test_oom_equity
tests_test_oom_equity_SOURCES = tests/test_plugin_oom.c plugins/equity.c plugins/equity_ci.c
tests_test_oom_equity_CFLAGS = $(CS_MOCK_TEST_CFLAGS)
tests_test_oom_equity_LDFLAGS = $(PLUGIN_OOM_WRAP)
tests_test_oom_equity_LDADD = $(CS_MOCK_TEST_LDADD) -lm
check_PROGRAMS += tests/test_oom_capacity
TESTS += tests/test_oom_capacity
tests_test_oom_capacity_SOURCES = tests/test_plugin_oom.c plugins/capacity.c plugins/capacity_option.c
tests_test_oom_capacity_CFLAGS = $(CS_MOCK_TEST_CFLAGS)
tests_test_oom_capacity_LDFLAGS = $(PLUGIN_OOM_WRAP)
tests_test_oom_capacity_LDADD = $(CS_MOCK_TEST_LDADD) -lm
check_PROGRAMS += tests/test_oom_risk
TESTS += tests/test_oom_risk
tests_test_oom_risk_SOURCES = tests/test_plugin_oom.c plugins/risk/risk.c plugins/risk/risk_spend.c \
	plugins/risk/risk_poisson.c plugins/risk/risk_shared.c \
	plugins/risk/risk_years.c plugins/risk/risk_option.c
tests_test_oom_risk_CFLAGS = $(CS_MOCK_TEST_CFLAGS)
tests_test_oom_risk_LDFLAGS = $(PLUGIN_OOM_WRAP)
tests_test_oom_risk_LDADD = $(CS_MOCK_TEST_LDADD) -lm
