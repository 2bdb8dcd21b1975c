# tests/loader.mk -- see Makefile.am
