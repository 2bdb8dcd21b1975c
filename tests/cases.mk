# tests/cases.mk -- included by Makefile.am
