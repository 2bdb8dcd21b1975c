# tools/local.mk -- see Makefile.am
# The scenario builder (docs/scenario-builder.md) and the real-case
# scenarios it makes (scenarios/*.yaml from scenarios/templates/*.yaml.in).

# The builder's modules as a convenience library, so its unit tests
# (tests/test_builder.c) link the same code as the program.
noinst_LTLIBRARIES += tools/libcsbuild.la
tools_libcsbuild_la_SOURCES = tools/build_scenario_csv.c \
	tools/build_scenario_rules.c tools/build_scenario_assign.c \
	tools/build_scenario_tmpl.c tools/build_scenario_emit.c \
	tools/build_scenario_need.c tools/build_scenario_nbr.c \
	tools/build_scenario.h
tools_libcsbuild_la_CFLAGS = $(AM_CFLAGS)

noinst_PROGRAMS += tools/build-scenario
tools_build_scenario_SOURCES = tools/build_scenario.c
tools_build_scenario_CFLAGS = $(AM_CFLAGS)
tools_build_scenario_LDADD = tools/libcsbuild.la libcscore.la

# The scenarios, installed under $(pkgdatadir)/scenarios; their templates
# travel in the tarball so they can be regenerated.
dist_scenario_DATA += scenarios/medway.yaml \
	scenarios/stoke-north-staffs.yaml scenarios/manchester.yaml \
	scenarios/england-2014-15.yaml scenarios/england-2014-15.csv \
	scenarios/staffordshire-2019.yaml
EXTRA_DIST += scenarios/templates

# `make regen-scenarios` rebuilds every scenario from its template with the
# command recorded in its header (needs ../shared/data beside the source).
regen-scenarios: tools/build-scenario$(EXEEXT)
	@cd $(top_srcdir) && for f in scenarios/*.yaml; do \
	  cmd=`sed -n 's/^#   build-scenario //p' "$$f" | head -n 1`; \
	  test -n "$$cmd" || continue; \
	  echo "  GEN      $$f"; \
	  eval "$(abs_builddir)/tools/build-scenario $$cmd" || exit 1; \
	done
.PHONY: regen-scenarios

# `make cases-docs` regenerates docs/cases/ from consortia's own output
# (tools/make-cases; needs jq).
cases-docs: all
	cd $(top_srcdir) && CONSORTIA=$(abs_builddir)/consortia tools/make-cases
.PHONY: cases-docs
EXTRA_DIST += tools/make-cases

# The folder-level include graph: prints the edges and fails on an include
# that runs up the stages, past a public header, or round a circle
# (docs/architecture.md). Run as a test so CI runs it.
TESTS += tools/depgraph
EXTRA_DIST += tools/depgraph

# `make mutate` runs the mutants of tools/mutants.txt against the suites
# that cover each file (tools/mutate; docs/testing.md), in a copy of the
# tree and a build of its own under mutate/; `make mutate SAMPLE=N` runs N
# of them, picked evenly through the list, the same N every time.
mutate:
	SAMPLE='$(SAMPLE)' $(SHELL) $(top_srcdir)/tools/mutate \
	    $(abs_top_srcdir) $(abs_top_builddir)/mutate
.PHONY: mutate
EXTRA_DIST += tools/mutate tools/mutate.awk tools/mutants.txt

# Scale-out: the GNU parallel recipe, the Slurm array script and the
# sweep benchmark (docs/scale-out.md).
EXTRA_DIST += tools/sweep-parallel tools/sweep-slurm.sbatch tools/bench-sweep
# `make coverage` builds the tree again with --enable-coverage under
# coverage/, runs the whole suite there and gcovr over core/ and plugins/;
# it fails below 95% of lines or 85% of branches (tools/coverage;
# docs/testing.md). Needs gcovr: tools/quickstart deps gcovr.
coverage:
	$(SHELL) $(top_srcdir)/tools/coverage $(abs_top_srcdir) \
	    $(abs_top_builddir)/coverage
.PHONY: coverage
EXTRA_DIST += tools/coverage
