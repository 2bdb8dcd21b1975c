# core/loader/loader.mk -- the scenario loader (see Makefile.am). One module per
# part of the job: libyaml events -> node tree, typed values and messages,
# files and hashes, a CSV reader, then one walker per part of the schema.
libcscore_la_SOURCES += \
	core/loader/loader.c \
	core/loader/loader_priv.h \
	core/loader/loader_yaml.c core/loader/loader_yaml.h \
	core/loader/loader_index.c core/loader/loader_index.h \
	core/base/csv.c core/base/csv.h \
	core/loader/loader_value.c \
	core/loader/loader_io.c core/loader/loader_text.h \
	core/loader/loader_files.c \
	core/loader/loader_area.c \
	core/loader/loader_practice.c \
	core/loader/loader_csvprac.c \
	core/loader/loader_option.c \
	core/loader/loader_consortium.c \
	core/loader/loader_param.c \
	core/loader/loader_search.c
