# core/loader.mk -- see Makefile.am
libcscore_la_SOURCES += core/loader.c
