# core/loader.mk -- the scenario loader (see Makefile.am). One module per
# part of the job: libyaml events -> node tree, typed values and messages,
# files and hashes, a CSV reader, then one walker per part of the schema.
libcscore_la_SOURCES += \
	core/loader.c \
	core/loader_priv.h \
	core/loader_yaml.c core/loader_yaml.h \
	core/loader_index.c core/loader_index.h \
	core/loader_csv.c core/loader_csv.h \
	core/loader_value.c \
	core/loader_io.c core/loader_text.h \
	core/loader_area.c \
	core/loader_practice.c \
	core/loader_csvprac.c \
	core/loader_option.c \
	core/loader_consortium.c \
	core/loader_param.c
