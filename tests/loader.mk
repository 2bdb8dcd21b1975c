# tests/loader.mk -- the scenario loader's tests (see Makefile.am): a Check
# program run by `make check`, and a libFuzzer target built when the
# compiler supports -fsanitize=fuzzer (configure sets HAVE_FUZZER).

if HAVE_CHECK
check_PROGRAMS += tests/test_loader
TESTS += tests/test_loader
endif
tests_test_loader_SOURCES = tests/test_loader.c tests/test_loader_bad.c \
	tests/test_loader_refuse.c \
	tests/test_loader_hostile.c tests/test_loader_util.c \
	tests/test_loader_util.h
tests_test_loader_CPPFLAGS = $(AM_CPPFLAGS) $(CS_STAGE_INCLUDES)
tests_test_loader_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(GSL_CFLAGS) \
	-DCS_TEST_SRCDIR='"$(abs_top_srcdir)"'
tests_test_loader_LDADD = libcscore.la $(CHECK_LIBS)

EXTRA_DIST += tests/data/loader tests/fuzz/corpus tests/fuzz/README.md \
	tests/fuzz/corpus-csvprac tests/fuzz/corpus-smaa

# The fuzz target links the loader's sources itself, built with the fuzzer
# and sanitizers (never Check). Run it with
#   ./tests/fuzz/fuzz_loader -max_total_time=60 CORPUS_DIR
if HAVE_FUZZER
noinst_PROGRAMS += tests/fuzz/fuzz_loader
endif
FUZZ_FLAGS = -fsanitize=fuzzer,address,undefined -fno-omit-frame-pointer -g
tests_fuzz_fuzz_loader_SOURCES = tests/fuzz/fuzz_loader.c \
	core/loader/loader.c core/loader/loader_yaml.c core/loader/loader_index.c core/base/csv.c \
	core/loader/loader_value.c core/loader/loader_io.c core/loader/loader_files.c \
	core/loader/loader_area.c core/loader/loader_practice.c core/loader/loader_csvprac.c core/loader/loader_option.c \
	core/loader/loader_consortium.c core/loader/loader_param.c \
	core/loader/loader_search.c \
	core/base/diag.c core/model/model.c core/model/view.c
tests_fuzz_fuzz_loader_CPPFLAGS = $(AM_CPPFLAGS) $(CS_STAGE_INCLUDES)
tests_fuzz_fuzz_loader_CFLAGS = $(AM_CFLAGS) $(GSL_CFLAGS) $(YAML_CFLAGS) \
	$(NETTLE_CFLAGS) $(FUZZ_FLAGS)
tests_fuzz_fuzz_loader_LDFLAGS = $(FUZZ_FLAGS)
tests_fuzz_fuzz_loader_LDADD = $(GSL_LIBS) $(YAML_LIBS) $(NETTLE_LIBS)

# The practice CSV reader's and the smaa CSV input's targets, built the
# same way: the practice file of a fixed scenario (fuzz_csvprac), the
# measurements and weights of `consortia smaa` (fuzz_smaa_csv). Run them
# with their own corpora (tests/fuzz/corpus-csvprac, corpus-smaa).
if HAVE_FUZZER
noinst_PROGRAMS += tests/fuzz/fuzz_csvprac tests/fuzz/fuzz_smaa_csv
endif
tests_fuzz_fuzz_csvprac_SOURCES = tests/fuzz/fuzz_csvprac.c \
	core/loader/loader.c core/loader/loader_yaml.c core/loader/loader_index.c core/base/csv.c \
	core/loader/loader_value.c core/loader/loader_io.c core/loader/loader_files.c \
	core/loader/loader_area.c core/loader/loader_practice.c core/loader/loader_csvprac.c \
	core/loader/loader_option.c core/loader/loader_consortium.c core/loader/loader_param.c \
	core/loader/loader_weights.c core/loader/loader_search.c core/mcda/smaa_sample.c \
	core/base/diag.c core/model/model.c core/model/view.c
tests_fuzz_fuzz_csvprac_CPPFLAGS = $(tests_fuzz_fuzz_loader_CPPFLAGS)
tests_fuzz_fuzz_csvprac_CFLAGS = $(tests_fuzz_fuzz_loader_CFLAGS)
tests_fuzz_fuzz_csvprac_LDFLAGS = $(FUZZ_FLAGS)
tests_fuzz_fuzz_csvprac_LDADD = $(tests_fuzz_fuzz_loader_LDADD)
tests_fuzz_fuzz_smaa_csv_SOURCES = tests/fuzz/fuzz_smaa_csv.c \
	core/mcda/smaa_csv.c core/mcda/smaa.c core/mcda/smaa_sample.c core/mcda/decide.c
tests_fuzz_fuzz_smaa_csv_CPPFLAGS = $(AM_CPPFLAGS) $(CS_STAGE_INCLUDES)
tests_fuzz_fuzz_smaa_csv_CFLAGS = $(AM_CFLAGS) $(GSL_CFLAGS) $(FUZZ_FLAGS)
tests_fuzz_fuzz_smaa_csv_LDFLAGS = $(FUZZ_FLAGS)
tests_fuzz_fuzz_smaa_csv_LDADD = $(GSL_LIBS)

# Each target replayed over its corpus by a plain main() (any compiler,
# no libFuzzer): every seed input runs through it in `make check`.
check_PROGRAMS += tests/fuzz/replay tests/fuzz/replay_csvprac \
	tests/fuzz/replay_smaa_csv
TESTS += tests/fuzz/replay tests/fuzz/replay_csvprac tests/fuzz/replay_smaa_csv
tests_fuzz_replay_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_loader.c
tests_fuzz_replay_CPPFLAGS = $(AM_CPPFLAGS) $(CS_STAGE_INCLUDES) \
	-DCS_FUZZ_CORPUS='"$(abs_top_srcdir)/tests/fuzz/corpus"' \
	-DCS_FUZZ_NAME='"the loader'"'"'s"'
tests_fuzz_replay_CFLAGS = $(AM_CFLAGS) $(GSL_CFLAGS)
tests_fuzz_replay_LDADD = libcscore.la
tests_fuzz_replay_csvprac_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_csvprac.c
tests_fuzz_replay_csvprac_CPPFLAGS = $(AM_CPPFLAGS) $(CS_STAGE_INCLUDES) \
	-DCS_FUZZ_CORPUS='"$(abs_top_srcdir)/tests/fuzz/corpus-csvprac"' \
	-DCS_FUZZ_NAME='"the practice CSV reader'"'"'s"'
tests_fuzz_replay_csvprac_CFLAGS = $(AM_CFLAGS) $(GSL_CFLAGS)
tests_fuzz_replay_csvprac_LDADD = libcscore.la
tests_fuzz_replay_smaa_csv_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_smaa_csv.c
tests_fuzz_replay_smaa_csv_CPPFLAGS = $(AM_CPPFLAGS) $(CS_STAGE_INCLUDES) \
	-DCS_FUZZ_CORPUS='"$(abs_top_srcdir)/tests/fuzz/corpus-smaa"' \
	-DCS_FUZZ_NAME='"the smaa CSV input'"'"'s"'
tests_fuzz_replay_smaa_csv_CFLAGS = $(AM_CFLAGS) $(GSL_CFLAGS)
tests_fuzz_replay_smaa_csv_LDADD = libcscore.la

# The loader's UTF-8 check against RFC 3629 (tests/test_utf8.c).
check_PROGRAMS += tests/test_utf8
TESTS += tests/test_utf8
tests_test_utf8_SOURCES = tests/test_utf8.c
tests_test_utf8_CPPFLAGS = $(AM_CPPFLAGS) $(CS_STAGE_INCLUDES)
tests_test_utf8_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_test_utf8_LDADD = libcscore.la $(CHECK_LIBS)

# The loader's rarer refusals, through `consortia validate`
# (tests/cov-loader.sh).
TESTS += tests/cov-loader.sh
EXTRA_DIST += tests/cov-loader.sh
