# tests/core.mk -- the plugin host and the command, end to end.

# Test plugins: one good, and one broken build per way a plugin can fail.
TP_FLAGS = -module -avoid-version -shared -rpath /nowhere
TP_CFLAGS = $(AM_CFLAGS) $(GSL_CFLAGS)
check_LTLIBRARIES += tests/plugins/tp_good.la
tests_plugins_tp_good_la_SOURCES = tests/plugins/tp_good.c
tests_plugins_tp_good_la_CFLAGS = $(TP_CFLAGS)
tests_plugins_tp_good_la_LDFLAGS = $(TP_FLAGS) -export-symbols-regex '^consortia_plugin_entry$$'
tests_plugins_tp_good_la_LIBADD = $(GSL_LIBS)

check_LTLIBRARIES += tests/plugins/tp_abi.la tests/plugins/tp_noentry.la \
	tests/plugins/tp_error.la tests/plugins/tp_nan.la tests/plugins/tp_short.la \
	tests/plugins/tp_size.la tests/plugins/tp_nullcb.la tests/plugins/tp_initfail.la
tests_plugins_tp_abi_la_SOURCES = tests/plugins/tp_bad.c
tests_plugins_tp_abi_la_CFLAGS = $(TP_CFLAGS) -DTP_ABI -DTP_NAME='"tp_abi"'
tests_plugins_tp_abi_la_LDFLAGS = $(TP_FLAGS)
tests_plugins_tp_noentry_la_SOURCES = tests/plugins/tp_bad.c
tests_plugins_tp_noentry_la_CFLAGS = $(TP_CFLAGS) -DTP_NOENTRY -DTP_NAME='"tp_noentry"'
tests_plugins_tp_noentry_la_LDFLAGS = $(TP_FLAGS)
tests_plugins_tp_error_la_SOURCES = tests/plugins/tp_bad.c
tests_plugins_tp_error_la_CFLAGS = $(TP_CFLAGS) -DTP_ERROR -DTP_NAME='"tp_error"'
tests_plugins_tp_error_la_LDFLAGS = $(TP_FLAGS)
tests_plugins_tp_nan_la_SOURCES = tests/plugins/tp_bad.c
tests_plugins_tp_nan_la_CFLAGS = $(TP_CFLAGS) -DTP_NAN -DTP_NAME='"tp_nan"'
tests_plugins_tp_nan_la_LDFLAGS = $(TP_FLAGS)
tests_plugins_tp_short_la_SOURCES = tests/plugins/tp_bad.c
tests_plugins_tp_short_la_CFLAGS = $(TP_CFLAGS) -DTP_SHORT -DTP_NAME='"tp_short"'
tests_plugins_tp_short_la_LDFLAGS = $(TP_FLAGS)
tests_plugins_tp_size_la_SOURCES = tests/plugins/tp_bad.c
tests_plugins_tp_size_la_CFLAGS = $(TP_CFLAGS) -DTP_SIZE -DTP_NAME='"tp_size"'
tests_plugins_tp_size_la_LDFLAGS = $(TP_FLAGS)
tests_plugins_tp_nullcb_la_SOURCES = tests/plugins/tp_bad.c
tests_plugins_tp_nullcb_la_CFLAGS = $(TP_CFLAGS) -DTP_NULLCB -DTP_NAME='"tp_nullcb"'
tests_plugins_tp_nullcb_la_LDFLAGS = $(TP_FLAGS)
tests_plugins_tp_initfail_la_SOURCES = tests/plugins/tp_bad.c
tests_plugins_tp_initfail_la_CFLAGS = $(TP_CFLAGS) -DTP_INITFAIL -DTP_NAME='"tp_initfail"'
tests_plugins_tp_initfail_la_LDFLAGS = $(TP_FLAGS)

# The zoo: plugins that crash, exit, hang, hog memory or write to the
# terminal; tests/test_zoo.c checks the program contains each.
check_LTLIBRARIES += tests/plugins/tp_segv.la tests/plugins/tp_abort.la tests/plugins/tp_exit.la tests/plugins/tp_loop.la tests/plugins/tp_hog.la tests/plugins/tp_stdout.la tests/plugins/tp_initsegv.la tests/plugins/tp_finiabort.la
check_LTLIBRARIES += tests/plugins/tp_optabort.la
tests_plugins_tp_segv_la_SOURCES = tests/plugins/tp_zoo.c
tests_plugins_tp_segv_la_CFLAGS = $(TP_CFLAGS) -DTP_SEGV -DTP_NAME='"tp_segv"'
tests_plugins_tp_segv_la_LDFLAGS = $(TP_FLAGS)
tests_plugins_tp_abort_la_SOURCES = tests/plugins/tp_zoo.c
tests_plugins_tp_abort_la_CFLAGS = $(TP_CFLAGS) -DTP_ABORT -DTP_NAME='"tp_abort"'
tests_plugins_tp_abort_la_LDFLAGS = $(TP_FLAGS)
tests_plugins_tp_exit_la_SOURCES = tests/plugins/tp_zoo.c
tests_plugins_tp_exit_la_CFLAGS = $(TP_CFLAGS) -DTP_EXIT -DTP_NAME='"tp_exit"'
tests_plugins_tp_exit_la_LDFLAGS = $(TP_FLAGS)
tests_plugins_tp_loop_la_SOURCES = tests/plugins/tp_zoo.c
tests_plugins_tp_loop_la_CFLAGS = $(TP_CFLAGS) -DTP_LOOP -DTP_NAME='"tp_loop"'
tests_plugins_tp_loop_la_LDFLAGS = $(TP_FLAGS)
tests_plugins_tp_hog_la_SOURCES = tests/plugins/tp_zoo.c
tests_plugins_tp_hog_la_CFLAGS = $(TP_CFLAGS) -DTP_HOG -DTP_NAME='"tp_hog"'
tests_plugins_tp_hog_la_LDFLAGS = $(TP_FLAGS)
tests_plugins_tp_stdout_la_SOURCES = tests/plugins/tp_zoo.c
tests_plugins_tp_stdout_la_CFLAGS = $(TP_CFLAGS) -DTP_STDOUT -DTP_NAME='"tp_stdout"'
tests_plugins_tp_stdout_la_LDFLAGS = $(TP_FLAGS)
tests_plugins_tp_initsegv_la_SOURCES = tests/plugins/tp_zoo.c
tests_plugins_tp_initsegv_la_CFLAGS = $(TP_CFLAGS) -DTP_INITSEGV -DTP_NAME='"tp_initsegv"'
tests_plugins_tp_initsegv_la_LDFLAGS = $(TP_FLAGS)
tests_plugins_tp_finiabort_la_SOURCES = tests/plugins/tp_zoo.c
tests_plugins_tp_finiabort_la_CFLAGS = $(TP_CFLAGS) -DTP_FINIABORT -DTP_NAME='"tp_finiabort"'
tests_plugins_tp_finiabort_la_LDFLAGS = $(TP_FLAGS)
tests_plugins_tp_optabort_la_SOURCES = tests/plugins/tp_zoo.c
tests_plugins_tp_optabort_la_CFLAGS = $(TP_CFLAGS) -DTP_OPTABORT -DTP_NAME='"tp_optabort"'
tests_plugins_tp_optabort_la_LDFLAGS = $(TP_FLAGS)
check_PROGRAMS += tests/test_zoo
TESTS += tests/test_zoo
tests_test_zoo_SOURCES = tests/test_zoo.c tests/runcmd.c tests/runcmd.h
tests_test_zoo_CPPFLAGS = $(CORE_TEST_CPPFLAGS)
tests_test_zoo_CFLAGS = $(CORE_TEST_CFLAGS)
tests_test_zoo_LDADD = $(CORE_TEST_LIBS)

CORE_TEST_CPPFLAGS = $(AM_CPPFLAGS) $(CS_STAGE_INCLUDES) \
	-DCS_TEST_SRCDIR='"$(abs_top_srcdir)"' \
	-DCS_TEST_BUILDDIR='"$(abs_top_builddir)"'
CORE_TEST_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(GSL_CFLAGS) $(JANSSON_CFLAGS)
CORE_TEST_LIBS = libcscore.la $(CHECK_LIBS) $(JANSSON_LIBS)

check_PROGRAMS += tests/test_host tests/test_cli tests/test_report \
	tests/test_contrib
TESTS += tests/test_host tests/test_cli tests/test_report tests/test_contrib

# What a scenario may reach (test_safe) and what the outputs let through
# (test_outputs), issue 12; safe_util.c holds what both use.
check_PROGRAMS += tests/test_safe tests/test_outputs
TESTS += tests/test_safe tests/test_outputs
tests_test_safe_SOURCES = tests/test_safe.c tests/safe_util.c \
	tests/safe_util.h tests/runcmd.c tests/runcmd.h
tests_test_safe_CPPFLAGS = $(CORE_TEST_CPPFLAGS)
tests_test_safe_CFLAGS = $(CORE_TEST_CFLAGS)
tests_test_safe_LDADD = $(CORE_TEST_LIBS)
tests_test_outputs_SOURCES = tests/test_outputs.c tests/safe_util.c \
	tests/safe_util.h tests/runcmd.c tests/runcmd.h
tests_test_outputs_CPPFLAGS = $(CORE_TEST_CPPFLAGS)
tests_test_outputs_CFLAGS = $(CORE_TEST_CFLAGS)
tests_test_outputs_LDADD = $(CORE_TEST_LIBS)
tests_test_host_SOURCES = tests/test_host.c
tests_test_host_CPPFLAGS = $(CORE_TEST_CPPFLAGS)
tests_test_host_CFLAGS = $(CORE_TEST_CFLAGS)
tests_test_host_LDADD = $(CORE_TEST_LIBS)
# The host's refusal of each faulty plugin descriptor (issue 18).
check_PROGRAMS += tests/test_descriptor
TESTS += tests/test_descriptor
tests_test_descriptor_SOURCES = tests/test_descriptor.c
tests_test_descriptor_CPPFLAGS = $(CORE_TEST_CPPFLAGS)
tests_test_descriptor_CFLAGS = $(CORE_TEST_CFLAGS)
tests_test_descriptor_LDADD = $(CORE_TEST_LIBS)
tests_test_cli_SOURCES = tests/test_cli.c tests/runcmd.c tests/runcmd.h
tests_test_cli_CPPFLAGS = $(CORE_TEST_CPPFLAGS)
tests_test_cli_CFLAGS = $(CORE_TEST_CFLAGS)
tests_test_cli_LDADD = $(CORE_TEST_LIBS)
EXTRA_DIST += tests/data/core
tests_test_report_SOURCES = tests/test_report.c tests/runcmd.c tests/runcmd.h
tests_test_report_CPPFLAGS = $(CORE_TEST_CPPFLAGS)
tests_test_report_CFLAGS = $(CORE_TEST_CFLAGS)
tests_test_report_LDADD = $(CORE_TEST_LIBS)
tests_test_contrib_SOURCES = tests/test_contrib.c tests/runcmd.c tests/runcmd.h
tests_test_contrib_CPPFLAGS = $(CORE_TEST_CPPFLAGS)
tests_test_contrib_CFLAGS = $(CORE_TEST_CFLAGS)
tests_test_contrib_LDADD = $(CORE_TEST_LIBS)
# The progress line on a pseudo-terminal (SKIP, exit 77, where none opens).
check_PROGRAMS += tests/test_progress
TESTS += tests/test_progress
tests_test_progress_SOURCES = tests/test_progress.c
tests_test_progress_CPPFLAGS = $(CORE_TEST_CPPFLAGS)

# appraise --weight against the scenario edited to that weight, and its
# usage errors (core/cli/weight_arg.c).
check_PROGRAMS += tests/test_weight_arg
TESTS += tests/test_weight_arg
tests_test_weight_arg_SOURCES = tests/test_weight_arg.c tests/runcmd.c \
	tests/runcmd.h
tests_test_weight_arg_CPPFLAGS = $(CORE_TEST_CPPFLAGS)
tests_test_weight_arg_CFLAGS = $(CORE_TEST_CFLAGS)
tests_test_weight_arg_LDADD = $(CORE_TEST_LIBS)

# The board packs of the seed scenarios in headless Chromium (skipped, with
# a message, where Chromium is not installed).
TESTS += tests/html-chromium.sh
EXTRA_DIST += tests/html-chromium.sh tests/html-browser.py

# Every allocation of the core failing in turn (tests/test_oom.c): the
# allocator is wrapped at link time, so the program's own code is counted.
check_PROGRAMS += tests/test_oom
TESTS += tests/test_oom
tests_test_oom_SOURCES = tests/test_oom.c
tests_test_oom_CPPFLAGS = $(CORE_TEST_CPPFLAGS)
tests_test_oom_CFLAGS = $(CORE_TEST_CFLAGS)
tests_test_oom_LDFLAGS = -Wl,--wrap=malloc -Wl,--wrap=calloc \
	-Wl,--wrap=realloc -Wl,--wrap=free -Wl,--wrap=strdup \
	-Wl,--wrap=strndup -Wl,--wrap=cs_summarise \
	-Wl,--wrap=cs_summarise_each
tests_test_oom_LDADD = $(CORE_TEST_LIBS) $(GSL_LIBS)

# Every failure of writing an output file (tests/test_fileio.c): the
# system calls are wrapped at link time, so they fail on demand, as root
# too; /dev/full stands for a full disk.
check_PROGRAMS += tests/test_fileio
TESTS += tests/test_fileio
tests_test_fileio_SOURCES = tests/test_fileio.c tests/runcmd.c \
	tests/runcmd.h core/cli/newplugin.c core/cli/newplugin_tmpl.h
tests_test_fileio_CPPFLAGS = $(CORE_TEST_CPPFLAGS)
tests_test_fileio_CFLAGS = $(CORE_TEST_CFLAGS)
tests_test_fileio_LDFLAGS = -Wl,--wrap=open -Wl,--wrap=fopencookie \
	-Wl,--wrap=fsync -Wl,--wrap=rename -Wl,--wrap=fopen
tests_test_fileio_LDADD = $(CORE_TEST_LIBS)

# Every field of docs/json-output.md against the scenario and closed forms
# (tests/test_json.c).
check_PROGRAMS += tests/test_json
TESTS += tests/test_json
tests_test_json_SOURCES = tests/test_json.c tests/runcmd.c tests/runcmd.h
tests_test_json_CPPFLAGS = $(CORE_TEST_CPPFLAGS)
tests_test_json_CFLAGS = $(CORE_TEST_CFLAGS)
tests_test_json_LDADD = $(CORE_TEST_LIBS)

# Quantiles by selection (core/base/select.c, compiled in) against a sort.
check_PROGRAMS += tests/test_select
TESTS += tests/test_select
tests_test_select_SOURCES = tests/test_select.c core/base/select.c
tests_test_select_CFLAGS = $(AM_CFLAGS) $(GSL_CFLAGS) $(CHECK_CFLAGS) \
	-I$(top_srcdir)/core/base
tests_test_select_LDADD = $(GSL_LIBS) $(CHECK_LIBS)

# Means and SDs side by side (core/base/moments.c, compiled in) against
# gsl_stats_mean and gsl_stats_sd_m, bit for bit.
check_PROGRAMS += tests/test_moments
TESTS += tests/test_moments
tests_test_moments_SOURCES = tests/test_moments.c core/base/moments.c
tests_test_moments_CFLAGS = $(AM_CFLAGS) $(GSL_CFLAGS) $(CHECK_CFLAGS) \
	-I$(top_srcdir)/core/base
tests_test_moments_LDADD = $(GSL_LIBS) $(CHECK_LIBS) -lm

# The streaming JSON writer (core/report/jsonw.c, compiled in) against
# jansson's own dump.
check_PROGRAMS += tests/test_jsonw
TESTS += tests/test_jsonw
tests_test_jsonw_SOURCES = tests/test_jsonw.c core/report/jsonw.c
tests_test_jsonw_CFLAGS = $(AM_CFLAGS) $(GSL_CFLAGS) $(CHECK_CFLAGS) \
	$(JANSSON_CFLAGS) -I$(top_srcdir)/core/report
tests_test_jsonw_LDADD = $(GSL_LIBS) $(CHECK_LIBS) $(JANSSON_LIBS) -lm

# The command line's rarer paths: usage errors, appraise --task run again,
# merge of a cut partial, unreadable inputs (tests/cov-cli.sh).
TESTS += tests/cov-cli.sh
EXTRA_DIST += tests/cov-cli.sh

# The system's rarer answers to output files and to the worker pool
# (tests/test_cov_sys.c): raise, write, read, close, pipe, fork, kill and
# fopencookie are wrapped at link time, so each fails on demand.
check_PROGRAMS += tests/test_cov_sys
TESTS += tests/test_cov_sys
tests_test_cov_sys_SOURCES = tests/test_cov_sys.c
tests_test_cov_sys_CPPFLAGS = $(CORE_TEST_CPPFLAGS)
tests_test_cov_sys_CFLAGS = $(CORE_TEST_CFLAGS)
tests_test_cov_sys_LDFLAGS = -Wl,--wrap=raise -Wl,--wrap=write \
	-Wl,--wrap=read -Wl,--wrap=close -Wl,--wrap=pipe -Wl,--wrap=fork \
	-Wl,--wrap=kill -Wl,--wrap=fopencookie
tests_test_cov_sys_LDADD = $(CORE_TEST_LIBS)

# The model's and the base library's edge cases against hand values
# (tests/test_cov_base.c).
check_PROGRAMS += tests/test_cov_base
TESTS += tests/test_cov_base
tests_test_cov_base_SOURCES = tests/test_cov_base.c
tests_test_cov_base_CPPFLAGS = $(CORE_TEST_CPPFLAGS)
tests_test_cov_base_CFLAGS = $(CORE_TEST_CFLAGS)
tests_test_cov_base_LDADD = $(CORE_TEST_LIBS) $(GSL_LIBS) -lm

# The report writers' small pieces at their edges (tests/test_cov_report.c).
check_PROGRAMS += tests/test_cov_report
TESTS += tests/test_cov_report
tests_test_cov_report_SOURCES = tests/test_cov_report.c
tests_test_cov_report_CPPFLAGS = $(CORE_TEST_CPPFLAGS)
tests_test_cov_report_CFLAGS = $(CORE_TEST_CFLAGS)
tests_test_cov_report_LDADD = $(CORE_TEST_LIBS) -lm

# The reports of a criterion kept going past, and the HTML stamp's date
# (tests/test_cov_report_cli.c).
check_PROGRAMS += tests/test_cov_report_cli
TESTS += tests/test_cov_report_cli
tests_test_cov_report_cli_SOURCES = tests/test_cov_report_cli.c \
	tests/cli_harness.h tests/runcmd.c tests/runcmd.h
tests_test_cov_report_cli_CPPFLAGS = $(CORE_TEST_CPPFLAGS)
tests_test_cov_report_cli_CFLAGS = $(CORE_TEST_CFLAGS)
tests_test_cov_report_cli_LDADD = $(CORE_TEST_LIBS)
