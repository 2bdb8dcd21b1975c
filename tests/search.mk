# tests/search.mk -- the search for groupings (docs/search.md).
check_LTLIBRARIES += tests/plugins/tp_search.la
tests_plugins_tp_search_la_SOURCES = tests/plugins/tp_search.c
tests_plugins_tp_search_la_CFLAGS = $(TP_CFLAGS)
tests_plugins_tp_search_la_LDFLAGS = $(TP_FLAGS) -export-symbols-regex '^consortia_plugin_entry$$'
tests_plugins_tp_search_la_LIBADD = $(GSL_LIBS)

check_PROGRAMS += tests/test_search
TESTS += tests/test_search
tests_test_search_SOURCES = tests/test_search.c
tests_test_search_CPPFLAGS = $(CORE_TEST_CPPFLAGS)
tests_test_search_CFLAGS = $(CORE_TEST_CFLAGS)
tests_test_search_LDADD = $(CORE_TEST_LIBS)

check_PROGRAMS += tests/test_search_game
TESTS += tests/test_search_game
tests_test_search_game_SOURCES = tests/test_search_game.c
tests_test_search_game_CPPFLAGS = $(CORE_TEST_CPPFLAGS)
tests_test_search_game_CFLAGS = $(CORE_TEST_CFLAGS)
tests_test_search_game_LDADD = $(CORE_TEST_LIBS)

# `consortia search` end to end: usage, refusals, the text, the option
# YAML and HTML (test_search_cli); every JSON field (test_search_json);
# against the closed form in test_search_cli.c's header.
check_PROGRAMS += tests/test_search_cli tests/test_search_json
TESTS += tests/test_search_cli tests/test_search_json
tests_test_search_cli_SOURCES = tests/test_search_cli.c tests/search_cli.h \
	tests/cli_harness.h tests/runcmd.c tests/runcmd.h
tests_test_search_cli_CPPFLAGS = $(CORE_TEST_CPPFLAGS)
tests_test_search_cli_CFLAGS = $(CORE_TEST_CFLAGS)
tests_test_search_cli_LDADD = $(CORE_TEST_LIBS)
tests_test_search_json_SOURCES = tests/test_search_json.c tests/search_cli.h \
	tests/cli_harness.h tests/runcmd.c tests/runcmd.h
tests_test_search_json_CPPFLAGS = $(CORE_TEST_CPPFLAGS)
tests_test_search_json_CFLAGS = $(CORE_TEST_CFLAGS)
tests_test_search_json_LDADD = $(CORE_TEST_LIBS)

# Every allocation of `consortia search` failing in turn (oom_harness.h).
check_PROGRAMS += tests/test_cov_oom_search
TESTS += tests/test_cov_oom_search
tests_test_cov_oom_search_SOURCES = tests/test_cov_oom_search.c \
	tests/oom_harness.h
tests_test_cov_oom_search_CPPFLAGS = $(CORE_TEST_CPPFLAGS)
tests_test_cov_oom_search_CFLAGS = $(CORE_TEST_CFLAGS)
tests_test_cov_oom_search_LDFLAGS = $(OOM_WRAP_FLAGS)
tests_test_cov_oom_search_LDADD = $(CORE_TEST_LIBS) $(GSL_LIBS)
OOM_WRAP_FLAGS = -Wl,--wrap=malloc -Wl,--wrap=calloc \
	-Wl,--wrap=realloc -Wl,--wrap=free -Wl,--wrap=strdup \
	-Wl,--wrap=strndup -Wl,--wrap=cs_summarise \
	-Wl,--wrap=cs_summarise_each
