# tests/core.mk -- see Makefile.am
