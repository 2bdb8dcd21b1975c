# core/cli/cli.mk -- included by Makefile.am: the command line explaining
# itself (help, "did you mean", man pages, bash completion) and its tests.
libcscore_la_SOURCES += core/cli/help.c core/cli/help.h \
	core/cli/help_text.c core/cli/help_text.h

# The CSV and Markdown for Excel and board papers (issue 16 item 8).
check_PROGRAMS += tests/test_papers
TESTS += tests/test_papers
tests_test_papers_SOURCES = tests/test_papers.c tests/runcmd.c tests/runcmd.h
tests_test_papers_CPPFLAGS = $(CORE_TEST_CPPFLAGS)
tests_test_papers_CFLAGS = $(CORE_TEST_CFLAGS)
tests_test_papers_LDADD = $(CORE_TEST_LIBS)

# help, --help and "did you mean" (issue 16 item 9).
TESTS += tests/cli-help.sh
EXTRA_DIST += tests/cli-help.sh

# The progress line's estimator runs in test_progress on a made-up clock.
tests_test_progress_LDADD = libcscore.la -lm

# The manual pages and the bash completion, installed by `make install`
# (bashcompdir: configure.ac).
dist_man_MANS = docs/man/consortia.1 docs/man/consortia-scenario.5 \
	docs/man/consortia-plugin.7
dist_bashcomp_DATA = completion/consortia

# `make install DESTDIR=...` puts them in place, each page renders without
# a warning, and the completion completes (tests/cli-install.sh).
TESTS += tests/cli-install.sh
EXTRA_DIST += tests/cli-install.sh

# The install folders, for tests/cli-install.sh (eval'd by the shell).
cs-print-installdirs:
	@echo "mandir='$(mandir)' bashcompdir='$(bashcompdir)' bindir='$(bindir)'"
.PHONY: cs-print-installdirs
