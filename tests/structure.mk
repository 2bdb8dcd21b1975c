# tests/structure.mk -- included by Makefile.am
