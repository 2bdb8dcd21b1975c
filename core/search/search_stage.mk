# core/search/search_stage.mk -- the search for groupings (docs/search.md): the
# coalition-structure solver (csg*) and the stage around it.
libcscore_la_SOURCES += \
	core/search/search.h \
	core/search/objective.h \
	core/search/units.c \
	core/search/objective.c \
	core/search/screen.c \
	core/search/search.c \
	core/search/pareto.c \
	core/search/stability.c \
	core/search/shapley.c \
	core/report/report_search_html.c \
	core/cli/search_cmd.c core/cli/search_out.c core/cli/search_out.h
