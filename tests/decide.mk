# tests/decide.mk -- included by Makefile.am: the decision engine (value
# functions, weights, rank probabilities, SMAA-2, stability) and its tests.

libcscore_la_SOURCES += \
	core/mcda/mcda.h core/mcda/decide.c core/mcda/decide.h core/mcda/result.c \
	core/mcda/smaa.c core/mcda/smaa_sample.c core/mcda/smaa_csv.c core/mcda/smaa.h \
	core/mcda/stability.c core/mcda/stability.h \
	core/loader/loader_weights.c core/decision/sensitivity.c \
	core/report/report_decision.h core/report/report_json_decision.c \
	core/report/report_text_decision.c core/cli/smaa_cmd.c

DECIDE_TEST_CPPFLAGS = $(AM_CPPFLAGS) $(CS_STAGE_INCLUDES) -DCS_TEST_SRCDIR='"$(abs_top_srcdir)"' \
	-DCS_TEST_BUILDDIR='"$(abs_top_builddir)"'
DECIDE_TEST_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(GSL_CFLAGS) $(JANSSON_CFLAGS)
DECIDE_TEST_LIBS = libcscore.la $(CHECK_LIBS)

check_PROGRAMS += tests/test_decide tests/test_smaa tests/test_smaa_ref \
	tests/test_stability tests/test_weights tests/test_engine
TESTS += tests/test_decide tests/test_smaa tests/test_smaa_ref \
	tests/test_stability tests/test_weights tests/test_engine
tests_test_decide_SOURCES = tests/test_decide.c
tests_test_decide_CPPFLAGS = $(DECIDE_TEST_CPPFLAGS)
tests_test_decide_CFLAGS = $(DECIDE_TEST_CFLAGS)
tests_test_decide_LDADD = $(DECIDE_TEST_LIBS)
tests_test_smaa_SOURCES = tests/test_smaa.c
tests_test_smaa_CPPFLAGS = $(DECIDE_TEST_CPPFLAGS)
tests_test_smaa_CFLAGS = $(DECIDE_TEST_CFLAGS)
tests_test_smaa_LDADD = $(DECIDE_TEST_LIBS)
tests_test_smaa_ref_SOURCES = tests/test_smaa_ref.c tests/runcmd.c \
	tests/runcmd.h
tests_test_smaa_ref_CPPFLAGS = $(DECIDE_TEST_CPPFLAGS)
tests_test_smaa_ref_CFLAGS = $(DECIDE_TEST_CFLAGS) $(JANSSON_CFLAGS)
tests_test_smaa_ref_LDADD = $(DECIDE_TEST_LIBS) $(JANSSON_LIBS)
tests_test_stability_SOURCES = tests/test_stability.c
tests_test_stability_CPPFLAGS = $(DECIDE_TEST_CPPFLAGS)
tests_test_stability_CFLAGS = $(DECIDE_TEST_CFLAGS)
tests_test_stability_LDADD = $(DECIDE_TEST_LIBS)
tests_test_weights_SOURCES = tests/test_weights.c tests/test_loader_util.c \
	tests/test_loader_util.h
tests_test_weights_CPPFLAGS = $(DECIDE_TEST_CPPFLAGS)
tests_test_weights_CFLAGS = $(DECIDE_TEST_CFLAGS)
tests_test_weights_LDADD = $(DECIDE_TEST_LIBS)
# The engine inside an appraisal, with the test plugin tp_good (core.mk).
tests_test_engine_SOURCES = tests/test_engine.c
tests_test_engine_CPPFLAGS = $(DECIDE_TEST_CPPFLAGS)
tests_test_engine_CFLAGS = $(DECIDE_TEST_CFLAGS)
tests_test_engine_LDADD = $(DECIDE_TEST_LIBS)

# The loader's fuzz target (tests/loader.mk) links the loader's sources
# itself: the weights block and the weight-space check it uses.
tests_fuzz_fuzz_loader_SOURCES += core/loader/loader_weights.c core/mcda/smaa_sample.c

# The value of information (core/mcda/voi.c) against the unit normal loss
# integral (tests/test_voi.c).
libcscore_la_SOURCES += core/mcda/voi.c core/mcda/voi.h
check_PROGRAMS += tests/test_voi
TESTS += tests/test_voi
tests_test_voi_SOURCES = tests/test_voi.c
tests_test_voi_CPPFLAGS = $(DECIDE_TEST_CPPFLAGS)
tests_test_voi_CFLAGS = $(DECIDE_TEST_CFLAGS)
tests_test_voi_LDADD = $(DECIDE_TEST_LIBS) $(GSL_LIBS)
libcscore_la_SOURCES += core/decision/voi_run.c core/report/report_voi.c \
	core/report/report_html_voi.c

# Sweeps, shards and merging (docs/scale-out.md).
libcscore_la_SOURCES += core/cli/sweep.h core/cli/sweep_design.c \
	core/cli/sweep_run.c core/cli/sweep_out.c core/cli/sweep_summary.c \
	core/cli/partial.c core/cli/sweep_cmd.c core/cli/merge_cmd.c
# One appraisal split into shards: appraise --task, merged.
libcscore_la_SOURCES += core/cli/appraise_task.c
TESTS += tests/appraise-task.sh
EXTRA_DIST += tests/appraise-task.sh
# One search split into shards: search --task, merged.
libcscore_la_SOURCES += core/cli/search_task.c
TESTS += tests/search-task.sh
EXTRA_DIST += tests/search-task.sh
# Practices as the units of a search (docs/search.md, "Units").
TESTS += tests/search-units.sh
EXTRA_DIST += tests/search-units.sh
check_PROGRAMS += tests/test_sweep
TESTS += tests/test_sweep tests/sweep.sh tests/sweep-ssh.sh
EXTRA_DIST += tests/sweep.sh tests/sweep-ssh.sh
tests_test_sweep_SOURCES = tests/test_sweep.c tests/runcmd.c tests/runcmd.h
tests_test_sweep_CPPFLAGS = $(DECIDE_TEST_CPPFLAGS) \
	-I$(top_srcdir)/core/cli -I$(top_srcdir)/tests
tests_test_sweep_CFLAGS = $(DECIDE_TEST_CFLAGS) $(JANSSON_CFLAGS)
tests_test_sweep_LDADD = $(DECIDE_TEST_LIBS) $(JANSSON_LIBS)

# `consortia merge` and `sweep` end to end (usage errors, merge's refusals
# of hand-written partial results, --reports DIR) and `consortia voi`
# (usage, refusals, its two formats, no uncertainty, too few draws).
check_PROGRAMS += tests/test_merge_cli tests/test_voi_cli
TESTS += tests/test_merge_cli tests/test_voi_cli
tests_test_merge_cli_SOURCES = tests/test_merge_cli.c tests/cli_harness.h \
	tests/runcmd.c tests/runcmd.h
tests_test_merge_cli_CPPFLAGS = $(DECIDE_TEST_CPPFLAGS) -I$(top_srcdir)/tests
tests_test_merge_cli_CFLAGS = $(DECIDE_TEST_CFLAGS) $(JANSSON_CFLAGS) \
	$(NETTLE_CFLAGS)
tests_test_merge_cli_LDADD = $(DECIDE_TEST_LIBS) $(JANSSON_LIBS) $(NETTLE_LIBS)
tests_test_voi_cli_SOURCES = tests/test_voi_cli.c tests/cli_harness.h \
	tests/runcmd.c tests/runcmd.h
tests_test_voi_cli_CPPFLAGS = $(DECIDE_TEST_CPPFLAGS) -I$(top_srcdir)/tests
tests_test_voi_cli_CFLAGS = $(DECIDE_TEST_CFLAGS) $(JANSSON_CFLAGS)
tests_test_voi_cli_LDADD = $(DECIDE_TEST_LIBS) $(JANSSON_LIBS)

# Every allocation of `consortia smaa` and of the weights methods'
# appraisal failing in turn (oom_harness.h; OOM_WRAP_FLAGS in search.mk).
check_PROGRAMS += tests/test_cov_oom_decide
TESTS += tests/test_cov_oom_decide
tests_test_cov_oom_decide_SOURCES = tests/test_cov_oom_decide.c \
	tests/oom_harness.h
tests_test_cov_oom_decide_CPPFLAGS = $(CORE_TEST_CPPFLAGS)
tests_test_cov_oom_decide_CFLAGS = $(CORE_TEST_CFLAGS)
tests_test_cov_oom_decide_LDFLAGS = $(OOM_WRAP_FLAGS)
tests_test_cov_oom_decide_LDADD = $(CORE_TEST_LIBS) $(GSL_LIBS)

# The SMAA sample reader's limits (tests/test_cov_smaa.c).
check_PROGRAMS += tests/test_cov_smaa
TESTS += tests/test_cov_smaa
tests_test_cov_smaa_SOURCES = tests/test_cov_smaa.c
tests_test_cov_smaa_CPPFLAGS = $(CORE_TEST_CPPFLAGS)
tests_test_cov_smaa_CFLAGS = $(CORE_TEST_CFLAGS)
tests_test_cov_smaa_LDADD = $(CORE_TEST_LIBS)

# The value of information's names for a parameter two criteria declare
# (tests/test_cov_voi.c).
check_PROGRAMS += tests/test_cov_voi
TESTS += tests/test_cov_voi
tests_test_cov_voi_SOURCES = tests/test_cov_voi.c tests/cli_harness.h \
	tests/runcmd.c tests/runcmd.h
tests_test_cov_voi_CPPFLAGS = $(CORE_TEST_CPPFLAGS)
tests_test_cov_voi_CFLAGS = $(CORE_TEST_CFLAGS)
tests_test_cov_voi_LDADD = $(CORE_TEST_LIBS)
TESTS += tests/cli-timings.sh
EXTRA_DIST += tests/cli-timings.sh
